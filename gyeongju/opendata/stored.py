"""Full downloads built once per content version and served as stored files.

A download of every row (/data/programs.csv, /programs/download.csv without conditions) is the
same file until the data changes: it is written once to ``settings.DOWNLOADS_DIR`` under a name
that holds the content version and the code release, then every request is answered with that
file (sent by the server, sendfile where it can), with an ETag and 304s. A lock file makes ten
simultaneous first requests one build: the others wait for it and send what it wrote. The files are
a cache: deleting them costs one build each; an edit leaves the old ones unread, and the next build
of that download removes them. A gzip copy of CSV and JSON is kept beside each for browsers.
Filtered downloads still stream (``exports``).
"""

import fcntl
import gzip
import logging
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag

from gyeongju.core.page_cache import accepts_gzip, not_modified, release
from gyeongju.core.versioning import content_version

from .exports import content_disposition

logger = logging.getLogger("gyeongju")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
GZIPPED = {"csv", "json"}  # an XLSX file is a zip already
# Built files counted on the way, for tests and `make bench`: how many builds this process ran.
builds = {"count": 0}


@contextmanager
def locked(path: Path):
    """An exclusive lock on ``path`` (a file), across threads and processes of this server."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stored_file(name: str, fmt: str, build: Callable, token: str) -> Path:
    """The file of download ``name`` in ``fmt`` for ``token``, built by ``build(handle)`` if it
    is not there yet (by this request or, while it waits on the lock, by another)."""
    directory = Path(settings.DOWNLOADS_DIR)
    path = directory / f"{name}-{token}.{fmt}"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    with locked(directory / f"{name}.{fmt}.lock"):
        if path.exists():  # built while this request waited
            return path
        partial = path.with_name(path.name + f".{os.getpid()}.part")
        try:
            with open(partial, "wb") as handle:
                build(handle)
            if fmt in GZIPPED:
                with (
                    open(partial, "rb") as plain,
                    gzip.open(
                        path.with_name(path.name + ".gz.part"), "wb", compresslevel=6
                    ) as packed,
                ):
                    shutil.copyfileobj(plain, packed)
                os.replace(
                    path.with_name(path.name + ".gz.part"), path.with_name(path.name + ".gz")
                )
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        builds["count"] += 1
        for old in directory.glob(f"{name}-*.{fmt}*"):
            if not old.name.startswith(path.name):
                old.unlink(missing_ok=True)  # an open copy is still sent whole (POSIX)
    return path


def stored_download(request, name: str, fmt: str, build: Callable, *, filename: str):
    """``name`` in ``fmt`` as a stored file, with validators from the content version."""
    version = content_version()
    token = f"{release()}-{version.token}"
    etag = quote_etag(f"{name}.{fmt}.{token}")
    validators = {
        "ETag": etag,
        "Last-Modified": http_date(int(version.changed_at.timestamp())),
        "Cache-Control": "public, no-cache",
    }
    if not_modified(request, etag, version.changed_at):
        response = HttpResponseNotModified()
    else:
        path = stored_file(name, fmt, build, token)
        packed = path.with_name(path.name + ".gz")
        if fmt in GZIPPED and accepts_gzip(request) and packed.exists():
            response = FileResponse(open(packed, "rb"), content_type=CONTENT_TYPES[fmt])  # noqa: SIM115
            response["Content-Encoding"] = "gzip"
        else:
            response = FileResponse(open(path, "rb"), content_type=CONTENT_TYPES[fmt])  # noqa: SIM115
        response["Content-Disposition"] = content_disposition(f"{filename}.{fmt}")
    for header, value in validators.items():
        response[header] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
