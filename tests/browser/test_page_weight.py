"""First view of the home page, a program page and a place page (its map is a Kakao link, no
tiles), as served in production (gunicorn, whitenoise, DEBUG off): small, compressed, and nothing
fetched from another host."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

TOTAL_BUDGET = 250_000  # bytes on the wire, fonts included
SCRIPT_BUDGET = 30_000  # compressed JavaScript


def first_view(browser, url: str) -> list[dict]:
    """Every request of a cold first visit, with the bytes that crossed the network for it."""
    context = browser.new_context(viewport=PHONE, locale="ko-KR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests: dict[str, dict] = {}

    def sent(event):
        requests[event["requestId"]] = {
            "url": event["request"]["url"],
            "type": event.get("type", ""),
            "bytes": 0,
            "done": False,
        }

    def received(event):
        entry = requests.get(event["requestId"])
        if entry is not None:
            entry["type"] = event["type"]
            entry["encoding"] = {k.lower(): v for k, v in event["response"]["headers"].items()}.get(
                "content-encoding", ""
            )

    def finished(event):
        entry = requests.get(event["requestId"])
        if entry is not None:
            entry["bytes"] = event["encodedDataLength"]  # headers + body as transferred
            entry["done"] = True

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    try:
        page.goto(url, wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return list(requests.values())


@pytest.mark.parametrize(
    "path", ["/", "/programs/proton-ion-beam-rnd-center/", "/places/oedong-eup/"]
)
def test_first_view_is_light_compressed_and_self_hosted(browser, production_site, path):
    requests = first_view(browser, production_site + path)
    origin = urlsplit(production_site).netloc
    assert requests, "no request was recorded"

    elsewhere = [r["url"] for r in requests if urlsplit(r["url"]).netloc not in {origin, ""}]
    assert elsewhere == [], "requests to another host"
    assert all(r["done"] for r in requests), [r["url"] for r in requests if not r["done"]]

    total = sum(r["bytes"] for r in requests)
    scripts = [r for r in requests if r["type"] == "Script"]
    fonts = [r for r in requests if r["type"] == "Font"]
    script_bytes = sum(r["bytes"] for r in scripts)
    print(
        f"\n{path} first view: {len(requests)} requests, {total:,} B in all; "
        f"JavaScript {script_bytes:,} B; fonts {sum(r['bytes'] for r in fonts):,} B"
    )
    assert total <= TOTAL_BUDGET
    assert script_bytes <= SCRIPT_BUDGET
    assert len(fonts) <= 2, "more than the two slice-0 fonts: `make fonts` is out of date"
    # Text goes out compressed: the HTML by Django, CSS and JavaScript precompressed by whitenoise.
    uncompressed = [
        r["url"]
        for r in requests
        if r["type"] in {"Document", "Stylesheet", "Script"}
        and r.get("encoding") not in {"br", "gzip"}
    ]
    assert uncompressed == []
