"""Several app servers: two gunicorn servers on one PostgreSQL (this test run's database) and one
Redis, under concurrent load while staff edit through server A's admin and by scripts: zero
errors, and every edit is on server B's very next response. Run again with each server keeping
its own local-memory cache (no REDIS_URL): the page cache keys on data versions read from the
database, so even private caches are never stale.

Needs PostgreSQL (DATABASE_URL) and, for the shared-cache run, REDIS_URL — as in .ci/run.
"""

import html
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from base64 import b32decode
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django_otp.oath import totp

from gyeongju.programs.models import Program
from tests.adminkit import form_data
from tests.factories import EOK, FundingFactory, restore_staff_groups
from tests.public import authenticator_code

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = secrets.token_urlsafe(64)
SITE_URL = "https://invest.gyeongju.example"  # the same canonical URLs from both servers
PASSWORD = "보문호수-벚꽃-2021-봄"
LOAD_REQUESTS = 400

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(static_root) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "gyeongju.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "SITE_URL": SITE_URL,
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Hashed, compressed static files, collected once, as `make serve` does."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=base_env(root),
        check=True,
        timeout=600,
    )
    return root


def shared_database_url() -> str:
    """This test run's PostgreSQL database, which the servers share with the test."""
    settings = connection.settings_dict
    user = urllib.parse.quote(settings["USER"] or "")
    password = urllib.parse.quote(settings["PASSWORD"] or "")
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class Server:
    def __init__(self, name, env, log_dir):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_dir / f"gunicorn-{name}.log", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gyeongju.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/robots.txt", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server {self.name} did not start:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-5000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(params=["redis", "local-memory"])
def servers(request, seed, static_root, tmp_path):
    """Servers A and B on this test's database, sharing Redis or each with its own cache."""
    env = {**base_env(static_root), "DATABASE_URL": shared_database_url()}
    if request.param == "redis":
        redis_url = os.environ.get("REDIS_URL")
        if not redis_url:
            pytest.skip("REDIS_URL이 없어 공유 캐시(Redis) 실행을 건너뜁니다.")
        env["REDIS_URL"] = redis_url
    started = [Server("A", env, tmp_path), Server("B", env, tmp_path)]
    try:
        for server in started:
            server.wait_until_up()
        yield SimpleNamespace(a=started[0], b=started[1], cache=request.param)
    finally:
        for server in started:
            server.stop()


