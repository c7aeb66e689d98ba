"""The Django admin, where staff keep the record (Django's autodiscover imports this package)."""

from . import facilities, funding, organisations, outcomes, programs, redirects, review, sources

__all__ = [
    "facilities",
    "funding",
    "organisations",
    "outcomes",
    "programs",
    "redirects",
    "review",
    "sources",
]
