"""Template filters and tags every page uses (registered as a builtin in settings)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string

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


CHROME_INPUTS = ("nav", "SITE_NAME", "LINKS", "CONTACT")
_chrome: dict = {}


@register.simple_tag(takes_context=True)
def chrome(context, part):
    """{% chrome "header" %}: the header or footer every page repeats, rendered once per process
    for each set of what it shows (the current menu item, the site's name, links and contact).
    It holds no records, so no edit can make it stale; with DEBUG on it is rendered every time, so
    template edits show at once."""
    values = {name: context.get(name) for name in CHROME_INPUTS}
    key = (part, *(repr(values[name]) for name in CHROME_INPUTS))
    html = None if settings.DEBUG else _chrome.get(key)
    if html is None:
        html = render_to_string(f"includes/_{part}.html", values)
        if not settings.DEBUG and len(_chrome) < 256:
            _chrome[key] = html
    return html
