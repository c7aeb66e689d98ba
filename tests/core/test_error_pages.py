"""Korean error pages (400, 404, 500) and the 503 page when the database cannot be reached, with
recovery on its own once the database is back."""

import contextlib
import html
import socket
from unittest import mock

import pytest
from django.db import OperationalError, ProgrammingError, connection, connections

from gyeongju.programs.models import Program
from tests.public import Visitor

DOWN_TITLE = "잠시 서비스를 이용할 수 없습니다"


def text(response) -> str:
    return html.unescape(response.content.decode())


def assert_korean_error_page(response, status, title):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = text(response)
    assert '<html lang="ko">' in page
    assert f"<title>{title} | 경주시 투자사업 포털</title>" in page
    assert f"<h1>{title}</h1>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "본문 바로가기" in page  # the site's own layout, not Django's bare page
    for leak in ("Traceback", "Error", "Exception", "Not Found", "Server Error", "settings.py"):
        assert leak not in page, leak
    assert "Content-Security-Policy" in response.headers


# 400, 404, 500 -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/no-such-page/", "/programs/no-such-program/", "/funding/gold/", "/facilities/nowhere/"],
)
def test_missing_pages_get_the_korean_404(url):
    response = Visitor().get(url)
    assert_korean_error_page(response, 404, "페이지를 찾을 수 없습니다")
    assert "사업 찾기" in text(response)


@pytest.mark.django_db
def test_a_draft_answers_404_like_a_missing_page():
    from tests.factories import ProgramFactory

    ProgramFactory(slug="draft-one", publication_state=Program.PublicationState.DRAFT)
    assert_korean_error_page(
        Visitor().get("/programs/draft-one/"), 404, "페이지를 찾을 수 없습니다"
    )


@pytest.mark.django_db
def test_an_unknown_host_gets_the_korean_400():
    response = Visitor(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert_korean_error_page(response, 400, "요청을 처리할 수 없습니다")


@pytest.mark.django_db
def test_a_crash_gets_the_korean_500_and_is_not_cached(seed):
    client = Visitor(raise_request_exception=False)
    with mock.patch("gyeongju.programs.selectors.stated_totals", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert_korean_error_page(response, 500, "일시적인 오류가 발생했습니다")
    assert "boom" not in text(response)
    recovered = client.get("/")
    assert recovered.status_code == 200
    assert recovered["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_bad_query_is_a_500_not_a_503(seed):
    """Only connection faults mean 'database unavailable'; a broken query is a bug (500)."""
    client = Visitor(raise_request_exception=False)
    with mock.patch(
        "gyeongju.programs.selectors.stated_totals",
        side_effect=ProgrammingError('relation "programs_program" does not exist'),
    ):
        response = client.get("/")
    assert_korean_error_page(response, 500, "일시적인 오류가 발생했습니다")
    assert "Retry-After" not in response.headers


# Database unavailable --------------------------------------------------------------------------


def connection_refused():
    """What the driver raises when the database server cannot be reached."""
    if connection.vendor == "sqlite":
        return connection.Database.OperationalError("unable to open database file")
    return connection.Database.OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


@contextlib.contextmanager
def database_down():
    """Every new cursor fails the way an unreachable server makes it fail (through Django's error
    wrapping, so views see django.db.OperationalError as they would for real)."""

    def refuse(self, name=None):
        raise connection_refused()

    with mock.patch.object(type(connections["default"]), "create_cursor", refuse):
        yield


def assert_database_down_page(response):
    assert_korean_error_page(response, 503, DOWN_TITLE)
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "연결이 돌아오면 자동으로 다시 열립니다" in text(response)
    assert "X-Page-Cache" not in response.headers


def outage_urls(slug):
    return [
        "/",
        "/programs/",
        "/programs/?q=탄소",
        f"/programs/{slug}/",
        f"/programs/{slug}/history/",
        f"/programs/{slug}/embed/",
        "/programs/download.csv",
        "/programs/download.json?q=탄소",
        "/data/programs.csv",
        "/data/outcomes.json",
        "/feeds/updates/",
        "/facilities/",
        "/funding/",
        "/outcomes/",
        "/sitemap.xml",
        f"/oembed/?url=https://testserver/programs/{slug}/",
    ]


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_database_gives_the_korean_503_and_the_site_recovers(seed):
    slug = Program.public_objects.order_by("pk").values_list("slug", flat=True).first()
    client = Visitor()
    before = {url: client.get(url) for url in outage_urls(slug)}
    assert all(r.status_code == 200 for r in before.values())
    with database_down():
        for url in outage_urls(slug):
            assert_database_down_page(client.get(url))
        # htmx requests and staff logging in meet the same page, not a traceback.
        assert_database_down_page(client.get("/programs/", HTTP_HX_REQUEST="true"))
        assert_database_down_page(
            client.post("/admin/login/", {"username": "minji", "password": "whatever"})
        )
    # The database is back: the very next requests are served, nothing restarted.
    for url in outage_urls(slug):
        response = client.get(url)
        assert response.status_code == 200, url
        if not response.streaming:
            assert response.content == before[url].content, url


@pytest.mark.django_db(transaction=True)
def test_a_database_fault_outside_a_view_is_a_503_too(seed):
    """A fault in middleware (here, saving the session) reaches handler500, which still answers
    with the 503 page when it is the database that is unreachable."""
    client = Visitor(raise_request_exception=False)
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/programs/")
    assert_database_down_page(response)
    assert client.get("/programs/").status_code == 200


# The real thing, on PostgreSQL ----------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket closes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_at_an_unreachable_address_gives_503_then_recovers(seed):
    client = Visitor()
    assert client.get("/programs/").status_code == 200
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(closed_port())
    try:
        for url in ("/", "/programs/", "/data/programs.csv"):
            assert_database_down_page(client.get(url))
    finally:
        connection.settings_dict["PORT"] = real_port
    assert client.get("/programs/").status_code == 200
    assert client.get("/").status_code == 200


@contextlib.contextmanager
def maintenance_connection():
    """A connection to the server's maintenance database, outside Django's connections."""
    import psycopg

    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        yield conn


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_terminated_and_refusing_connections_gives_503_then_recovers(seed):
    """The database server kills every session and refuses new ones (as during a restart or a
    failover); the app answers 503 meanwhile and serves again as soon as it accepts connections."""
    from psycopg import sql

    client = Visitor()
    slug = Program.public_objects.order_by("pk").values_list("slug", flat=True).first()
    assert client.get(f"/programs/{slug}/").status_code == 200
    name = connection.settings_dict["NAME"]
    with maintenance_connection() as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS false").format(sql.Identifier(name))
        )
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            # The held connection is dead, and no new one is accepted.
            for url in (f"/programs/{slug}/", "/", "/programs/", "/programs/"):
                assert_database_down_page(client.get(url))
        finally:
            admin.execute(
                sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS true").format(
                    sql.Identifier(name)
                )
            )
    assert client.get(f"/programs/{slug}/").status_code == 200
    assert client.get("/programs/").status_code == 200
