import os

import hypothesis
import pytest
from django.core.cache import cache
from django.core.management import call_command

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Property-based tests: the same examples on every run (derandomize), bounded so the suite stays
# fast; HYPOTHESIS_PROFILE=explore searches longer with fresh random examples.
hypothesis.settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=40,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.data_too_large,
    ],
)
hypothesis.settings.register_profile(
    "explore",
    parent=hypothesis.settings.get_profile("ci"),
    derandomize=False,
    max_examples=1000,
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite locally, but in CI a skip is a failure."""
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
                continue
            item.add_marker(
                pytest.mark.skip(
                    reason="PostgreSQL 전용 테스트 (DATABASE_URL=postgres://… 에서 실행)"
                )
            )


def pytest_sessionfinish(session, exitstatus):
    """'No tests collected' is a failure, never a silent pass."""
    if exitstatus == 5:
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed(db):
    """The seed portfolio from fixtures/portfolio.json."""
    call_command("loaddata", "portfolio", verbosity=0)


@pytest.fixture
def htmx_headers():
    return {
        "HX-Request": "true",
        "HX-Target": "results",
        "HX-Current-URL": "http://testserver/programs/",
    }


@pytest.fixture
def editor(db):
    from tests.factories import staff_user

    return staff_user("editor", group="편집자")


@pytest.fixture
def approver(db):
    from tests.factories import staff_user

    return staff_user("approver", group="승인자")


@pytest.fixture
def web():
    """An anonymous visitor over HTTPS, as behind the production proxy (tests.public.Visitor)."""
    from tests.public import Visitor

    return Visitor()


@pytest.fixture
def root(db):
    from tests.factories import staff_user

    return staff_user("root", superuser=True)


@pytest.fixture(autouse=True)
def _downloads_dir(settings, tmp_path):
    """Full downloads are built into a folder of each test's own (gyeongju/opendata/stored.py)."""
    settings.DOWNLOADS_DIR = tmp_path / "downloads"
