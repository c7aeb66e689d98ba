"""Template filters and tags every page uses (registered as a builtin in settings)."""

from django import template
from django.conf import settings
from django.template import defaulttags
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from gyeongju.core import money
from gyeongju.core.links import fixed_url

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


class RememberedURLNode(defaulttags.URLNode):
    """{% url %} whose name and arguments are written out in the template: reversed once per
    process (core.links). Any variable, filter or keyword argument takes Django's own path."""

    def __init__(self, node):
        super().__init__(node.view_name, node.args, node.kwargs, node.asvar)
        parts = [node.view_name, *node.args]
        constant = not node.kwargs and all(not p.is_var and not p.filters for p in parts)
        self.fixed = (
            (str(node.view_name.var), tuple(str(a.var) for a in node.args)) if constant else None
        )

    def render(self, context):
        if self.fixed is None or getattr(getattr(context, "request", None), "current_app", None):
            return super().render(context)  # the admin names its site instance: Django decides
        try:
            url = fixed_url(*self.fixed)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's {% url %} (this library is a builtin, so it takes the tag's place everywhere)."""
    return RememberedURLNode(defaulttags.url(parser, token))
