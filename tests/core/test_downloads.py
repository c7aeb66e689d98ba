"""Open data: the explorer's filtered list as CSV (UTF-8 with BOM), XLSX and JSON — exactly the
programs the explorer shows, in its order, every page of them — and full downloads of programs,
funding, facilities and outcomes, each column documented on /data/."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from gyeongju.opendata.datasets import DATASETS
from tests.factories import EOK, ProgramFactory
from tests.html import parse
from tests.public import full_page, result_links

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
SITE_URL = "http://127.0.0.1:8000"


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.streaming  # large downloads never sit in memory whole
    return b"".join(response.streaming_content)


def read_csv(response) -> list[dict]:
    data = body(response)
    assert data.startswith(BOM)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response) -> list[dict]:
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def read_json(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body(response))
    assert set(data) == {"meta", "columns", "data"}
    keys = [column["key"] for column in data["columns"]]
    assert all(list(row) == keys for row in data["data"])
    return data


def explorer_order(web, query) -> list[str]:
    """Every program the explorer lists for ``query``, across all its pages."""
    slugs, page = [], 1
    while True:
        doc = parse(web.get(f"/programs/?{query}&page={page}"))
        slugs += [link.strip("/").split("/")[1] for link in result_links(doc)]
        if doc.find("a", class_="next") is None:
            return slugs
        page += 1


QUERIES = [
    "q=탄소&sort=name",
    "year=2020&sort=cost_desc",
    "funding=national",
    "min_cost=100억&sort=cost_asc",
    "category=smart-manufacturing&sort=name",
    "q=없는말",
    "",
]


@pytest.mark.parametrize("query", QUERIES)
def test_filtered_downloads_hold_exactly_the_explorers_list_in_order(web, seed, query):
    expected = explorer_order(web, query)
    csv_rows = read_csv(web.get(f"/programs/download.csv?{query}"))
    xlsx_rows = read_xlsx(web.get(f"/programs/download.xlsx?{query}"))
    json_data = read_json(web.get(f"/programs/download.json?{query}"))
    assert [row["사업ID"] for row in csv_rows] == expected
    assert [row["사업ID"] for row in xlsx_rows] == expected
    assert [row["slug"] for row in json_data["data"]] == expected


def test_filtered_downloads_are_not_limited_to_one_page(web, db):
    for i in range(45):
        ProgramFactory(name=f"수출 사업 {i:02d}", slug=f"export-{i:02d}")
    ProgramFactory(name="다른 사업", slug="other")
    expected = [f"export-{i:02d}" for i in range(45)]
    assert explorer_order(web, "q=수출&sort=name") == expected
    assert [r["사업ID"] for r in read_csv(web.get("/programs/download.csv?q=수출&sort=name"))] == (
        expected
    )


def test_csv_values_are_whole_won_and_unknown_is_empty(web, seed):
    rows = {r["사업ID"]: r for r in read_csv(web.get("/programs/download.csv"))}
    molding = rows["vehicle-materials-molding"]
    assert molding["사업명"] == "차량용 첨단소재 성형가공 기술고도화 기반구축"
    assert molding["총사업비(원)"] == "29000000000"
    assert molding["국비(원)"] == "9000000000"
    assert molding["도비(원)"] == ""  # not stated, which is not 0원
    assert molding["재원 구성 미공개(원)"] == "20000000000"
    assert molding["주소"] == f"{SITE_URL}/programs/vehicle-materials-molding/"
    assert rows["smart-factory"]["총사업비(원)"] == ""
    assert rows["smart-factory"]["연도별 예산"] == "2021:8000000000"
    assert list(molding) == [column.header for column in DATASETS["programs"].columns]


def test_xlsx_keeps_numbers_as_numbers_and_describes_itself(web, seed):
    response = web.get("/programs/download.xlsx?funding=national")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "gyeongju-invest-programs-filtered.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert rows[1][header.index("총사업비(원)")] == 290 * EOK
    about = {row[0]: row[1] for row in workbook["정보"].iter_rows(values_only=True)}
    assert about["licence"] == "공공누리 제1유형(출처표시)"
    assert about["filters"] == "funding=national"


def test_json_meta_names_the_filters_licence_and_source(web, seed):
    data = read_json(web.get("/programs/download.json", {"q": "탄소"}))
    meta = data["meta"]
    assert meta["filters"] == "q=%ED%83%84%EC%86%8C"
    assert meta["licence"] == "공공누리 제1유형(출처표시)"
    assert meta["attribution"] == f"출처: 경주시 투자사업 포털({SITE_URL})"
    assert meta["url"].startswith(f"{SITE_URL}/programs/download.json?q=")
    described = {column["key"]: column["description"] for column in data["columns"]}
    assert described["total_cost"].startswith("여러 해에 걸친 총사업비")


def test_malformed_filters_download_what_the_explorer_shows(web, seed):
    query = "q=탄소&year=abc&sort=evil&page=0"
    expected = explorer_order(web, "q=탄소&year=abc&sort=evil")
    assert [r["사업ID"] for r in read_csv(web.get(f"/programs/download.csv?{query}"))] == expected


def test_unknown_format_is_a_korean_404(web, seed):
    for url in ("/programs/download.pdf", "/data/programs.pdf", "/data/secrets.csv"):
        response = web.get(url)
        assert response.status_code == 404
        assert parse(response).find("html").attrs["lang"] == "ko"


def test_spreadsheet_formulas_in_text_are_neutralised(web, db):
    ProgramFactory(slug="formula", name='=HYPERLINK("http://evil")', summary="@SUM(A1)")
    row = read_csv(web.get("/programs/download.csv"))[0]
    assert row["사업명"].startswith("'=") and row["요약"].startswith("'@")
    xlsx = read_xlsx(web.get("/programs/download.xlsx"))[0]
    assert xlsx["사업명"].startswith("'=")


@pytest.mark.parametrize(
    ("dataset", "count", "key", "first"),
    [
        ("programs", 10, "slug", None),
        ("funding", 2, "program_slug", "vehicle-materials-molding"),
        ("facilities", 4, "slug", "bms-infrastructure"),
        ("outcomes", 5, "program_slug", None),
    ],
)
def test_full_downloads(web, seed, dataset, count, key, first):
    columns = DATASETS[dataset].columns
    csv_rows = read_csv(web.get(f"/data/{dataset}.csv"))
    xlsx_rows = read_xlsx(web.get(f"/data/{dataset}.xlsx"))
    data = read_json(web.get(f"/data/{dataset}.json"))
    assert len(csv_rows) == len(xlsx_rows) == len(data["data"]) == count
    assert list(csv_rows[0]) == [c.header for c in columns]
    assert [row[key] for row in data["data"]] == [row[columns[0].header] for row in csv_rows]
    if first:
        assert data["data"][0][key] == first
    assert (
        f"gyeongju-invest-{dataset}.csv" in web.get(f"/data/{dataset}.csv")["Content-Disposition"]
    )


def test_funding_download_states_amount_source_and_quote(web, seed):
    rows = read_json(web.get("/data/funding.json"))["data"]
    assert rows[0] == {
        "program_slug": "vehicle-materials-molding",
        "program_name": "차량용 첨단소재 성형가공 기술고도화 기반구축",
        "kind": "국비",
        "amount": 90 * EOK,
        "fiscal_year": None,
        "quote": rows[0]["quote"],
        "source": "경주시, 「경제활성화·일자리창출 2021년 기업지원 사업 추진 계획」(2020-12-15)",
        "url": f"{SITE_URL}/programs/vehicle-materials-molding/",
    }
    assert "국비 90억원" in rows[0]["quote"]


def test_outcome_download_keeps_maturity_and_evidence(web, seed):
    rows = read_csv(web.get("/data/outcomes.csv"))
    contract = next(r for r in rows if r["지표"] == "수출계약액")
    assert contract["값"] == str(222 * EOK)
    assert contract["성숙도"] == "체결"
    assert contract["근거 문구"] == "222억원의 수출계약 성과를 올린바 있다"
    assert contract["기준일"] == "2020-12-15"


def test_data_page_documents_every_column_and_the_licence(web, seed):
    doc = full_page(web.get("/data/"), "공공데이터")
    text = doc.find("main").clean_text
    assert "공공누리 제1유형(출처표시)" in text
    assert (
        "이 자료는 경주시 투자사업 포털(http://127.0.0.1:8000)의 공공데이터를 이용했으며, "
        "공공누리 제1유형(출처표시) 조건에 따라 이용할 수 있습니다." in text
    )
    assert doc.find("img", alt="공공누리 제1유형: 출처표시") is not None
    for key, dataset in DATASETS.items():
        section = doc.find("section", aria_labelledby=f"dataset-{key}")
        documented = {
            tr.find("th").clean_text: [td.clean_text for td in tr.find_all("td")]
            for tr in section.find("tbody").find_all("tr")
        }
        assert list(documented) == [column.header for column in dataset.columns]
        for column in dataset.columns:
            assert documented[column.header] == [column.key, column.description]
        assert set(section.links()) == {f"/data/{key}.{fmt}" for fmt in ("csv", "xlsx", "json")}
