"""Links looked up once per process are the links reverse() gives, and follow a changed URLconf."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse, set_script_prefix

from gyeongju.core.links import page_url, slug_url
from gyeongju.core.storage import StaticStorage


@pytest.mark.parametrize(
    "name", ["programs:detail", "programs:history", "facilities:detail", "feeds:program"]
)
@pytest.mark.parametrize("slug", ["busan-2030", "a", "smart_factory-1"])
def test_slug_urls_are_what_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("name", ["home", "programs:list", "data", "feeds:updates", "privacy"])
def test_page_urls_are_what_reverse_gives(name):
    assert page_url(name) == reverse(name)


def test_a_script_prefix_is_kept():
    set_script_prefix("/portal/")
    try:
        assert (
            slug_url("programs:detail", "x")
            == "/portal/programs/x/"
            == reverse("programs:detail", kwargs={"slug": "x"})
        )
        assert page_url("home") == "/portal/"
    finally:
        set_script_prefix("/")


def test_another_urlconf_is_followed():
    before = page_url("home")
    with override_settings(ROOT_URLCONF="tests.core.urls_moved"):
        clear_url_caches()
        assert page_url("home") == "/moved/"
    clear_url_caches()
    assert page_url("home") == before


def test_static_urls_are_the_manifest_urls(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {"portal/css/site.css": "portal/css/site.abc123.css"}, "version": "1.1"}'
    )
    storage = StaticStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("portal/css/site.css") == "/static/portal/css/site.abc123.css"
    assert storage.url("portal/css/site.css") == "/static/portal/css/site.abc123.css"


def test_the_page_cache_resolves_paths_once_and_follows_a_changed_urlconf():
    from django.urls import Resolver404

    from gyeongju.core.links import resolved

    assert resolved("/", None).url_name == "home"
    assert resolved("/", None) is resolved("/", None)  # remembered
    with override_settings(ROOT_URLCONF="tests.core.urls_moved"):
        with pytest.raises(Resolver404):
            resolved("/", None)
        assert resolved("/moved/", None).url_name == "home"
    assert resolved("/", None).url_name == "home"
    with pytest.raises(Resolver404):
        resolved("/moved/", None)


def rendered(source, **context):
    from django.template import engines

    return engines["jinja2"].from_string(source).render(context)


def test_the_url_function_is_what_reverse_gives():
    assert rendered("{{ url('programs:list') }}") == reverse("programs:list")
    assert rendered("{{ url('program_download', 'csv') }}") == reverse(
        "program_download", args=["csv"]
    )
    assert rendered("{{ url('programs:detail', slug=s) }}", s="a-b") == "/programs/a-b/"
    assert rendered("{{ url(name) }}", name="home") == "/"
    with pytest.raises(NoReverseMatch):
        rendered("{{ url('no-such-page') }}")


def test_the_url_function_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert rendered("{{ url('programs:list') }}") == "/portal/programs/"
        assert rendered("{{ url('programs:detail', slug='x') }}") == "/portal/programs/x/"
    finally:
        set_script_prefix("/")


def test_the_url_function_follows_a_changed_urlconf():
    before = rendered("{{ url('home') }}")
    with override_settings(ROOT_URLCONF="tests.core.urls_moved"):
        clear_url_caches()
        assert rendered("{{ url('home') }}") == reverse("home") != before
    clear_url_caches()
    assert rendered("{{ url('home') }}") == before
