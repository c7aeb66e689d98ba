"""Korean dates and years: one helper for each, and the one range of years the record accepts."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone

SEOUL = ZoneInfo("Asia/Seoul")

# Every year the record holds (periods, fiscal years, stated totals, outcome years) lies here.
FIRST_YEAR = 1990
LAST_YEAR = 2100
YEAR_MESSAGE = f"연도는 {FIRST_YEAR}년부터 {LAST_YEAR}년 사이로 입력해 주세요."


def year_validators() -> list:
    """For a model or form field holding a year: the range, with a Korean message."""
    return [
        MinValueValidator(FIRST_YEAR, YEAR_MESSAGE),
        MaxValueValidator(LAST_YEAR, YEAR_MESSAGE),
    ]


def year_in_range(field: str, *, nullable: bool = False, first: int = FIRST_YEAR) -> Q:
    """A check constraint's condition: ``field`` holds a year of the range (or nothing).
    ``first``: an earlier start, for what may predate the record (a facility's completion)."""
    condition = Q(**{f"{field}__gte": first, f"{field}__lte": LAST_YEAR})
    return Q(**{f"{field}__isnull": True}) | condition if nullable else condition


def format_date(value: dt.date | dt.datetime | None, *, unknown: str = "") -> str:
    """2020. 12. 15. — the Korean public-sector date style. Aware datetimes are shown in Seoul time."""
    if value is None:
        return unknown
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return f"{value.year}. {value.month}. {value.day}."


def format_datetime(value: dt.datetime | None) -> str:
    """2020. 12. 15. 14:05 in Seoul time."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value)} {value:%H:%M}"


def format_period(start_year: int | None, end_year: int | None) -> str:
    """2021년 ~ 2022년, ~ 2022년 (start not stated), 2021년, or 미공개."""
    if start_year and end_year:
        if start_year == end_year:
            return f"{start_year}년"
        return f"{start_year}년 ~ {end_year}년"
    if end_year:
        return f"~ {end_year}년 (시작 연도 미공개)"
    if start_year:
        return f"{start_year}년 ~ (종료 연도 미공개)"
    return "미공개"
