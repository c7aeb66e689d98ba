"""reverse() and resolve() for the URLs every page repeats, looked up once per process.

A reverse() costs ~25 µs of Python; a program page made 35 and an explorer page 60 (a card links its
program twice, the nav and footer a dozen pages). The URL patterns cannot change while a process
runs, so each is reversed once per script prefix and URLconf, then filled in by string
replacement; a template's url('name', 'csv') with written-out arguments is reversed once too
(core.jinja). Only ASCII slugs are filled in (validate_ascii_slug), which need no quoting. The page
cache resolves every request's path the same way (``resolved``). Both forget what they hold when
the URLconf changes.
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
def _fixed(name: str, args: tuple, prefix: str, urlconf) -> str:
    return reverse(name, args=args)


def page_url(name: str) -> str:
    """reverse(name) for a URL without arguments."""
    return _reversed(name, False, get_script_prefix(), get_urlconf())


def fixed_url(name: str, args: tuple[str, ...]) -> str:
    """reverse(name, args=args) for arguments a template writes out ({% url 'x' 'csv' %})."""
    return _fixed(name, args, get_script_prefix(), get_urlconf())


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug})."""
    if not slug.isascii():
        return reverse(name, kwargs={"slug": slug})
    return _reversed(name, True, get_script_prefix(), get_urlconf()).replace(SLUG_MARK, slug, 1)


@lru_cache(maxsize=4096)
def resolved(path: str, urlconf):
    """resolve(path), remembered: a page-cache hit otherwise spends a third of its Python time
    matching the URL patterns. Paths that match nothing raise and are not remembered."""
    return resolve(path, urlconf)


@receiver(setting_changed)
def urlconf_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _fixed.cache_clear()
        resolved.cache_clear()
