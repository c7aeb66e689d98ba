"""Shared checks for public pages: Korean full page, title, no inline code, results order."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gyeongju.core.models import StoredPage
from tests.html import Node, parse

SITE_NAME = "경주시 투자사업 포털"
HX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/programs/"}


def log_in(client, user) -> None:
    """``user`` logged in on ``client`` with both factors, as the sign-in leaves a session: the
    password (force_login) and a code from their authenticator app (gyeongju/staff/signin.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="인증 앱", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class Visitor(Client):
    """The one test client: a browser talking HTTPS, as the production site is reached (behind a
    proxy that sets X-Forwarded-Proto; the settings redirect plain HTTP), anonymous or logged in
    as ``user``. It reads downloads to the end, as a browser does (an unread stream would hold its
    database cursor open). ``conftest.web`` is one for an anonymous visitor."""

    def __init__(self, user=None, **defaults):
        super().__init__(**{"HTTP_X_FORWARDED_PROTO": "https", **defaults})
        if user is not None:
            log_in(self, user)

    def request(self, **request):
        response = super().request(**request)
        if response.streaming:
            response.body = b"".join(response.streaming_content)
            response.streaming_content = [response.body]  # still readable as a stream
        return response


def inline_code(doc: Node) -> list[str]:
    """What a strict CSP (no inline script or style) would block, as readable strings."""
    problems = []
    for node in doc.iter():
        is_data = node.attrs.get("type") == "application/ld+json"
        if node.tag == "script" and not node.attrs.get("src") and not is_data:
            problems.append(f"inline <script> {node.text[:60]!r}")
        if node.tag == "style":
            problems.append("inline <style>")
        for name, _value in node.attr_list:
            if name.startswith("on"):
                problems.append(f"<{node.tag} {name}=…>")
            if name == "style":
                problems.append(f"<{node.tag} style=…>")
    return problems


def full_page(response, title: str | None) -> Node:
    """A 200 full Korean page titled '<title> | 경주시 투자사업 포털' with no inline code (title
    None: any title in that form)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    doc = parse(response)
    html = doc.find("html")
    assert html is not None and html.attrs.get("lang") == "ko"
    if title is None:
        assert doc.find("title").text.endswith(f" | {SITE_NAME}")
    else:
        assert doc.find("title").text == f"{title} | {SITE_NAME}"
    assert doc.find("main", id="main") is not None
    assert inline_code(doc) == []
    return doc


def partial(response) -> Node:
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text and "<head" not in text and "<title" not in text
    return parse(text)


def result_links(doc: Node) -> list[str]:
    """Program page links in the explorer results, in order."""
    results = doc.by_id("results")
    assert results is not None, "no #results section"
    return [h3.find("a").attrs["href"] for h3 in results.find_all("h3")]


def notes(doc: Node) -> list[str]:
    """The Korean notes a page shows about ignored input."""
    return [li.clean_text for box in doc.find_all(class_="is-warning") for li in box.find_all("li")]


def forget_pages() -> None:
    """Empty the page cache and the pages kept in the database: the next GET renders."""
    cache.clear()
    StoredPage.objects.all().delete()


def count_queries(client, url, **headers) -> int:
    """Queries one uncached GET of ``url`` runs (stored pages are forgotten first)."""
    forget_pages()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def authenticator_code(user) -> str:
    """What ``user``'s authenticator app shows now: the 6 digits of the current 30-second step, or
    of the next one when this step's code was already used (a code is accepted once; the server
    allows one step of clock drift)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.time = (device.last_t + 1) * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username, password, next_url="/admin/"):
    """The whole admin sign-in as a person does it: the password, then the authenticator's code
    (registering the app first if the account has none). Returns the last response."""
    from django.contrib.auth import get_user_model

    response = client.post(
        f"/admin/login/?next={next_url}", {"username": username, "password": password}
    )
    if response.status_code != 302 or "/admin/login/" not in response["Location"]:
        return response  # refused, or in with the password alone
    client.get(response["Location"])  # the code page (or the app's registration)
    user = get_user_model().objects.get(username=username)
    response = client.post(response["Location"], {"code": authenticator_code(user)})
    if response.status_code == 302 and "recovery-codes" in response["Location"]:
        client.get(response["Location"])  # the new recovery codes, read once
    return response
