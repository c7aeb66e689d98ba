"""The Django admin, where staff keep the record (Django's autodiscover imports this package)."""

from . import (
    accounts,
    facilities,
    funding,
    lockout,
    organisations,
    outcomes,
    places,
    programs,
    progress,
    redirects,
    reports,
    review,
    sources,
)

__all__ = [
    "accounts",
    "facilities",
    "funding",
    "lockout",
    "organisations",
    "outcomes",
    "places",
    "programs",
    "progress",
    "redirects",
    "reports",
    "review",
    "sources",
]
