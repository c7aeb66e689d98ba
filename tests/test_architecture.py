"""The code keeps its shape (docs/architecture.md): layers and no import cycles are held by
import-linter in CI (.importlinter); these hold what it cannot see."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = [p for p in (ROOT / "gyeongju").rglob("*.py") if "migrations" not in p.parts]


def hits(pattern: str, files=CODE) -> list[str]:
    regex = re.compile(pattern)
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if regex.search(line)
    ]


def test_no_django_private_api():
    private = (
        r"\._(result_cache|prefetched_objects_cache|prefetch_done|chain|clone|get_FIELD_display)\b"
    )
    assert hits(private) == []


def test_the_publication_filter_is_written_only_in_the_managers():
    """What is public is said once (programs/managers.py); everything else asks public()."""
    managers = ROOT / "gyeongju" / "programs" / "managers.py"
    elsewhere = [path for path in CODE if path != managers]
    written = r"(filter|exclude)\([^)]*publication_state|__publication_state|publication_state = '"
    assert hits(written, elsewhere) == []


def test_the_year_range_is_written_once():
    written = [hit.split(": ", 1) for hit in hits(r"\b1990\b|\b2100\b")]
    assert [(where.split(":")[0], line) for where, line in written] == [
        ("gyeongju/core/dates.py", "FIRST_YEAR = 1990"),
        ("gyeongju/core/dates.py", "LAST_YEAR = 2100"),
    ]


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "lint-imports").exists(), reason="no venv")
def test_the_import_contract_holds():
    """The same check CI runs: layers, and no cycle between modules."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
