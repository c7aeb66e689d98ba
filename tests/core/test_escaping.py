"""Everything staff type reaches the public as text, never as markup or a spreadsheet formula.

There is no rich text on this site: the program body is plain text shown with line breaks, so no
HTML sanitiser (nh3) is needed — everything is escaped. These tests put script and attribute-
breaking payloads into every staff-typed field and read every public surface.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from gyeongju.facilities.models import Facility
from gyeongju.programs.models import Program
from tests.factories import (
    EOK,
    BudgetFactory,
    CategoryFactory,
    FacilityFactory,
    FundingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    ProgramFactory,
    SiteFactory,
    SourceFactory,
)

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
CLOSER = "</script><script>alert(2)</script>"
FORMULA = "=cmd|' /C calc'!A0"
NAME = f"탄소 {SCRIPT}{ATTRIBUTE}"
# What would show that a payload became markup.
LIVE_MARKUP = ("<script>alert", "<img src=x", "</script><script>", "<img src=x onerror")
ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def body_of(response) -> bytes:
    return response.body if response.streaming else response.content


@pytest.fixture
def hostile(db):
    """A published program whose every staff-typed text carries a payload, with a change history
    whose reason and old → new values carry them too; plus one whose texts start like formulas."""
    source = SourceFactory(title=f"보도자료 {SCRIPT}", publisher=ATTRIBUTE, note=CLOSER)
    category = CategoryFactory(slug="carbon", name=f"탄소{SCRIPT}")
    site = SiteFactory(name=f"구어2산단{ATTRIBUTE}", address=CLOSER)
    program = ProgramFactory(
        name="탄소 재활용 기반 구축",
        slug="carbon-recycling",
        summary=f"{CLOSER} 요약 {ATTRIBUTE}",
        body=f"첫 문단 {SCRIPT}\n\n둘째 문단 {ATTRIBUTE}\n{CLOSER}",
        category=category,
        site=site,
        total_cost=290 * EOK,
        cost_note=ATTRIBUTE,
        cost_source=source,
        cost_quote=SCRIPT,
        lead_department=ATTRIBUTE,
    )
    program.name = NAME
    program.total_cost = 300 * EOK
    program._change_reason = f"사유 {SCRIPT}{ATTRIBUTE}"
    program.save()
    FundingFactory(program=program, amount=90 * EOK, source=source, quote=SCRIPT, note=ATTRIBUTE)
    BudgetFactory(program=program, source=source, quote=ATTRIBUTE, note=SCRIPT)
    OutcomeFactory(program=program, source=source, label=SCRIPT, quote=ATTRIBUTE, note=CLOSER)
    operator = OrganisationFactory(name=f"운영기관{ATTRIBUTE}")
    facility = FacilityFactory(
        name=f"탄소센터{SCRIPT}",
        slug="carbon-center",
        site=site,
        operator=operator,
        description=ATTRIBUTE,
        source=source,
        quote=SCRIPT,
    )
    program.facilities.add(facility)
    program.sources.add(source)
    PartnerFactory(
        program=program, organisation=OrganisationFactory(name=f"기관{SCRIPT}"), role=ATTRIBUTE
    )
    formula = ProgramFactory(
        name=FORMULA,
        slug="formula",
        summary="+1+cmd|' /C calc'!A0",
        category=CategoryFactory(slug="formula", name="-2+3+cmd|' /C calc'!A0"),
        lead_department="@SUM(1+1)*cmd|' /C calc'!A0",
        cost_note="\t=1+1",
        total_cost=10 * EOK,
    )
    FundingFactory(program=formula, amount=EOK, note='=HYPERLINK("http://evil")')
    OutcomeFactory(program=formula, label="=1+1", quote="+cmd")
    return Program.public_objects.get(pk=program.pk)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []
        self.jsonld = []
        self._jsonld = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("type") == "application/ld+json":
                self._jsonld = []
            elif not attrs.get("src"):
                self.problems.append("inline <script>")
        if tag == "img" and attrs.get("src") == "x":
            self.problems.append("injected <img>")
        self.problems += [f"{n} on <{tag}>" for n in attrs if n.startswith("on")]

    def handle_data(self, data):
        if self._jsonld is not None:
            self._jsonld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._jsonld is not None:
            self.jsonld.append("".join(self._jsonld))
            self._jsonld = None


def assert_inert_html(response, *, shows=()):
    assert response.status_code == 200, response.request["PATH_INFO"]
    page = body_of(response).decode()
    url = response.request["PATH_INFO"]
    for marker in LIVE_MARKUP:
        assert marker not in page, (url, marker)
    tags = _Tags()
    tags.feed(page)
    assert tags.problems == [], url
    for block in tags.jsonld:
        assert "</" not in block and "<!--" not in block, url
        json.loads(block)  # the data block was not cut short by a payload
    for text in shows:  # the payload is on the page, as text
        assert text in page, (url, text)
    return tags


ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Public pages render through Jinja2, whose escaping (markupsafe) writes " as &#34;.
ESCAPED_ATTRIBUTE = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_the_program_page_shows_every_payload_as_text(web, hostile):
    response = web.get(f"/programs/{hostile.slug}/")
    tags = assert_inert_html(response, shows=[ESCAPED_SCRIPT, ESCAPED_ATTRIBUTE])
    page = response.content.decode()
    assert f'<h1 class="mt-2">탄소 {ESCAPED_SCRIPT}{ESCAPED_ATTRIBUTE}</h1>' in page
    assert f"<p>첫 문단 {ESCAPED_SCRIPT}</p>" in page  # body: plain text, paragraphs kept
    # JSON-LD: the payloads travel as data, intact, and cannot close the element.
    data = [json.loads(block) for block in tags.jsonld]
    names = json.dumps(data, ensure_ascii=False)
    assert json.dumps(NAME, ensure_ascii=False)[1:-1] in names
    assert "\\u003c/script\\u003e" in "".join(tags.jsonld)  # the summary's </script>, escaped


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/programs/",
        "/programs/?q=탄소",
        "/programs/?category=carbon&sort=name",
        "/programs/carbon-recycling/history/",
        "/programs/carbon-recycling/embed/",
        "/programs/carbon-recycling/?as_of=2099-01-01",
        "/facilities/",
        "/facilities/carbon-center/",
        "/funding/national/",
        "/outcomes/",
    ],
)
def test_every_public_page_keeps_the_payloads_inert(web, hostile, url):
    assert_inert_html(web.get(url), shows=[ESCAPED_SCRIPT])


@pytest.mark.parametrize("url", ["/funding/", "/data/", "/privacy/"])
def test_pages_without_staff_text_stay_clean(web, hostile, url):
    assert_inert_html(web.get(url))


def test_htmx_partials_keep_the_payloads_inert(web, hostile):
    for target in ("results", "explorer"):
        response = web.get("/programs/?q=탄소", HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
        assert b"<html" not in response.content
        assert_inert_html(response, shows=[ESCAPED_SCRIPT])


def test_the_history_shows_reason_and_old_new_values_as_text(web, hostile):
    response = web.get(f"/programs/{hostile.slug}/history/")
    assert_inert_html(response, shows=[f"사유 {ESCAPED_SCRIPT}{ESCAPED_ATTRIBUTE}"])
    assert "탄소 재활용 기반 구축" in response.content.decode()  # the old name, beside the new


def feed_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(body_of(response))  # well-formed XML whatever the names
    return root, root.findall(f"{ATOM}entry")


@pytest.mark.parametrize(
    "url", ["/feeds/updates/", "/feeds/programs/?q=탄소", "/feeds/programs/carbon-recycling/"]
)
def test_feeds_carry_the_payloads_as_text(web, hostile, url):
    _root, entries = feed_entries(web.get(url))
    assert entries
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert any(NAME in title for title in titles)  # plain-text titles: the name exactly
    for entry in entries:
        title = entry.find(f"{ATOM}title")
        assert title.get("type") in (None, "text")
        summary = entry.find(f"{ATOM}summary")
        if summary is not None and summary.get("type") == "html":
            # An HTML summary is markup to a feed reader: the payload must be escaped in it.
            for marker in LIVE_MARKUP:
                assert marker not in (summary.text or ""), marker


def test_the_feed_summary_is_plain_text_with_the_reason_as_typed(web, hostile):
    """Django marks Atom summaries as HTML, which readers render; ours are sent as plain text."""
    _root, entries = feed_entries(web.get(f"/feeds/programs/{hostile.slug}/"))
    summaries = [entry.find(f"{ATOM}summary") for entry in entries]
    assert {summary.get("type") for summary in summaries} == {"text"}
    assert any(f"변경 사유: 사유 {SCRIPT}{ATTRIBUTE}" in (s.text or "") for s in summaries)


def test_oembed_html_is_escaped_and_the_data_intact(web, hostile):
    response = web.get(f"/oembed/?url=https://testserver/programs/{hostile.slug}/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["title"] == NAME  # JSON text, exact
    for marker in LIVE_MARKUP:
        assert marker not in data["html"], marker
    assert ESCAPED_SCRIPT in data["html"]
    assert re.fullmatch(
        r'<iframe src="[^"<>]+/programs/carbon-recycling/embed/" [^<>]*></iframe>', data["html"]
    )


def test_the_preview_image_is_drawn_whatever_the_name(web, hostile):
    response = web.get(f"/programs/{hostile.slug}/og.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


# Spreadsheets: no cell starts like a formula ---------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def assert_no_formula_cell(value, where):
    if isinstance(value, str) and value:
        assert not value.startswith(FORMULA_STARTS), (where, value)


@pytest.mark.parametrize(
    "url",
    [
        "/programs/download.csv",
        "/programs/download.csv?q=cmd",
        "/data/programs.csv",
        "/data/funding.csv",
        "/data/outcomes.csv",
        "/data/facilities.csv",
    ],
)
def test_csv_downloads_neutralise_formulas(web, hostile, url):
    response = web.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert_no_formula_cell(cell, url)
    cells = [cell for row in rows for cell in row]
    if "programs" in url:
        assert "'" + FORMULA in cells  # shown, with the apostrophe spreadsheets understand
        assert NAME in cells or "q=cmd" in url  # other text exactly as typed


@pytest.mark.parametrize(
    "url",
    ["/programs/download.xlsx", "/data/programs.xlsx", "/data/funding.xlsx", "/data/outcomes.xlsx"],
)
def test_xlsx_downloads_hold_no_formula(web, hostile, url):
    response = web.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(body_of(response)))
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (url, sheet.title, cell.coordinate, cell.value)
                assert_no_formula_cell(cell.value, url)
                values.append(cell.value)
    if "programs" in url:
        assert "'" + FORMULA in values
        assert NAME in values


# Control characters pasted from a word processor (vertical tab, form feed, ...) cannot be stored in
# a worksheet: openpyxl refused the whole workbook, and the download answered 500.
PASTED = "제어\x0b문자\x0c 사업\x01"


@pytest.fixture
def pasted(db):
    program = ProgramFactory(
        name=PASTED, slug="pasted", summary="첫 줄\x0b둘째 줄", lead_department="\x1f경제정책과"
    )
    FundingFactory(program=program, amount=EOK, quote="국비 1억원\x0c")
    return program


@pytest.mark.parametrize(
    "url",
    [
        "/programs/download.xlsx",
        "/data/programs.xlsx",
        "/data/funding.xlsx",
        "/programs/download.csv",
        "/data/funding.csv",
    ],
)
def test_control_characters_staff_pasted_never_break_a_spreadsheet(web, pasted, url):
    response = web.get(url)
    assert response.status_code == 200
    if url.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body_of(response)))
        values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    else:
        text = body_of(response).decode("utf-8-sig")
        values = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    texts = [value for value in values if isinstance(value, str)]
    assert not [text for text in texts if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)]
    assert "제어문자 사업" in texts  # the words kept, only the invisible characters dropped
    if "funding" in url:
        assert "국비 1억원" in texts


def test_the_json_download_keeps_pasted_control_characters(web, pasted):
    data = json.loads(body_of(web.get("/programs/download.json")))
    assert PASTED in {row["name"] for row in data["data"]}


def test_the_json_download_keeps_every_value_exactly(web, hostile):
    response = web.get("/programs/download.json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(body_of(response))
    names = {row["name"] for row in data["data"]}
    assert {NAME, FORMULA} <= names  # JSON is data, not a spreadsheet: no apostrophe added


def test_facility_names_reach_the_explorer_options_as_text(web, hostile):
    assert Facility.public_objects.filter(slug="carbon-center").exists()
    response = web.get("/programs/")
    assert_inert_html(response, shows=[f"탄소센터{ESCAPED_SCRIPT}"])
