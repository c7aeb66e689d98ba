"""Made to be cited: dated snapshots (?as_of=YYYY-MM-DD) and the public change history.

A program is published on 2021. 3. 1.; on 2021. 6. 10. staff raise its total cost and move its
end year, giving a reason. A journalist who cited it on 2021. 6. 9. must still see what they saw.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gyeongju.funding.models import Funding
from gyeongju.programs.models import Program
from tests.factories import EOK, FundingFactory, ProgramFactory
from tests.html import meta_content, parse
from tests.public import Visitor, full_page

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
URL = "/programs/battery-hub/"
ABSOLUTE = "http://127.0.0.1:8000/programs/battery-hub/"
REASON = "2021년 제1회 추경으로 총사업비 증액"


def at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


def backdate(program, when):
    """Pretend the program and its rows were first saved at ``when``."""
    program.history.update(history_date=when)
    Funding.history.filter(program_id=program.pk).update(history_date=when)


def edit(program, when, reason, **changes):
    program = Program.private_objects.get(pk=program.pk)
    for name, value in changes.items():
        setattr(program, name, value)
    program._change_reason = reason
    program._history_date = when
    program.save()
    return program


@pytest.fixture
def program(db):
    program = ProgramFactory(
        slug="battery-hub",
        name="배터리 허브 조성",
        total_cost=100 * EOK,
        start_year=2021,
        end_year=2023,
    )
    FundingFactory(program=program, kind="national", amount=30 * EOK)
    backdate(program, at(2021, 3, 1))
    return edit(program, at(2021, 6, 10, 15), REASON, total_cost=120 * EOK, end_year=2024)


def total_cost_on(doc):
    dl = doc.find("section", aria_labelledby="money-title").find("dl")
    return dl.find("dd").clean_text


# Snapshots -----------------------------------------------------------------------------------------


def test_the_day_before_the_edit_shows_the_old_figure_with_a_banner(web, program):
    response = web.get(URL, {"as_of": "2021-06-09"})
    doc = full_page(response, "배터리 허브 조성 (2021. 6. 9. 기준)")
    assert total_cost_on(doc) == "100억원"
    assert doc.find("aside").find("dl").clean_text.count("2021년 ~ 2023년") == 1
    banner = doc.find("div", class_="is-snapshot")
    assert banner.attrs["role"] == "note"
    assert "2021. 6. 9. 기준 스냅숏" in banner.clean_text
    assert banner.find("a").attrs["href"] == URL
    assert banner.find("a").clean_text == "현재 내용 보기"
    # The citation cites the snapshot, not the moving page.
    citation = doc.by_id("citation-text").text
    assert f"{ABSOLUTE}?as_of=2021-06-09" in citation
    assert "(2021. 6. 9. 기준, 스냅숏)" in citation
    # A snapshot is not indexed; search engines are pointed at the current page.
    assert meta_content(doc, "robots") == "noindex"
    assert doc.find("link", rel="canonical").attrs["href"] == ABSOLUTE
    # The date field keeps the chosen day.
    assert doc.find("input", name="as_of").attrs["value"] == "2021-06-09"


def test_the_day_of_the_edit_shows_the_new_figure(web, program):
    doc = full_page(web.get(URL, {"as_of": "2021-06-10"}), "배터리 허브 조성 (2021. 6. 10. 기준)")
    assert total_cost_on(doc) == "120억원"
    assert "2021년 ~ 2024년" in doc.find("aside").find("dl").clean_text
    assert f"{ABSOLUTE}?as_of=2021-06-10" in doc.by_id("citation-text").text


def test_the_current_page_has_no_banner_and_cites_itself(web, program):
    doc = full_page(web.get(URL), "배터리 허브 조성")
    assert total_cost_on(doc) == "120억원"
    assert doc.find("div", class_="is-snapshot") is None
    citation = doc.by_id("citation-text").text
    assert f"{ABSOLUTE} (" in citation and "as_of" not in citation and "스냅숏" not in citation


def test_funding_rows_follow_the_snapshot_day(web, program):
    row = Funding.private_objects.get(program=program)
    row.amount = 50 * EOK
    row._change_reason = "국비 추가 확보"
    row._history_date = at(2021, 9, 1)
    row.save()
    before = parse(web.get(URL, {"as_of": "2021-08-31"}))
    after = parse(web.get(URL, {"as_of": "2021-09-01"}))
    assert "국비 30억원 외 재원 구성 미공개" in before.find("main").clean_text
    assert "국비 50억원 외 재원 구성 미공개" in after.find("main").clean_text


@pytest.mark.parametrize("day", ["2999-01-01", "9999-12-31"])
def test_a_future_day_shows_the_current_page(web, program, day):
    doc = full_page(web.get(URL, {"as_of": day}), "배터리 허브 조성")
    assert total_cost_on(doc) == "120억원"
    assert doc.find("div", class_="is-snapshot") is None


def test_today_shows_the_current_page(web, program):
    from django.utils import timezone

    doc = full_page(web.get(URL, {"as_of": timezone.localdate().isoformat()}), "배터리 허브 조성")
    assert doc.find("div", class_="is-snapshot") is None


def test_before_publication_there_is_no_snapshot(web, program):
    response = web.get(URL, {"as_of": "2021-02-28"})
    assert response.status_code == 404
    doc = parse(response)
    assert doc.find("html").attrs["lang"] == "ko"
    assert "해당 날짜의 기록이 없습니다" in doc.find("h1").clean_text
    assert "2021. 2. 28.에는 이 사업이 이 누리집에 공개되어 있지 않았습니다." in doc.clean_text
    assert URL in doc.links()


@pytest.mark.parametrize(
    "raw",
    ["garbage", "2021-02-30", "2021/06/09", "21-6-9", "0", "-1", "2021-06-09T00:00", "x" * 500],
)
def test_a_malformed_day_is_a_korean_400(web, program, raw):
    response = web.get(URL, {"as_of": raw})
    assert response.status_code == 400
    doc = parse(response)
    assert doc.find("html").attrs["lang"] == "ko"
    assert "날짜는 2021. 5. 1. 또는 2021-05-01처럼 연, 월, 일 순서로 적어 주세요." in doc.clean_text
    assert doc.find("title").text.endswith(" | 경주시 투자사업 포털")


@pytest.mark.parametrize(
    "typed",
    [
        "2021. 6. 9.",
        "2021. 6. 9",
        "2021.6.9",
        "2021.06.09.",
        " 2021-06-09 ",
        "2021-6-9",
        "2021년 6월 9일",
        "２０２１. ６. ９.",  # full-width digits, as some Korean keyboards type them
    ],
)
def test_a_day_typed_the_korean_way_leads_to_the_snapshot_of_that_day(web, program, typed):
    """One URL per day: every spelling is sent to ?as_of=2021-06-09, so the page cache keeps one
    page for it and a citation copied from the address bar is the same whoever typed it."""
    response = web.get(URL, {"as_of": typed})
    assert response.status_code == 301
    assert response["Location"] == f"{URL}?as_of=2021-06-09"
    doc = full_page(web.get(response["Location"]), "배터리 허브 조성 (2021. 6. 9. 기준)")
    assert total_cost_on(doc) == "100억원"


def test_the_date_field_is_a_text_field_with_a_korean_hint(web, program):
    doc = full_page(web.get(URL), "배터리 허브 조성")
    field = doc.find("input", name="as_of")
    assert field.attrs["type"] == "text"  # not only the browser's date picker
    hint = doc.by_id(field.attrs["aria-describedby"])
    assert hint.clean_text == "예: 2021. 5. 1. 또는 2021-05-01"
    label = doc.find("label", **{"for": field.attrs["id"]})
    assert label.clean_text == "특정 날짜 기준으로 보기"


def test_a_draft_period_is_not_a_public_snapshot(web, db):
    program = ProgramFactory(slug="battery-hub", publication_state="draft", total_cost=10 * EOK)
    backdate(program, at(2021, 1, 5))
    edit(program, at(2021, 2, 1), "공개 승인", publication_state="published")
    assert web.get(URL, {"as_of": "2021-01-20"}).status_code == 404
    assert web.get(URL, {"as_of": "2021-02-01"}).status_code == 200


def test_a_draft_has_no_public_snapshot_at_all(web, db):
    program = ProgramFactory(slug="battery-hub", publication_state="draft")
    backdate(program, at(2021, 1, 5))
    assert web.get(URL, {"as_of": "2021-06-01"}).status_code == 404


# The change history ---------------------------------------------------------------------------------


def history_items(doc):
    timeline = doc.find("ol", class_="timeline")
    return [li for li in timeline.children if getattr(li, "tag", None) == "li"]


def test_history_lists_the_edit_with_its_reason_and_old_to_new(web, program):
    doc = full_page(web.get(f"{URL}history/"), "배터리 허브 조성 변경 이력")
    items = history_items(doc)
    assert len(items) == 2  # the edit, then the first publication
    newest = items[0]
    assert newest.find("time").clean_text == "2021. 6. 10. 15:00"
    assert newest.find("p", class_="reason").clean_text == f"변경 사유: {REASON}"
    changes = [li.clean_text for li in newest.find_all("li")]
    assert "총사업비: 100억원 → 120억원" in changes
    assert "종료 연도: 2023년 → 2024년" in changes
    assert newest.find("a").attrs["href"] == f"{URL}?as_of=2021-06-10"
    first = items[1]
    assert "사업 정보 등록" in first.clean_text
    assert "재원: 국비 등록" in first.clean_text
    registered = [li.clean_text for li in first.find_all("li")]
    assert "총사업비: 100억원" in registered
    # Foreign keys read as names, not ids.
    category = Program.private_objects.get(pk=program.pk).category.name
    assert f"분야: {category}" in registered


def test_history_compares_original_and_current_budget_and_schedule(web, program):
    doc = parse(web.get(f"{URL}history/"))
    table = doc.find("section", aria_labelledby="baseline-title").find("table")
    assert "최초 공개(2021. 3. 1.)" in table.find("caption").clean_text
    rows = {
        tr.find("th").clean_text: [td.clean_text for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    assert rows["총사업비"] == ["100억원", "120억원", "변경됨"]
    assert rows["종료 연도"] == ["2023년", "2024년", "변경됨"]
    assert rows["시작 연도"] == ["2021년", "2021년", "같음"]
    assert rows["국비"] == ["30억원", "30억원", "같음"]


def test_history_lists_funding_changes_with_their_reason(web, program):
    row = Funding.private_objects.get(program=program)
    row.amount = 45 * EOK
    row._change_reason = "국비 추가 확보"
    row._history_date = at(2021, 9, 1)
    row.save()
    newest = history_items(parse(web.get(f"{URL}history/")))[0]
    assert "변경 사유: 국비 추가 확보" in newest.clean_text
    assert "재원: 국비 변경" in newest.clean_text
    assert "금액: 30억원 → 45억원" in [li.clean_text for li in newest.find_all("li")]


def test_draft_time_edits_stay_out_of_the_public_history(web, editor, db):
    program = ProgramFactory(slug="battery-hub", publication_state="draft", total_cost=10 * EOK)
    backdate(program, at(2021, 1, 5))
    edit(program, at(2021, 1, 20), "내부 검토 중 수정", total_cost=12 * EOK)
    edit(program, at(2021, 2, 1), "공개 승인", publication_state="published")
    public = parse(web.get(f"{URL}history/")).clean_text
    assert "내부 검토 중 수정" not in public
    assert "공개 승인" in public
    staff = parse(Visitor(editor).get(f"{URL}history/")).clean_text
    assert "내부 검토 중 수정" in staff


def test_a_drafts_history_is_not_public(web, db):
    ProgramFactory(slug="battery-hub", publication_state="draft")
    assert web.get(f"{URL}history/").status_code == 404


def test_history_page_meta_and_feed(web, program):
    doc = parse(web.get(f"{URL}history/"))
    assert doc.find("link", rel="canonical").attrs["href"] == f"{ABSOLUTE}history/"
    feeds = [link.attrs["href"] for link in doc.find_all("link", rel="alternate")]
    assert "/feeds/programs/battery-hub/" in feeds


def test_a_seed_snapshot_says_when_the_record_was_last_changed(web, seed):
    """A snapshot's 최종 수정 is its own record's date, never one after the snapshot day."""
    doc = full_page(
        web.get("/programs/vehicle-materials-molding/", {"as_of": "2020-12-20"}),
        "차량용 첨단소재 성형가공 기술고도화 기반구축 (2020. 12. 20. 기준)",
    )
    glance = doc.find("aside").find("dl")
    terms = [dt_.clean_text for dt_ in glance.find_all("dt")]
    values = [dd.clean_text for dd in glance.find_all("dd")]
    assert dict(zip(terms, values, strict=True))["최종 수정"] == "2020. 12. 15."
    assert "290억원" in doc.find("section", aria_labelledby="money-title").clean_text


def test_a_value_the_program_had_only_as_a_draft_never_appears_in_public(web, db):
    """The public history compares consecutive published states: the draft's 999억원 is not
    shown as "999억원 → 100억원" once the program is published (issue 19)."""
    program = ProgramFactory(slug="battery-hub", publication_state="draft", total_cost=999 * EOK)
    FundingFactory(program=program, kind="national", amount=900 * EOK)
    backdate(program, at(2021, 1, 5))
    row = Funding.private_objects.get(program=program)
    row.amount = 40 * EOK
    row._history_date = at(2021, 1, 20)
    row.save()
    edit(program, at(2021, 1, 20, 13), "검토", total_cost=100 * EOK)
    edit(program, at(2021, 2, 1), "공개 승인", publication_state="published")
    edit(program, at(2021, 3, 1), "추경 반영", total_cost=110 * EOK)

    public = parse(web.get(f"{URL}history/"))
    text = public.clean_text
    assert "999억" not in text and "900억" not in text
    items = history_items(public)
    assert [li.clean_text for li in items[0].find_all("li")] == ["총사업비: 100억원 → 110억원"]
    first = [li.clean_text for li in items[1].find_all("li")]
    assert "총사업비: 100억원" in first and "금액: 40억원" in first
    assert items[1].find("time").clean_text == "2021. 2. 1. 12:00"
    feed = web.get("/feeds/programs/battery-hub/").content.decode()
    assert "999억" not in feed and "100억원 → 110억원" in feed
