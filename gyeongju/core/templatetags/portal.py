"""Template filters and tags every page uses (registered as a builtin in settings)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings

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


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The canonical absolute URL of ``path`` (default: the current path without query)."""
    if path is None:
        path = context["request"].path
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced or (value None/'') removed."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def querystring_of(pairs):
    return urlencode(pairs)
