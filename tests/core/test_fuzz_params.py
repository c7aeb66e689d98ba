"""Property-based tests: arbitrary values for every query parameter of every public URL, with and
without htmx headers. Never a server error, and nothing typed into a URL comes back as markup.

Values are arbitrary unicode (no lone surrogates: they cannot be UTF-8 encoded into a URL), long
strings, control characters and NUL, stray %, numbers in every shape, dates out of range, and
markup. Some values carry a marker — ``<fz-tag>`` or ``"fz-attr=`` — so any unescaped echo of
the input, wherever it lands in the page, is caught. (The hypothesis profile is in conftest.py.)
"""

import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gyeongju.facilities.models import Facility
from gyeongju.programs.models import Program

TAG_MARK = "<fz-tag>"
ATTRIBUTE_MARK = '"fz-attr='
# Markup that, found in a response, means an input value was echoed unescaped.
LIVE = (TAG_MARK, "<script>alert", "<img src=x", "<svg/onload", "<fz")

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "%",
    "%%",
    "%00",
    "%zz",
    "%E0%A4%A",
    "\x00",
    "a\x00b",
    "\x00" + TAG_MARK,
    "\r\n",
    "\t",
    "\x1b[31m",
    "\u202e탄소",
    "\ufeff",
    "\u200b",
    "9" * 5000,
    "1" * 30,
    "-1",
    "0",
    "-0",
    "00",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "１２",
    "٣",
    "²",  # str.isdigit() says yes, int() says no
    "-¹²",
    "Ⅻ",
    "9" * 19,
    "9" * 20,
    "2021",
    "2021-02-30",
    "0001-01-01",
    "9999-12-31",
    "2020-12-31T25:00",
    " 2020-12-31 ",
    "",
    " ",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "' OR 1=1 --",
    "탄소",
    "10억",
    "9999999999999999999999억",
    "-5억",
    "1조 2,345억원",
    "💥",
    "a" * 300,
]

unicode_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
long_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=300, max_size=3000)
marked = st.builds(
    lambda before, mark, after: before + mark + after,
    unicode_text,
    st.sampled_from([TAG_MARK, ATTRIBUTE_MARK]),
    unicode_text,
)
value = st.one_of(unicode_text, st.sampled_from(NASTY), marked, long_text)
# A parameter given once or repeated (?status=a&status=b).
values = st.one_of(value, st.lists(value, min_size=1, max_size=3))

