"""The Jinja2 environment the public pages are rendered with (decision 0007).

Jinja2 compiles a template to Python once (docs/performance.md has the numbers). The admin, the
sitemaps and the form widgets keep Django's engine.

What the pages call, under the names a template uses:
- ``url('programs:detail', slug=program.slug)``: reverse(), remembered per process (core.links).
- ``static('portal/css/site.css')``, ``htmx_script()``.
- filters ``won`` (core.money), ``kdate``, ``kdatetime``, ``period`` (core.dates), ``isodatetime``,
  ``isodate``, ``floatformat`` (fixed places), and Django's ``linebreaks``, ``urlencode``,
  ``truncatewords``.

A missing variable renders as nothing, however deep the lookup, as in Django's templates.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.template import TemplateDoesNotExist, defaultfilters
from django.template.backends import jinja2 as jinja2_backend
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import template_localtime
from django_htmx.jinja import htmx_script
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup

from . import dates, money
from .links import slug_url, url_with_args


def url(name: str, *args, **kwargs) -> str:
    if not kwargs and all(isinstance(arg, str) for arg in args):
        return url_with_args(name, args)
    if not args and kwargs.keys() == {"slug"} and isinstance(kwargs["slug"], str):
        return slug_url(name, kwargs["slug"])
    return reverse(name, args=args, kwargs=kwargs)


def won(amount, unknown="미공개") -> str:
    """{{ program.total_cost|won }} → 290억원; None → 미공개 (or the text given)."""
    return money.format_won(amount, unknown=unknown)


def kdate(value, unknown="") -> str:
    """{{ source.published_on|kdate }} → 2020. 12. 15."""
    return dates.format_date(value, unknown=unknown)


def period(program) -> str:
    return dates.format_period(program.start_year, program.end_year)


def isodatetime(value) -> str:
    """2020-12-15T09:30:00+0900, in local time: a <time> element's machine-readable value."""
    return template_localtime(value).strftime("%Y-%m-%dT%H:%M:%S%z")


def isodate(value) -> str:
    """2020-12-15, the local day (a query string's ?as_of=)."""
    return template_localtime(value).strftime("%Y-%m-%d")


def floatformat(value, places: int = 1) -> str:
    """Django's floatformat with a fixed number of places (half up): 12.345 → 12.3, 7 → 7.0."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return str(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def linebreaks(value) -> Markup:
    return Markup(defaultfilters.linebreaks_filter(value, autoescape=True))


def environment(**options) -> Environment:
    options["undefined"] = ChainableUndefined
    options.setdefault("keep_trailing_newline", True)
    env = Environment(**options)
    env.globals.update(url=url, static=static, htmx_script=htmx_script)
    env.filters.update(
        won=won,
        kdate=kdate,
        kdatetime=dates.format_datetime,
        period=period,
        isodatetime=isodatetime,
        isodate=isodate,
        floatformat=floatformat,
        linebreaks=linebreaks,
        urlencode=defaultfilters.urlencode,
        truncatewords=defaultfilters.truncatewords,
    )
    return env


class _Block:
    """One block of a template, rendered alone: what "page.html#results" names (the htmx partial
    of the page, as django-template-partials names it for Django's engine)."""

    def __init__(self, template, block: str):
        self.template, self.block = template, block
        self.name = f"{template.name}#{block}"
        self.filename = template.filename

    def render(self, context) -> str:
        return "".join(self.template.blocks[self.block](self.template.new_context(context)))


class Jinja2(jinja2_backend.Jinja2):
    def get_template(self, template_name):
        name, _, block = template_name.partition("#")
        found = super().get_template(name)
        if not block:
            return found
        if block not in found.template.blocks:
            raise TemplateDoesNotExist(template_name, backend=self)
        return jinja2_backend.Template(_Block(found.template, block), self)
