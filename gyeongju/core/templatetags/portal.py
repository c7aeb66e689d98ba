"""Template filters and tags every page uses (registered as a builtin in settings)."""

from django import template

from gyeongju.core import money

register = template.Library()


@register.filter
def won(amount, unknown="미공개"):
    """{{ program.total_cost|won }} → 290억원; None → 미공개."""
    return money.format_won(amount, unknown=unknown)


@register.filter
def kdate(value, unknown=""):
    """{{ source.published_on|kdate }} → 2020. 12. 15."""
    return money.format_date(value, unknown=unknown)


@register.filter
def kdatetime(value):
    return money.format_datetime(value)


@register.filter
def period(program):
    return money.format_period(program.start_year, program.end_year)
