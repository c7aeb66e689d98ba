from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from gyeongju.core.charts import bar_chart
from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import PageMeta, site_jsonld, webpage_jsonld
from gyeongju.programs import selectors


@require_safe
@cached_page()
def home(request):
    totals = selectors.stated_totals()
    categories, budget_year = selectors.spending_by_category()
    kinds, funding_gap = selectors.funding_by_kind()
    category_chart = bar_chart(
        [(row.category.name, row.total_cost, "") for row in categories],
        title="분야별 총사업비 합계",
        description="분야마다 총사업비가 공개된 사업의 여러 해 총사업비를 더한 값입니다. 한 해 예산이 아닙니다.",
    )
    kind_rows = [(row.kind.label, row.amount or None, "") for row in kinds]
    kind_rows.append(("재원 구성 미공개", funding_gap["unexplained"] or None, "is-unknown"))
    kind_chart = bar_chart(
        kind_rows,
        title="재원별 금액 (알려진 몫)",
        description="총사업비가 공개된 사업의 돈을 재원별로 나눈 값입니다. 출처가 재원을 밝히지 않은 몫은 회색으로 표시합니다.",
        unknown="공개된 금액 없음",
    )
    context = {
        "nav": "home",
        "totals": totals,
        "categories": categories,
        "budget_year": budget_year,
        "category_chart": category_chart,
        "kinds": kinds,
        "funding_gap": funding_gap,
        "kind_chart": kind_chart,
        "cluster": selectors.featured_cluster(),
        "recent": selectors.recently_updated(),
        "meta": PageMeta(
            title="경주시 경제 투자 한눈에 보기",
            path=reverse("home"),
            jsonld=[site_jsonld()],
        ),
    }
    return render(request, "core/home.html", context)


@require_safe
@cached_page()
def privacy(request):
    meta = PageMeta(
        title="개인정보처리방침",
        path=reverse("privacy"),
        jsonld=[webpage_jsonld(name="개인정보처리방침", path=reverse("privacy"))],
    )
    return render(request, "core/privacy.html", {"meta": meta})


@require_safe
@cached_page()
def copyright_policy(request):
    meta = PageMeta(
        title="저작권정책",
        path=reverse("copyright"),
        jsonld=[webpage_jsonld(name="저작권정책", path=reverse("copyright"))],
    )
    return render(request, "core/copyright.html", {"meta": meta})


@require_safe
@cached_page()
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def oembed(request):
    """oEmbed (https://oembed.com) for program pages: news CMSs turn a program link into our card."""
    from urllib.parse import urlsplit

    from django.http import JsonResponse
    from django.urls import Resolver404, resolve

    from gyeongju.programs.models import Program

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
    embed = settings.SITE_URL + reverse("programs:embed", kwargs={"slug": program.slug})
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
            "thumbnail_url": settings.SITE_URL
            + reverse("programs:og_image", kwargs={"slug": program.slug}),
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


def bad_request(request, exception=None):
    return error_page(
        request,
        400,
        "요청을 처리할 수 없습니다",
        "주소나 입력한 값이 올바르지 않습니다. 주소를 확인하거나 처음부터 다시 시도해 주세요.",
    )


def page_not_found(request, exception=None):
    return error_page(
        request,
        404,
        "페이지를 찾을 수 없습니다",
        "주소가 바뀌었거나 공개되지 않은 페이지입니다. 사업 찾기에서 찾아보세요.",
    )


def server_error(request):
    import sys

    from .middleware import database_unavailable, drop_broken_connections

    # A database fault raised outside a view (middleware, a session save) still gets the 503 page.
    error = sys.exc_info()[1]
    if error is not None and database_unavailable(error):
        drop_broken_connections()
        return database_down_page(request)
    return error_page(
        request,
        500,
        "일시적인 오류가 발생했습니다",
        "잠시 뒤에 다시 시도해 주세요. 문제가 계속되면 담당 부서에 알려 주세요.",
    )


def error_page(request, status, title, message):
    from django.template.loader import render_to_string

    meta = PageMeta(title=title, path=request.path, noindex=True)
    body = render_to_string(
        "error.html",
        {"status": status, "title": title, "message": message, "meta": meta, **site_context()},
    )
    return HttpResponse(body, status=status)


def database_down_page(request):
    response = error_page(
        request,
        503,
        "잠시 서비스를 이용할 수 없습니다",
        "자료를 보관하는 데이터베이스에 연결할 수 없습니다. 잠시 뒤에 다시 시도해 주세요. "
        "연결이 돌아오면 자동으로 다시 열립니다.",
    )
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def site_context():
    from .context_processors import site

    return site(None)
