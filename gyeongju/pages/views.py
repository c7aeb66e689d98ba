import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from gyeongju.core.links import page_url, slug_url
from gyeongju.core.page_cache import cached_page
from gyeongju.core.slugs import redirect_renamed
from gyeongju.core.versioning import stamp_time
from gyeongju.facilities.selectors import featured_cluster
from gyeongju.funding.selectors import funding_by_kind
from gyeongju.programs import selectors
from gyeongju.programs.models import Program
from gyeongju.programs.presenters import card_facts
from gyeongju.programs.preview import visible_programs

from . import presenters
from .cards import render_card

CARD_SECONDS = 60 * 60 * 24 * 30


@require_safe
@cached_page()
def home(request):
    categories, budget_year = selectors.spending_by_category()
    kinds, funding_gap = funding_by_kind()
    context = {
        "nav": "home",
        "totals": selectors.stated_totals(),
        "categories": categories,
        "budget_year": budget_year,
        "category_chart": presenters.category_chart(categories),
        "kinds": kinds,
        "funding_gap": funding_gap,
        "kind_chart": presenters.kind_chart(kinds, funding_gap),
        "execution": selectors.portfolio_execution(),
        "cluster": featured_cluster(),
        "recent": selectors.recently_updated(),
        "meta": presenters.home_meta(),
    }
    return render(request, "pages/home.html", context)


@require_safe
@cached_page()
def years(request):
    data = selectors.year_on_year()
    context = {
        "nav": "home",
        "data": data,
        "dimensions": presenters.year_dimensions(data),
        "meta": presenters.years_meta(),
    }
    return render(request, "pages/years.html", context)


@require_safe
@cached_page()
def privacy(request):
    return render(request, "pages/privacy.html", {"meta": presenters.policy_meta("privacy")})


@require_safe
@cached_page()
def copyright_policy(request):
    return render(request, "pages/copyright.html", {"meta": presenters.policy_meta("copyright")})


@require_safe
@cached_page()
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "",
        f"Sitemap: {settings.SITE_URL}{page_url('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability, from settings
    (DJANGO_SECURITY_CONTACT, DJANGO_SECURITY_TXT_EXPIRES). Without both, or once expired, there is
    no file rather than a wrong one; `check --deploy` warns about all three."""
    contacts, expires = settings.SECURITY_CONTACT, settings.SECURITY_TXT_EXPIRES
    if not contacts or expires is None or expires <= timezone.now():
        raise Http404("보안 연락처가 설정되지 않았습니다.")
    expires_utc = expires.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"# {settings.SITE_NAME}: 보안 취약점 신고 창구 (RFC 9116)",
        *(f"Contact: {contact}" for contact in contacts),
        f"Expires: {expires_utc}",
        "Preferred-Languages: ko, en",
        f"Canonical: {settings.SITE_URL}{page_url('security_txt')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def oembed(request):
    """oEmbed (https://oembed.com) for program pages: news CMSs turn a program link into our card."""
    url = request.GET.get("url", "")
    fmt = request.GET.get("format", "json")
    if fmt != "json":
        # oEmbed prescribes 501 for its other defined format (xml); anything else is bad input.
        status = 501 if fmt == "xml" else 400
        return JsonResponse({"error": "format은 json만 지원합니다."}, status=status)
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        match = None
    if match is None or match.view_name not in {"programs:detail", "programs:embed"}:
        return JsonResponse({"error": "사업 페이지 주소를 url 매개변수로 보내 주세요."}, status=404)
    program = Program.public_objects.filter(slug=match.kwargs["slug"]).first()
    if program is None:
        return JsonResponse({"error": "사업을 찾을 수 없습니다."}, status=404)
    width = clamp(request.GET.get("maxwidth"), 320, 640, 560)
    height = 360 if width >= 480 else 480  # a narrow card wraps into more lines
    embed = settings.SITE_URL + slug_url("programs:embed", program.slug)
    html = (
        f'<iframe src="{embed}" width="{width}" height="{height}" title="{escape(program.name)} 사업 카드" '
        'loading="lazy" style="border:0"></iframe>'
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": settings.SITE_NAME,
            "provider_url": settings.SITE_URL + "/",
            "title": program.name,
            "html": html,
            "width": width,
            "height": height,
            "thumbnail_url": settings.SITE_URL + slug_url("program_card", program.slug),
            "thumbnail_width": 1200,
            "thumbnail_height": 630,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def clamp(raw, low, high, default):
    try:
        return max(low, min(high, int(raw)))
    except (TypeError, ValueError):
        return default


@require_safe
def program_card(request, slug):
    """A program's 1200×630 preview card (og:image), drawn once per edit version."""
    visible = visible_programs(request.user)
    program = visible.select_related("category").filter(slug=slug).first()
    if program is None:
        return redirect_renamed(request, slug, visible, not_found="사업을 찾을 수 없습니다.")
    key = f"og:{program.pk}:{program.version}.{stamp_time(program.changed_at)}"
    png = cache.get(key)
    if png is None:
        kicker, facts = card_facts(program)
        png = render_card(
            title=program.name,
            kicker=kicker,
            facts=facts,
            footer=f"{program.get_absolute_url()} · 출처와 기준일은 사업 페이지에서 확인하세요",
        )
        cache.set(key, png, CARD_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = (
        "public, max-age=86400" if program.is_published else "private, no-store"
    )
    return response