def fetch(url, *, headers=None, opener=None, data=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8-sig", "replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # let the caller see the 302 of a successful admin save


class AdminSession:
    """A staff member's browser on one server: cookies, CSRF token, real forms."""

    def __init__(self, server, username):
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        status, page, _ = fetch(server.url + "/admin/login/", opener=self.opener)
        assert status == 200
        data = form_data(SimpleNamespace(content=page.encode()), "login-form")
        data.update({"username": username, "password": PASSWORD, "next": "/admin/"})
        status, body, headers = self.post("/admin/login/?next=/admin/", data)
        assert status == 302, body[:2000]
        self.second_factor(username, headers["Location"])

    def second_factor(self, username, step):
        """The code step, as the person's authenticator app answers it (registering the app at
        the account's first login, from the 설정 키 on the page)."""
        status, page, _ = fetch(self.server.url + step, opener=self.opener)
        assert status == 200, step
        data = form_data(SimpleNamespace(content=page.encode()), "login-form")
        if step == "/admin/login/app/":
            secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
            data["code"] = f"{totp(b32decode(secret)):06d}"
        else:
            data["code"] = authenticator_code(User.objects.get(username=username))
        status, body, _ = self.post(step, data)
        assert status == 302, body[:2000]

    def post(self, path, data):
        encoded = urllib.parse.urlencode(data, doseq=True).encode()
        return fetch(
            self.server.url + path,
            opener=self.opener,
            data=encoded,
            headers={"Referer": self.server.url + path},
        )

    def edit_program(self, program, changes):
        path = f"/admin/programs/program/{program.pk}/change/"
        status, page, _ = fetch(self.server.url + path, opener=self.opener)
        assert status == 200
        data = form_data(SimpleNamespace(content=page.encode()), "program_form", changes)
        status, body, _ = self.post(path, data)
        assert status == 302, html.unescape(body)[:3000]


def load_urls(slugs) -> list[tuple[str, dict]]:
    htmx = {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "/programs/"}
    urls = [
        ("/", {}),
        ("/programs/", {}),
        ("/programs/?q=%ED%83%84%EC%86%8C", {}),  # 탄소
        ("/programs/?sort=cost_desc", htmx),
        ("/funding/", {}),
        ("/facilities/", {}),
        ("/outcomes/", {}),
        ("/feeds/updates/", {}),
        ("/programs/download.csv", {}),
    ]
    for slug in slugs:
        urls += [(f"/programs/{slug}/", {}), (f"/programs/{slug}/history/", {})]
    return urls


def test_two_servers_under_load_show_every_edit_on_the_next_request(servers):
    programs = Program.public_objects.in_bulk(
        ["vehicle-materials-molding", "ai-bms-ecosystem", "drone-heritage-software"],
        field_name="slug",
    )
    admin_program = programs["vehicle-materials-molding"]  # 290억원, 국비 90억원
    script_program = programs["ai-bms-ecosystem"]  # 200억원, no funding rows yet
    hidden_program = programs["drone-heritage-software"]
    User.objects.create_superuser("minji", password=PASSWORD)
    # Visitors load every other program's pages; the hidden one is checked on its own below.
    slugs = list(
        Program.public_objects.exclude(pk=hidden_program.pk).values_list("slug", flat=True)
    )
    a, b = servers.a, servers.b

    # Both servers have the pages cached before anything changes.
    for server in (a, b):
        for slug in [*slugs, hidden_program.slug]:
            assert fetch(f"{server.url}/programs/{slug}/")[0] == 200
        assert fetch(server.url + "/programs/")[0] == 200

    errors: list[str] = []
    done = threading.Event()
    counted = {"requests": 0}
    lock = threading.Lock()
    urls = load_urls(slugs)

    def visitor(number):
        index = number
        while not done.is_set() or counted["requests"] < LOAD_REQUESTS:
            server = (a, b)[index % 2]
            path, headers = urls[index % len(urls)]
            index += 7
            try:
                status, body, _ = fetch(server.url + path, headers=headers)
                if status != 200:
                    errors.append(f"{server.name} {path}: {status} {body[:300]}")
            except Exception as error:  # a refused or dropped connection is an error too
                errors.append(f"{server.name} {path}: {error!r}")
            with lock:
                counted["requests"] += 1
                if counted["requests"] >= LOAD_REQUESTS * 3:
                    return

    staff = AdminSession(a, "minji")
    seen_late: list[str] = []

    def assert_on_b(check, what):
        """The very next request to B shows the edit (no retry, no waiting)."""
        if not check():
            seen_late.append(what)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(visitor, n) for n in range(8)]
        for round_ in range(1, 7):
            # Through server A's admin: the name and the total cost, with a reason.
            name = f"차량 소재 성형 센터 {round_}차 수정"
            staff.edit_program(
                admin_program,
                {
                    "name": name,
                    "total_cost": f"{290 + round_}억",
                    "change_reason": f"{round_}차 예산 조정",
                },
            )
            detail = f"{b.url}/programs/{admin_program.slug}/"
            assert_on_b(
                lambda n=name, d=detail: n in html.unescape(fetch(d)[1]), f"B detail {name}"
            )
            assert_on_b(
                lambda n=name: n in html.unescape(fetch(b.url + "/programs/")[1]),
                f"B list {name}",
            )
            assert_on_b(
                lambda r=round_, d=detail: (
                    f"{r}차 예산 조정" in html.unescape(fetch(d + "history/")[1])
                ),
                f"B history reason {round_}",
            )
            # By a script on the database (an import, a restore): a new funding row.
            FundingFactory(
                program=script_program, kind="city", fiscal_year=2020 + round_, amount=EOK
            )
            history = f"{b.url}/programs/{script_program.slug}/history/"
            assert_on_b(
                lambda y=2020 + round_, h=history: (
                    f"재원: 시비 ({y}년)" in html.unescape(fetch(h)[1])
                ),
                f"B funding {round_}",
            )
        # Unpublishing through the ORM: B stops showing it at once, on every surface.
        hidden_program.publication_state = Program.PublicationState.DRAFT
        hidden_program._change_reason = "비공개 전환"
        hidden_program.save()
        assert fetch(f"{b.url}/programs/{hidden_program.slug}/")[0] == 404
        assert hidden_program.name not in html.unescape(fetch(b.url + "/programs/")[1])
        assert fetch(f"{a.url}/programs/{hidden_program.slug}/")[0] == 404
        done.set()
        for future in futures:
            future.result(timeout=300)

    assert counted["requests"] >= LOAD_REQUESTS
    assert errors == [], errors[:10]
    assert seen_late == [], f"edits not on B's next response ({servers.cache} cache): {seen_late}"
    # Both servers now answer the same page, byte for byte.
    for path in ("/", "/programs/", f"/programs/{admin_program.slug}/"):
        assert fetch(a.url + path)[1] == fetch(b.url + path)[1], path
    for server in (a, b):
        assert "Traceback" not in server.output(), server.output()


