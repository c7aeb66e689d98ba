"""The Django admin, where staff keep the record (Django's autodiscover imports this package)."""

from . import (
    accounts,
    facilities,
    funding,
    organisations,
    outcomes,
    places,
    programs,
    redirects,
    reports,
    review,
    sources,
)

__all__ = [
    "accounts",
    "facilities",
    "funding",
    "organisations",
    "outcomes",
    "places",
    "programs",
    "redirects",
    "reports",
    "review",
    "sources",
]
