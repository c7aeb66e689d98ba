"""/data/datapackage.json describes every download for machines (Frictionless Data Package), from
the same column definitions the downloads are written with; frictionless-py validates the package
and every file against it. /data/ carries schema.org Dataset/DataDownload JSON-LD."""

import json

import pytest
from frictionless import Package, system

from gyeongju.opendata.datasets import DATASETS
from gyeongju.programs.models import Program
from tests.factories import ExecutionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def package(web, seed):
    response = web.get("/data/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def test_the_package_describes_every_download_with_its_fields_licence_and_sources(package):
    assert [r["name"] for r in package["resources"]] == list(DATASETS)
    assert package["licenses"][0]["title"] == "공공누리 제1유형(출처표시)"
    assert any("보도자료" in s["title"] or "경주시" in s["title"] for s in package["sources"])
    for resource in package["resources"]:
        dataset = DATASETS[resource["name"]]
        assert resource["path"] == f"{SITE}/data/{dataset.name}.csv"
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.header for c in dataset.columns]
        assert [f["title"] for f in fields] == [c.key for c in dataset.columns]
        assert all(f["description"] for f in fields)
    programs = {f["title"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert programs["total_cost"]["type"] == "integer" and programs["total_cost"]["unit"] == "원"
    assert programs["url"]["format"] == "uri"


def test_frictionless_finds_the_package_and_every_file_valid(web, package, tmp_path):
    # The seed states no execution (issue 23): one reported year, so that file has a row too.
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    ExecutionFactory(program=program, source=program.sources.first())
    for resource in package["resources"]:
        name = resource["path"].rsplit("/", 1)[1]
        response = web.get(f"/data/{name}")
        assert response.status_code == 200
        (tmp_path / name).write_bytes(response.body if response.streaming else response.content)
        resource["path"] = name  # the same file, read from disk
    (tmp_path / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = [(task.name, error.message) for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]
    assert report.valid, errors[:10]
    assert all(task.stats["rows"] > 0 for task in report.tasks)


def test_the_data_page_lists_its_datasets_for_search_engines(web, seed):
    doc = parse(web.get("/data/").content.decode())
    blocks = [
        json.loads(node.text)
        for node in doc.iter()
        if node.tag == "script" and node.attrs.get("type") == "application/ld+json"
    ]
    items = [item for block in blocks for item in block.get("@graph", [block])]
    datasets = [item for item in items if item.get("@type") == "Dataset"]
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        assert dataset["license"].startswith("https://www.kogl.or.kr/")
        assert {d["@type"] for d in dataset["distribution"]} == {"DataDownload"}
        assert any(d["encodingFormat"] == "text/csv" for d in dataset["distribution"])
    assert doc.find("a", href="/data/datapackage.json") is not None