def test_an_approval_and_an_embargo_reach_both_servers_on_their_next_request(servers):
    """An editor proposes through server A, an approver approves through A: B's next response
    shows it. A change scheduled for a 공개 시각 shows on neither before it, and on both right
    after it, with nobody acting: the first request after the minute applies it (issue 19)."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from gyeongju.review import services
    from gyeongju.review.models import Revision

    restore_staff_groups()
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    editor = User.objects.create_user("jiwoo", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="편집자"))
    approver = User.objects.create_user("seojun", password=PASSWORD, is_staff=True)
    approver.groups.add(Group.objects.get(name="승인자"))
    a, b = servers.a, servers.b
    page = f"/programs/{program.slug}/"
    for server in (a, b):  # both have the page cached
        assert "290억원" in html.unescape(fetch(server.url + page)[1])

    AdminSession(a, "jiwoo").edit_program(
        program, {"total_cost": "300억", "change_reason": "증액 제안"}
    )
    revision = Revision.objects.get(status="pending")
    assert "300억원" not in html.unescape(fetch(b.url + page)[1])
    approving = AdminSession(a, "seojun")
    status, review_page, _ = fetch(
        f"{a.url}/admin/review/revision/{revision.pk}/change/", opener=approving.opener
    )
    assert status == 200 and "300억원" in html.unescape(review_page)
    data = form_data(SimpleNamespace(content=review_page.encode()), None, {"publish_at": ""})
    status, body, _ = approving.post(f"/admin/review/revision/{revision.pk}/approve/", data)
    assert status == 302, html.unescape(body)[:2000]
    assert "300억원" in html.unescape(fetch(b.url + page)[1])

    # A scheduled change a few seconds ahead, approved by script on the same database.
    AdminSession(a, "jiwoo").edit_program(
        program, {"summary": "보도 시점에 공개되는 요약", "change_reason": "보도자료"}
    )
    revision = Revision.objects.get(status="pending")
    moment = timezone.now() + timedelta(seconds=4)
    services.approve(revision.pk, approver, publish_at=moment)
    for server in (a, b):
        assert "보도 시점에 공개되는 요약" not in html.unescape(fetch(server.url + page)[1])
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.5)
    assert "보도 시점에 공개되는 요약" in html.unescape(fetch(b.url + page)[1])
    assert "보도 시점에 공개되는 요약" in html.unescape(
        fetch(a.url + "/programs/?q=" + urllib.parse.quote("성형"))[1]
    )
    assert "보도 시점에 공개되는 요약" in html.unescape(fetch(a.url + page)[1])
    for server in (a, b):
        assert "Traceback" not in server.output(), server.output()
