"""자료 오류 신고: POST from the form on program, facility, organisation and place pages.

Those pages are rendered once and kept for every visitor (decision 0009), so the form carries no
CSRF token; the view is exempt and instead refuses a cross-site Origin. Without JavaScript a
report is answered with a redirect to the thank-you page; with htmx, the form's region is
swapped in place (the same template's block). Errors keep what was typed."""

from urllib.parse import urlencode, urlsplit

from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from gyeongju.core.htmx import render_page
from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta

from . import services
from .forms import ErrorReportForm
from .models import ErrorReport

TEMPLATE = "reports/report_form.html"
PARTIALS = ("reportform",)  # the block of report_form.html (and the id htmx targets)
RATE_LIMITED = (
    "같은 곳에서 짧은 시간에 신고가 많이 들어와 잠시 받지 않고 있습니다. "
    "적으신 내용은 아래에 그대로 있으니 1시간 뒤에 다시 보내 주세요."
)
ROBOT = "신고를 받지 못했습니다. ‘이 칸은 비워 두세요’ 칸을 비우고 다시 보내 주세요."
CROSS_SITE = "다른 사이트에서 보낸 신고는 받지 않습니다."


def same_site(request) -> bool:
    origin = request.headers.get("Origin")
    if not origin:
        return True  # older browsers and privacy settings send none
    return urlsplit(origin).netloc == request.get_host()


def answer(request, form, *, status: int, error: str = "", sent: bool = False):
    context = {
        "report_form": form,
        "report_error": error,
        "report_sent": sent,
        "report": {"kind": form.data.get("kind", ""), "object_id": form.data.get("object_id")},
        "report_page": form.cleaned_data.get("page", "") if hasattr(form, "cleaned_data") else "",
        "meta": PageMeta(title="자료 오류 신고", path=page_url("reports:thanks"), noindex=True),
    }
    response = render_page(request, TEMPLATE, context, partials=PARTIALS)
    response.status_code = status
    return response


@csrf_exempt
@never_cache
@require_POST
def report_new(request):
    if not same_site(request):
        return HttpResponseForbidden(CROSS_SITE, content_type="text/plain; charset=utf-8")
    form = ErrorReportForm(request.POST)
    valid = form.is_valid()
    if form.is_robot:
        return answer(request, form, status=400, error=ROBOT)
    if not valid:
        return answer(request, form, status=400)
    if services.over_limit(request):
        return answer(request, form, status=429, error=RATE_LIMITED)
    record = form.record()
    report = ErrorReport.objects.create(
        page_url=form.cleaned_data["page"] or (record.get_absolute_url() if record else "/"),
        **({form.cleaned_data["kind"]: record} if record else {}),
        record_name=str(record)[:200] if record else "",
        message=form.cleaned_data["message"],
        email=form.cleaned_data["email"],
    )
    services.received()
    if request.htmx:
        return answer(request, form, status=200, sent=True)
    return redirect(page_url("reports:thanks") + "?" + urlencode({"page": report.page_url}))


@never_cache
@require_safe
def report_thanks(request):
    form = ErrorReportForm({"page": request.GET.get("page", "")})
    form.is_valid()
    return render(
        request,
        TEMPLATE,
        {
            "report_sent": True,
            "report_page": form.cleaned_data.get("page", ""),
            "report": {},
            "meta": PageMeta(
                title="자료 오류 신고 접수", path=page_url("reports:thanks"), noindex=True
            ),
        },
    )
