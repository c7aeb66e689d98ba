"""A download of every row is built once per content version and sent as a stored file: repeated
and simultaneous requests cost one build, an edit makes the next one new, 304s from the version."""

import gzip
import threading
import time

import pytest

from gyeongju.opendata import stored
from gyeongju.programs.models import Program

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    return response.body if response.streaming else response.content


@pytest.mark.parametrize(
    "url",
    ["/data/programs.csv", "/data/funding.json", "/data/outcomes.xlsx", "/programs/download.csv"],
)
def test_the_second_download_is_the_stored_file_not_a_new_build(web, seed, url):
    before = stored.builds["count"]
    first = web.get(url)
    second = web.get(url)
    assert first.status_code == second.status_code == 200
    assert stored.builds["count"] == before + 1
    assert content(first)[:500] == content(second)[:500] and len(content(first)) == len(
        content(second)
    )
    assert first["ETag"] == second["ETag"] and first["Last-Modified"]
    assert first["Content-Disposition"].startswith("attachment;")
    assert web.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_browser_gets_the_stored_gzip_copy(web, seed):
    plain = content(web.get("/data/programs.csv"))
    packed = web.get("/data/programs.csv", headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(content(packed)) == plain
    assert "Accept-Encoding" in packed["Vary"]


def test_an_edit_makes_the_next_download_new_and_removes_the_old_file(web, seed, settings):
    first = web.get("/data/programs.csv")
    program = Program.private_objects.get(slug="vehicle-materials-molding")
    program.name = "새 이름의 성형가공 사업"
    program.save()
    second = web.get("/data/programs.csv")
    assert second["ETag"] != first["ETag"]
    assert "새 이름의 성형가공 사업" in content(second).decode()
    files = sorted(p.name for p in settings.DOWNLOADS_DIR.glob("programs-*.csv"))
    assert len(files) == 1, files


def test_ten_simultaneous_first_requests_cost_one_build(settings, tmp_path):
    settings.DOWNLOADS_DIR = tmp_path
    built = []

    def slow_build(handle):
        built.append(1)
        time.sleep(0.3)  # long enough for every other request to arrive meanwhile
        handle.write(b"slug,name\n")

    paths = []
    threads = [
        threading.Thread(
            target=lambda: paths.append(stored.stored_file("programs", "csv", slow_build, "v1"))
        )
        for _ in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert len(set(paths)) == 1 and paths[0].read_bytes() == b"slug,name\n"


def test_a_filtered_download_still_streams(web, seed):
    response = web.get("/programs/download.csv?q=탄소")
    assert response.streaming and "ETag" not in response
