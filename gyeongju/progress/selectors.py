"""Reads across the portfolio for execution and schedule, each a fixed number of queries whatever
the portfolio's size."""

import datetime as dt

from django.db.models import F, Q

from .models import Milestone


def late_condition(today: dt.date) -> Q:
    """A milestone is late: its planned date passed with no actual date, or it came later."""
    return Q(actual_date__isnull=True, planned_date__lt=today) | Q(
        actual_date__gt=F("planned_date")
    )


def late_program_ids(today: dt.date):
    """The ids of programs with a late milestone, as an uncorrelated subquery (``pk IN (…)``)."""
    return Milestone._base_manager.filter(late_condition(today)).values("program_id")