HTMX_HEADERS = st.one_of(
    st.just({}),
    st.just({"HTTP_HX_REQUEST": "true"}),
    st.just({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}),
    st.just({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "explorer"}),
    st.just({"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}),
    st.builds(
        lambda target, url: {
            "HTTP_HX_REQUEST": "true",
            "HTTP_HX_TARGET": target,
            "HTTP_HX_CURRENT_URL": url,
        },
        unicode_text,
        unicode_text,
    ),
)


def params_for(names):
    """Any subset of the page's own parameters, plus now and then an unknown one."""
    known = st.dictionaries(st.sampled_from(names), values, max_size=len(names))
    unknown = st.dictionaries(unicode_text.filter(bool), value, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


EXPLORER = [
    "q",
    "category",
    "status",
    "year",
    "funding",
    "site",
    "facility",
    "min_cost",
    "max_cost",
    "sort",
    "page",
]
OUTCOMES = ["q", "indicator", "maturity", "kind", "year", "page"]


@pytest.fixture
def slugs(seed):
    program = Program.public_objects.order_by("pk").values_list("slug", flat=True).first()
    facility = Facility.public_objects.order_by("pk").values_list("slug", flat=True).first()
    return {"program": program, "facility": facility}


def check(response, *, allow=()):
    """Never a server error; HTML and XML never carry input as markup; data stays parseable."""
    path = response.request["PATH_INFO"]
    assert response.status_code < 500 or response.status_code in allow, (
        path,
        response.status_code,
    )
    content_type = response.get("Content-Type", "")
    raw = response.body if response.streaming else response.content
    if not content_type.startswith(("text/", "application/json", "application/atom")):
        return response  # spreadsheets and images: nothing is echoed as text there
    body = raw.decode("utf-8-sig")
    if content_type.startswith("text/html"):
        for marker in LIVE:
            assert marker not in body, (path, marker)
        assert ATTRIBUTE_MARK not in body, path  # a quote from the input, unescaped
        assert "Traceback" not in body
    elif "xml" in content_type:
        for marker in LIVE:
            assert marker not in body, (path, marker)
    elif content_type.startswith("application/json"):
        json.loads(body)
    return response


@pytest.mark.django_db
@given(params=params_for(EXPLORER), headers=HTMX_HEADERS)
def test_the_explorer_takes_any_query(web, seed, params, headers):
    response = check(web.get("/programs/", params, **headers))
    assert response.status_code == 200  # bad values are ignored with a note, never refused
    if headers.get("HTTP_HX_REQUEST") and not headers.get("HTTP_HX_HISTORY_RESTORE_REQUEST"):
        assert b"<html" not in response.content


@pytest.mark.django_db
@hypothesis_settings(max_examples=25)
@given(
    params=params_for([*EXPLORER, "as_of"]),
    headers=HTMX_HEADERS,
    page=st.sampled_from(["", "history/", "embed/"]),
)
def test_program_pages_take_any_query(web, slugs, params, headers, page):
    check(web.get(f"/programs/{slugs['program']}/{page}", params, **headers))


@pytest.mark.django_db
@hypothesis_settings(max_examples=25)
@given(as_of=value, headers=HTMX_HEADERS)
def test_any_snapshot_date_is_a_page_or_a_korean_message(web, slugs, as_of, headers):
    response = check(web.get(f"/programs/{slugs['program']}/", {"as_of": as_of}, **headers))
    assert response.status_code in (200, 400, 404)


@pytest.mark.django_db
@hypothesis_settings(max_examples=25)
@given(params=params_for(EXPLORER), fmt=st.sampled_from(["csv", "json", "xlsx"]))
def test_downloads_take_any_explorer_query(web, seed, params, fmt):
    response = check(web.get(f"/programs/download.{fmt}", params))
    assert response.status_code == 200


@pytest.mark.django_db
@hypothesis_settings(max_examples=15)
@given(fmt=value, params=params_for(["page"]))
def test_download_formats_are_checked(web, seed, fmt, params):
    path = f"/programs/download.{fmt}".replace("/", "")  # the format is one path segment
    check(web.get("/programs/" + path.removeprefix("programs"), params))


@pytest.mark.django_db
@given(params=params_for(OUTCOMES), headers=HTMX_HEADERS)
def test_the_outcome_list_takes_any_query(web, seed, params, headers):
    assert check(web.get("/outcomes/", params, **headers)).status_code == 200


@pytest.mark.django_db
@given(
    url=st.sampled_from(
        [
            "/",
            "/facilities/",
            "/facilities/{facility}/",
            "/funding/",
            "/funding/national/",
            "/funding/private/",
            "/data/",
            "/privacy/",
            "/robots.txt",
            "/sitemap.xml",
        ]
    ),
    params=params_for(["page"]),
    headers=HTMX_HEADERS,
)
def test_the_other_pages_take_any_query(web, slugs, url, params, headers):
    assert check(web.get(url.format(**slugs), params, **headers)).status_code == 200


@pytest.mark.django_db
@hypothesis_settings(max_examples=30)
@given(
    url=st.sampled_from(["/feeds/programs/", "/feeds/updates/", "/feeds/programs/{program}/"]),
    params=params_for(EXPLORER),
)
def test_feeds_take_any_query(web, slugs, url, params):
    response = check(web.get(url.format(**slugs), params))
    assert response.status_code == 200


@pytest.mark.django_db
@given(
    url=st.one_of(
        value,
        st.builds(lambda tail: "https://testserver/programs/" + tail, value),
        st.just("https://testserver/programs/{program}/"),
    ),
    maxwidth=st.one_of(st.none(), value),
    fmt=st.one_of(st.none(), st.just("json"), value),
)
def test_oembed_takes_any_query(web, slugs, url, maxwidth, fmt):
    params = {"url": url.replace("{program}", slugs["program"])}
    if maxwidth is not None:
        params["maxwidth"] = maxwidth
    if fmt is not None:
        params["format"] = fmt
    # 501 is what the oEmbed specification prescribes for its xml format, which we do not offer;
    # any other format value is malformed input and gets a 400.
    response = check(web.get("/oembed/", params), allow=(501,) if fmt == "xml" else ())
    if response.status_code == 200:
        data = json.loads(response.content)
        for marker in LIVE:
            assert marker not in data["html"]


@pytest.mark.django_db
@hypothesis_settings(max_examples=15)
@given(
    dataset=st.sampled_from(["programs", "funding", "facilities", "outcomes"]),
    params=params_for(["page", "q"]),
)
def test_open_data_downloads_ignore_any_query(web, seed, dataset, params):
    assert check(web.get(f"/data/{dataset}.csv", params)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/programs/", EXPLORER),
        ("/programs/{program}/", [*EXPLORER, "as_of"]),
        ("/programs/download.csv", EXPLORER),
        ("/outcomes/", OUTCOMES),
        ("/facilities/", ["page"]),
        ("/funding/national/", ["page"]),
        ("/feeds/programs/", EXPLORER),
        ("/oembed/", ["url", "maxwidth"]),
    ],
)
def test_every_nasty_value_in_every_parameter(web, slugs, url, names):
    """The hand-picked hard cases, each sent in every parameter at once, with and without htmx."""
    for index, nasty in enumerate(NASTY):
        headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"} if index % 2 else {}
        check(web.get(url.format(**slugs), dict.fromkeys(names, nasty), **headers))
