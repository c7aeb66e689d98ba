"""A throwaway production-mode server: gunicorn + whitenoise, DEBUG off, a seeded temporary SQLite.

Used by the page-weight browser test and by scripts/audit.py (Lighthouse), which must measure
what a visitor gets: compressed, hashed static files and no debug machinery.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: gunicorn gets SIGTERM if this process dies without cleaning up (killed, crashed)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


@contextlib.contextmanager
def production_server(*, python: str | None = None, quiet: bool = True) -> Iterator[str]:
    """Yield the base URL of a seeded production-mode site; stop it and clean up afterwards."""
    python = python or sys.executable
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="gyeongju-prod-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gyeongju.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "DJANGO_STATIC_ROOT": f"{tmp}/static",
            "SITE_URL": base_url,
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)  # a private in-process cache: nothing shared with other runs
        out = subprocess.DEVNULL if quiet else None
        manage = [python, str(ROOT / "manage.py")]
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["seed_portfolio", "-v0"],
        ):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, stdout=out)
        # Threads: Chromium's idle pre-connections would otherwise hold sync workers hostage.
        process = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "gyeongju.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "8",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            preexec_fn=_die_with_parent,
        )
        try:
            _wait_until_up(base_url + "/", process)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
