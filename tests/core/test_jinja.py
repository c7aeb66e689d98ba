"""The Jinja2 environment of the public pages: what templates call gives what Django's templates
gave, a named block renders alone, and a missing value renders as nothing."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.test import RequestFactory

from gyeongju.core.jinja import floatformat, isodate, isodatetime


def rendered(source, **context):
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (12.345, 1, "12.3"),
        (12.35, 1, "12.4"),
        (7, 1, "7.0"),
        (Decimal("0.05"), 1, "0.1"),
        (33.333333333333336, 1, "33.3"),
        (99.95, 1, "100.0"),
        (2, 0, "2"),
    ],
)
def test_floatformat_rounds_half_up_like_django(value, places, shown):
    from django.template.defaultfilters import floatformat as django_floatformat

    assert floatformat(value, places) == shown == django_floatformat(value, places)


def test_times_are_written_in_local_time():
    moment = dt.datetime(2020, 12, 15, 16, 30, tzinfo=dt.UTC)  # 01:30 the next day in Seoul
    assert isodatetime(moment) == "2020-12-16T01:30:00+0900"
    assert isodate(moment) == "2020-12-16"
    assert isodatetime(moment.astimezone(ZoneInfo("America/New_York"))) == isodatetime(moment)


def test_a_missing_value_renders_as_nothing_however_deep():
    assert rendered("[{{ nothing }}|{{ nothing.at.all }}|{{ page.meta.title }}]", page={}) == "[||]"


def test_values_are_escaped_and_safe_html_is_not():
    from django.utils.safestring import mark_safe

    assert rendered("{{ a }}{{ b }}", a='<b>"', b=mark_safe("<i>")) == "&lt;b&gt;&#34;<i>"


def test_a_named_block_renders_alone(db):
    from django.core.paginator import Paginator

    page = Paginator([], 20).page(1)
    context = {"page": page, "page_links": [1], "notes": ["메모"], "query": "q=x"}
    html = get_template("programs/program_list.html#results").render(
        context, RequestFactory().get("/")
    )
    assert html.lstrip().startswith('<section id="results"')
    assert html.rstrip().endswith("</section>")
    assert "0개 사업" in html and "메모" in html and "<html" not in html
    with pytest.raises(TemplateDoesNotExist):
        get_template("programs/program_list.html#no-such-block")


def test_pages_load_htmx_through_django_htmx_s_own_tag(web, db):
    """The vendored htmx 2 comes from django-htmx's tag, with our config that keeps the CSP."""
    from django_htmx.jinja import htmx_script

    html = web.get("/privacy/").content.decode()
    assert str(htmx_script()) in html
    assert '"includeIndicatorStyles":false' in html
