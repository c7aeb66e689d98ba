"""사업 찾기 (/programs/): Korean search, filters, sort, chips, htmx partials, the same results
without JavaScript, and malformed input that is ignored with a visible Korean note."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import EOK, BudgetFactory, ProgramFactory
from tests.html import parse
from tests.public import full_page, notes, partial, result_links

pytestmark = pytest.mark.django_db

BUDGET_2021 = {
    "smart-factory",
    "sme-rnd-prototype",
    "manufacturing-software",
    "drone-heritage-software",
    "export-support",
}
MULTI_YEAR = {
    "vehicle-materials-molding",  # ~2022
    "carbon-recycling",  # ~2023
    "ai-bms-ecosystem",  # ~2025
    "proton-ion-beam-rnd-center",  # ~2026
    "eco-auto-parts-cluster-fdi-strategy",  # 2020~2021
}
EVERY_PROGRAM = BUDGET_2021 | MULTI_YEAR


def slugs(doc) -> list[str]:
    return [link.strip("/").split("/")[1] for link in result_links(doc)]


def explore(web, query="", **headers):
    return web.get("/programs/" + (f"?{query}" if query else ""), headers=headers)


def results_for(web, query) -> list[str]:
    return slugs(parse(explore(web, query)))


# The page ------------------------------------------------------------------------------------


def test_full_page_lists_every_published_program_with_its_count(web, seed):
    doc = full_page(explore(web), "사업 찾기")
    assert set(slugs(doc)) == EVERY_PROGRAM
    assert doc.by_id("results-heading").clean_text == "10개 사업"
    live = doc.by_id("results-status")
    assert live.attrs["aria-live"] == "polite"
    assert live.clean_text == "10개 사업을 찾았습니다."
    form = doc.by_id("filters")
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/programs/"
    # htmx written as data-hx-* (valid HTML), swapping only the results and pushing the URL.
    assert form.attrs["data-hx-get"] == "/programs/"
    assert form.attrs["data-hx-target"] == "#results"
    assert form.attrs["data-hx-push-url"] == "true"
    assert form.find("button", type="submit").clean_text == "검색"
    legends = {legend.clean_text for legend in form.find_all("legend")}
    assert {"분야", "상태", "총사업비 범위"} <= legends
    assert any(legend.startswith("재원") for legend in legends)
    labels = {label.clean_text for label in form.find_all("label")}
    assert {"검색어", "연도", "지역(입지)", "시설", "정렬"} <= labels


def test_every_result_card_shows_money_period_and_status(web, seed):
    doc = parse(explore(web, "q=성형가공"))
    card = doc.by_id("results").find("article")
    text = card.clean_text
    assert "차량용 첨단소재 성형가공 기술고도화 기반구축" in text
    assert "290억원" in text
    assert "국비 90억원 외 재원 구성 미공개" in text
    assert "~ 2022년" in text
    assert "추진 중" in text


def filter_panel(doc):
    return doc.by_id("filters").find("details", id="filter-panel")


def test_the_filters_sit_in_a_closed_disclosure_the_search_box_and_button_outside(web, seed):
    """On a phone the results come first: every filter but the search words is inside "검색 조건",
    a <details> that opens without JavaScript; the search box and the 검색 button stay in view."""
    doc = full_page(explore(web), "사업 찾기")
    panel = filter_panel(doc)
    assert "open" not in panel.attrs
    assert panel.find("summary").clean_text == "검색 조건"
    inside = {node.attrs["name"] for node in panel.iter() if "name" in node.attrs}
    assert inside == {
        "category",
        "status",
        "year",
        "funding",
        "schedule",
        "site",
        "place",
        "facility",
    } | {
        "min_cost",
        "max_cost",
        "sort",
    }
    assert panel.find("input", name="q") is None and panel.find("button") is None
    assert doc.by_id("filters").find("input", name="q") is not None


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("q=탄소", "검색 조건"),
        ("category=research&category=mobility-materials&status=planned", "검색 조건 3개 적용"),
        ("q=센터&year=2021&sort=name&min_cost=10억", "검색 조건 3개 적용"),
        ("year=abc", "검색 조건"),  # ignored, so not applied
    ],
)
def test_the_disclosure_says_how_many_conditions_it_holds_are_applied(web, seed, query, label):
    assert filter_panel(parse(explore(web, query))).find("summary").clean_text == label


def test_a_results_swap_updates_the_disclosures_count_out_of_band(web, seed):
    """A search swaps only the results; the count in the summary (outside them) follows."""
    results = {"HX-Request": "true", "HX-Target": "results"}
    doc = partial(explore(web, "status=planned&funding=national", **results))
    count = doc.by_id("filter-count")
    assert count.attrs["data-hx-swap-oob"] == "innerHTML"
    assert count.clean_text == "2개 적용"
    explorer = partial(explore(web, "status=planned", **{**results, "HX-Target": "explorer"}))
    # The explorer swap brings its own summary: no second element with that id.
    assert [n.attrs.get("data-hx-swap-oob") for n in explorer.find_all(id="filter-count")] == [None]


# htmx ------------------------------------------------------------------------------------------


def test_htmx_results_target_gets_only_the_results_with_an_out_of_band_count(web, seed):
    response = explore(web, "q=탄소", **{"HX-Request": "true", "HX-Target": "results"})
    doc = partial(response)
    top = [node for node in doc.children if hasattr(node, "tag")]
    assert [node.attrs.get("id") for node in top] == ["results"]
    assert doc.by_id("filters") is None  # the form stays as the visitor left it
    oob = doc.by_id("results-status")
    assert oob.attrs["data-hx-swap-oob"] == "innerHTML"
    assert oob.clean_text == "2개 사업을 찾았습니다."
    assert set(slugs(doc)) == {"carbon-recycling", "vehicle-materials-molding"}
    assert "HX-Request" in response["Vary"]


def test_htmx_explorer_target_gets_form_and_results(web, seed):
    response = explore(web, "category=research", **{"HX-Request": "true", "HX-Target": "explorer"})
    doc = partial(response)
    explorer = doc.by_id("explorer")
    assert explorer is not None
    assert explorer.by_id("filters") is not None and explorer.by_id("results") is not None
    checked = [box.attrs["value"] for box in explorer.find_all("input", checked="")]
    assert checked == ["research"]
    assert set(slugs(doc)) == {"proton-ion-beam-rnd-center", "sme-rnd-prototype"}
    assert "HX-Request" in response["Vary"]


def test_full_page_also_varies_on_hx_request(web, seed):
    assert "HX-Request" in explore(web)["Vary"]


def test_history_restore_gets_the_full_page(web, seed):
    """The back button after a cache miss asks with HX-History-Restore-Request: a whole page."""
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    full_page(explore(web, "q=탄소", **headers), "사업 찾기: ‘탄소’ 검색")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=탄소",
        "q=수출&sort=name",
        "category=mobility-materials&status=planned",
        "year=2020&sort=cost_desc",
        "funding=national",
        "site=oedong-gueo2&sort=end",
        "min_cost=100억&max_cost=300억&sort=cost_asc",
        "year=abc&sort=evil",  # malformed values are ignored the same way with and without JS
    ],
)
def test_without_javascript_the_same_url_gives_the_same_results(web, seed, query):
    page = full_page(explore(web, query), None)
    htmx = partial(explore(web, query, **{"HX-Request": "true", "HX-Target": "results"}))
    assert slugs(page) == slugs(htmx)
    assert page.by_id("results-heading").clean_text == htmx.by_id("results-heading").clean_text
    assert notes(page) == notes(htmx)


def test_pagination_links_keep_the_filters_and_work_without_javascript(web, db):
    for i in range(25):
        ProgramFactory(name=f"탄소 시험 사업 {i:02d}", slug=f"carbon-{i:02d}")
    doc = parse(explore(web, "q=탄소&sort=name"))
    assert len(slugs(doc)) == 20
    nav = doc.find("nav", class_="krds-pagination")
    next_link = nav.find("a", class_="next")
    query = parse_qs(urlsplit(next_link.attrs["href"]).query)
    assert query == {"q": ["탄소"], "sort": ["name"], "page": ["2"]}
    assert next_link.attrs["data-hx-target"] == "#results"
    second = parse(explore(web, urlsplit(next_link.attrs["href"]).query))
    assert slugs(second) == [f"carbon-{i:02d}" for i in range(20, 25)]
    assert second.find("title").text.startswith("사업 찾기: ‘탄소’ 검색 (2쪽)")


# Korean search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Two syllables must match (trigram indexes would miss these).
        ("탄소", {"carbon-recycling", "vehicle-materials-molding"}),
        ("수출", {"export-support", "eco-auto-parts-cluster-fdi-strategy"}),  # 분야 수출·투자유치
        ("배터리", {"ai-bms-ecosystem"}),
        ("BMS", {"ai-bms-ecosystem"}),
        ("bms", {"ai-bms-ecosystem"}),
        ("구어2산단", {"vehicle-materials-molding", "carbon-recycling", "ai-bms-ecosystem"}),
        ("양성자", {"proton-ion-beam-rnd-center"}),
        # Several words: every word must appear.
        ("탄소 리사이클링", {"carbon-recycling"}),
        ("수출 상담회", {"export-support"}),
        ("탄소 배터리", set()),
        # Whitespace and control characters are ignored.
        ("  탄소\t", {"carbon-recycling", "vehicle-materials-molding"}),
        ("탄\x00소", {"carbon-recycling", "vehicle-materials-molding"}),
    ],
)
def test_korean_search(web, seed, q, expected):
    response = web.get("/programs/", {"q": q})
    assert response.status_code == 200
    assert set(slugs(parse(response))) == expected


def test_search_says_so_when_nothing_matches(web, seed):
    doc = parse(explore(web, "q=수소"))
    assert slugs(doc) == []
    assert "조건에 맞는 사업이 없습니다" in doc.by_id("results").clean_text
    assert doc.by_id("results-heading").clean_text == "0개 사업"


def test_search_title_names_the_query(web, seed):
    full_page(explore(web, "q=탄소"), "사업 찾기: ‘탄소’ 검색")
    full_page(explore(web, "status=planned"), "사업 찾기: 조건 검색")


# Filters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=research", {"proton-ion-beam-rnd-center", "sme-rnd-prototype"}),
        (
            "category=research&category=export-investment",
            {
                "proton-ion-beam-rnd-center",
                "sme-rnd-prototype",
                "export-support",
                "eco-auto-parts-cluster-fdi-strategy",
            },
        ),
        (
            "status=ongoing",
            {"vehicle-materials-molding", "export-support", "eco-auto-parts-cluster-fdi-strategy"},
        ),
        ("status=completed", set()),
        # 2021: the five programs with a 2021 budget and the multi-year ones running in 2021.
        ("year=2021", BUDGET_2021 | MULTI_YEAR),
        # 2020: only the multi-year ones (the five have 2021 money only).
        ("year=2020", MULTI_YEAR),
        ("year=2024", {"ai-bms-ecosystem", "proton-ion-beam-rnd-center"}),
        ("funding=national", {"vehicle-materials-molding", "carbon-recycling"}),
        ("funding=private", set()),
        (
            "site=oedong-gueo2",
            {"vehicle-materials-molding", "carbon-recycling", "ai-bms-ecosystem"},
        ),
        ("site=proton-science-campus", {"proton-ion-beam-rnd-center"}),
        ("facility=bms-infrastructure", {"ai-bms-ecosystem"}),
        (
            "min_cost=200억",
            {"vehicle-materials-molding", "ai-bms-ecosystem", "proton-ion-beam-rnd-center"},
        ),
        ("min_cost=200억&max_cost=300억", {"vehicle-materials-molding", "ai-bms-ecosystem"}),
        # A reversed range is read the right way round.
        ("min_cost=300억&max_cost=200억", {"vehicle-materials-molding", "ai-bms-ecosystem"}),
        ("max_cost=1억", {"eco-auto-parts-cluster-fdi-strategy"}),
        ("max_cost=7,000만원", {"eco-auto-parts-cluster-fdi-strategy"}),
        ("q=센터&status=planned&min_cost=100억", {"proton-ion-beam-rnd-center"}),
    ],
)
def test_filters(web, seed, query, expected):
    assert set(results_for(web, query)) == expected


def test_year_filter_counts_periods_and_yearly_budgets(web, db):
    ProgramFactory(slug="old", start_year=2015, end_year=2016)
    ProgramFactory(slug="budget-only", start_year=None, end_year=None)
    BudgetFactory(
        program=ProgramFactory(slug="budget-2017", start_year=None, end_year=None), fiscal_year=2017
    )
    ProgramFactory(slug="open-ended", start_year=2016, end_year=None)
    assert set(results_for(web, "year=2016")) == {"old", "open-ended"}
    assert set(results_for(web, "year=2017")) == {"budget-2017", "open-ended"}
    assert "budget-only" not in results_for(web, "year=2017")


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        # Unknown totals come last in both directions, on SQLite and PostgreSQL alike.
        (
            "cost_desc",
            [
                "proton-ion-beam-rnd-center",
                "vehicle-materials-molding",
                "ai-bms-ecosystem",
                "carbon-recycling",
                "eco-auto-parts-cluster-fdi-strategy",
            ],
        ),
        (
            "cost_asc",
            [
                "eco-auto-parts-cluster-fdi-strategy",
                "carbon-recycling",
                "ai-bms-ecosystem",
                "vehicle-materials-molding",
                "proton-ion-beam-rnd-center",
            ],
        ),
        (
            "end",
            [
                "eco-auto-parts-cluster-fdi-strategy",
                "vehicle-materials-molding",
                "carbon-recycling",
                "ai-bms-ecosystem",
                "proton-ion-beam-rnd-center",
            ],
        ),
        ("start", ["eco-auto-parts-cluster-fdi-strategy", "vehicle-materials-molding"]),
    ],
)
def test_sort_orders(web, seed, sort, first):
    order = results_for(web, f"sort={sort}")
    assert order[: len(first)] == first
    assert set(order) == EVERY_PROGRAM


def test_sort_by_name_and_by_last_update(web, db):
    ProgramFactory(slug="b", name="나 사업")
    ProgramFactory(slug="a", name="가 사업")
    ProgramFactory(slug="c", name="다 사업")
    assert results_for(web, "sort=name") == ["a", "b", "c"]
    assert results_for(web, "") == ["c", "a", "b"]  # 최근 수정순, the default
    program = ProgramFactory._meta.model.private_objects.get(slug="b")
    program.summary = "고쳤습니다."
    program.save()
    assert results_for(web, "sort=updated")[0] == "b"


def test_money_range_excludes_programs_whose_total_is_unknown(web, db):
    ProgramFactory(slug="known", total_cost=50 * EOK)
    ProgramFactory(slug="unknown", total_cost=None)
    assert results_for(web, "min_cost=0") == ["known"]
    assert set(results_for(web, "")) == {"known", "unknown"}


def test_chips_show_active_filters_and_link_to_the_query_without_that_value(web, seed):
    query = "q=센터&category=research&category=mobility-materials&status=planned&page=1"
    doc = parse(explore(web, query))
    chips = {
        a.clean_text.replace(" 조건 해제", "").rstrip(" ×"): a.attrs["href"]
        for a in doc.find_all("a", class_="chip")
    }
    assert set(chips) == {
        "검색어: 센터",
        "분야: 연구개발 지원",
        "분야: 미래차·소재 기반구축",
        "상태: 계획",
    }
    without_research = parse_qs(urlsplit(chips["분야: 연구개발 지원"]).query)
    assert without_research == {
        "q": ["센터"],
        "category": ["mobility-materials"],
        "status": ["planned"],
    }
    without_q = parse_qs(urlsplit(chips["검색어: 센터"]).query)
    assert "q" not in without_q and without_q["status"] == ["planned"]
    # Following a chip shows the results of the remaining filters.
    remaining = urlsplit(chips["상태: 계획"]).query
    assert set(results_for(web, remaining)) == set(
        results_for(web, "q=센터&category=research&category=mobility-materials")
    )
    # Chips swap the whole explorer so the form's checkboxes follow.
    assert {a.attrs["data-hx-target"] for a in doc.find_all("a", class_="chip")} == {"#explorer"}


def test_money_and_year_chips_read_the_korean_way(web, seed):
    doc = parse(explore(web, "min_cost=200억&year=2021"))
    labels = {a.clean_text for a in doc.find_all("a", class_="chip")}
    assert any(label.startswith("최소 총사업비: 200억원") for label in labels)
    assert any(label.startswith("연도: 2021년") for label in labels)


def test_the_form_shows_the_current_filters(web, seed):
    doc = parse(explore(web, "q=탄소&year=2021&sort=name&min_cost=10억"))
    assert doc.find("input", name="q").attrs["value"] == "탄소"
    assert doc.find("select", name="year").find("option", selected="").attrs["value"] == "2021"
    assert doc.find("select", name="sort").find("option", selected="").attrs["value"] == "name"
    assert doc.find("input", name="min_cost").attrs["value"] == "10억"  # as typed


def test_download_and_feed_links_carry_the_filters(web, seed):
    doc = parse(explore(web, "q=탄소&sort=name&page=1"))
    links = doc.by_id("results").find("div", class_="downloads").links()
    assert links == [
        "/programs/download.csv?q=%ED%83%84%EC%86%8C&sort=name",
        "/programs/download.xlsx?q=%ED%83%84%EC%86%8C&sort=name",
        "/programs/download.json?q=%ED%83%84%EC%86%8C&sort=name",
        "/feeds/programs/?q=%ED%83%84%EC%86%8C&sort=name",
    ]


# Bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("year=abc", "‘연도’ 조건의 값 ‘abc’은(는) 올바르지 않아 무시했습니다."),
        ("year=1800", "‘연도’ 조건의 값 ‘1800’은(는) 올바르지 않아 무시했습니다."),
        ("min_cost=xx억", "‘최소 총사업비’ 조건의 값 ‘xx억’은(는) 올바르지 않아 무시했습니다."),
        ("max_cost=-5억", "‘최대 총사업비’ 조건의 값 ‘-5억’은(는) 올바르지 않아 무시했습니다."),
        ("sort=evil", "‘정렬’ 조건의 값 ‘evil’은(는) 올바르지 않아 무시했습니다."),
        ("category=nope", "‘분야’ 조건의 값 ‘nope’은(는) 올바르지 않아 무시했습니다."),
        ("status=deleted", "‘상태’ 조건의 값 ‘deleted’은(는) 올바르지 않아 무시했습니다."),
        ("funding=bitcoin", "‘재원’ 조건의 값 ‘bitcoin’은(는) 올바르지 않아 무시했습니다."),
        ("facility=nowhere", "‘시설’ 조건의 값 ‘nowhere’은(는) 올바르지 않아 무시했습니다."),
        ("page=0", "0쪽은 없어서 첫 쪽을 보여 드립니다."),
        ("page=-3", "-3쪽은 없어서 첫 쪽을 보여 드립니다."),
        ("page=999999", "999999쪽은 없어서 마지막 쪽(1쪽)을 보여 드립니다."),
        ("page=abc", "쪽 번호 ‘abc’은(는) 올바르지 않아 첫 쪽을 보여 드립니다."),
        ("page=1.5", "쪽 번호 ‘1.5’은(는) 올바르지 않아 첫 쪽을 보여 드립니다."),
        ("as_of=garbage", "알 수 없는 조건 ‘as_of’은(는) 무시했습니다."),
        ("utm_source=x&fbclid=y", "알 수 없는 조건 ‘fbclid’, ‘utm_source’은(는) 무시했습니다."),
    ],
)
def test_malformed_parameters_are_ignored_with_a_korean_note(web, seed, query, note):
    response = explore(web, query)
    doc = full_page(response, None)
    assert note in notes(doc)
    # The other filters (none here) still apply: every program is listed.
    assert set(slugs(doc)) == EVERY_PROGRAM


def test_malformed_parameter_does_not_drop_the_good_ones(web, seed):
    doc = parse(explore(web, "q=탄소&year=abc&sort=name"))
    assert slugs(doc) == ["vehicle-materials-molding", "carbon-recycling"]  # 사업명순
    assert len(notes(doc)) == 1


def test_script_in_a_parameter_is_shown_as_text(web, seed):
    response = explore(web, "site=%3Cscript%3Ealert(1)%3C/script%3E")
    text = response.content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    doc = full_page(response, "사업 찾기")
    assert any("‘지역(입지)’" in note for note in notes(doc))


def test_very_long_search_is_ignored_with_a_note(web, seed):
    response = web.get("/programs/", {"q": "탄소" * 400})
    doc = full_page(response, "사업 찾기")
    assert any(note.startswith("‘검색어’ 조건의 값") for note in notes(doc))
    assert set(slugs(doc)) == EVERY_PROGRAM


def test_control_characters_anywhere_never_fail(web, seed):
    response = web.get(
        "/programs/",
        {"q": "\x00\x1b\x07", "min_cost": "\x00", "year": "\x7f", "sort": "\u202e", "page": "\x00"},
    )
    assert response.status_code == 200
    assert set(slugs(parse(response))) == EVERY_PROGRAM


def test_htmx_partial_shows_the_notes_too(web, seed):
    doc = partial(explore(web, "year=abc", **{"HX-Request": "true", "HX-Target": "results"}))
    assert "‘연도’ 조건의 값 ‘abc’은(는) 올바르지 않아 무시했습니다." in notes(doc)


def test_post_is_refused(web, seed):
    assert web.post("/programs/").status_code == 405


def test_search_finds_a_program_by_its_renamed_site_and_category(web, seed):
    from gyeongju.facilities.models import Site
    from gyeongju.programs.models import Category

    site = Site.private_objects.get(slug="oedong-gueo2")
    site.name = "외동 구어2일반산업단지"
    site.save()
    category = Category.private_objects.get(slug="research")
    category.name = "기술개발 지원"
    category.save()
    assert set(results_for(web, "q=구어2일반산업단지")) == {
        "vehicle-materials-molding",
        "carbon-recycling",
        "ai-bms-ecosystem",
    }
    assert set(results_for(web, "q=기술개발")) == {
        "proton-ion-beam-rnd-center",
        "sme-rnd-prototype",
    }
    assert "sme-rnd-prototype" not in results_for(web, "q=연구개발")  # only its old 분야 said so


@pytest.mark.parametrize("narrowed", ["", "year=2016", "q=사업 3"])
@pytest.mark.parametrize("sort", ["updated", "name", "cost_desc", "cost_asc", "start", "end"])
def test_every_page_shows_the_rows_a_whole_row_sort_would(web, db, sort, narrowed):
    """The explorer sorts and slices ids, then reads the page's rows by id: the pages hold
    exactly the programs, in exactly the order, of sorting whole rows (ties, nulls and all),
    filtered or not."""
    from django.http import QueryDict

    from gyeongju.programs.filters import SORTS, ProgramFilterForm
    from gyeongju.programs.models import Program

    for n in range(45):
        ProgramFactory(
            slug=f"p{n:02}",
            name=f"사업 {n % 7}",  # tied names: the id decides
            total_cost=None if n % 5 == 0 else (n % 4) * EOK,
            start_year=None if n % 6 == 0 else 2015 + n % 3,
            end_year=None if n % 8 == 0 else 2020 + n % 2,
        )
    form = ProgramFilterForm(QueryDict(narrowed))
    matching = form.filter(Program.public_objects.all())
    expected = list(matching.order_by(*SORTS[sort][1]).values_list("slug", flat=True))
    assert 0 < len(expected) <= 45
    pages = range(1 + (len(expected) - 1) // 20)
    shown = [results_for(web, f"{narrowed}&sort={sort}&page={i + 1}") for i in pages]
    assert [len(page) for page in shown] == [min(20, len(expected) - 20 * i) for i in pages]
    assert [slug for page in shown for slug in page] == expected


def test_the_page_reads_the_content_version_once(web, seed):
    """The page cache reads the site's content version; the form's choices key on the same one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for query in ("", "q=탄소&category=research"):
        with CaptureQueriesContext(connection) as queries:
            assert explore(web, query).status_code == 200
        assert sum("core_contentversion" in q["sql"] for q in queries) == 1, query


def test_forms_share_their_fields_only_while_the_choices_are_the_same(seed):
    """ProgramFilterForm sets its fields up once per set of choices (prepared_fields): a new
    분야 shows in the next form, and one form's own values never reach another."""
    from django.http import QueryDict

    from gyeongju.programs.filters import ProgramFilterForm
    from tests.factories import CategoryFactory

    first = ProgramFilterForm(QueryDict("category=research&q=탄소"))
    second = ProgramFilterForm(QueryDict(""))
    assert second.fields["category"] is first.fields["category"]
    assert "checked" not in str(second["category"])
    assert 'value="탄소"' not in str(second["q"]) and 'value="탄소"' in str(first["q"])
    assert "checked" in str(first["category"])

    ProgramFactory(category=CategoryFactory(name="새 분야", slug="new-area"))
    third = ProgramFilterForm(QueryDict(""))
    assert ("new-area", "새 분야") in third.fields["category"].choices
    assert ("new-area", "새 분야") not in first.fields["category"].choices
