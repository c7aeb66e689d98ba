"""reverse() and resolve() for the URLs every page repeats, looked up once per process.

The URL patterns cannot change while a process runs, so each name is reversed once per script
prefix and URLconf, then filled in by string replacement (an explorer page links sixty times:
docs/performance.md). Only ASCII slugs are filled in (validate_ascii_slug), which need no quoting.
The page cache resolves every request's path the same way (``resolved``). Both forget what they
hold when the URLconf changes.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, resolve, reverse

SLUG_MARK = "0slug0"


@lru_cache(maxsize=128)
def _reversed(name: str, with_slug: bool, prefix: str, urlconf) -> str:
    return reverse(name, kwargs={"slug": SLUG_MARK}) if with_slug else reverse(name)


@lru_cache(maxsize=256)
def _with_args(name: str, args: tuple, prefix: str, urlconf) -> str:
    return reverse(name, args=args)


def page_url(name: str) -> str:
    """reverse(name) for a URL without arguments."""
    return _reversed(name, False, get_script_prefix(), get_urlconf())


def url_with_args(name: str, args: tuple[str, ...]) -> str:
    """reverse(name, args=args) for arguments a template writes out (url('x', 'csv'))."""
    return _with_args(name, args, get_script_prefix(), get_urlconf())


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug})."""
    if not slug.isascii():
        return reverse(name, kwargs={"slug": slug})
    return _reversed(name, True, get_script_prefix(), get_urlconf()).replace(SLUG_MARK, slug, 1)


@lru_cache(maxsize=4096)
def resolved(path: str, urlconf):
    """resolve(path), remembered (matching the URL patterns was a third of a page-cache hit's
    Python time). Paths that match nothing raise and are not remembered."""
    return resolve(path, urlconf)


@receiver(setting_changed)
def urlconf_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _with_args.cache_clear()
        resolved.cache_clear()
