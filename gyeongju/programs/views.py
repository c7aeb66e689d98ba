from csp.decorators import csp_replace
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from gyeongju.core.cards import render_card
from gyeongju.core.filters import page_links, paginate
from gyeongju.core.money import format_date, format_period, format_won
from gyeongju.core.page_cache import Stamp, cached_page
from gyeongju.core.seo import PageMeta, breadcrumb_jsonld, collection_jsonld, webpage_jsonld
from gyeongju.core.versioning import as_aware, fetch_one

from . import history, presenters
from .filters import SORTS, ProgramFilterForm
from .lookup import Moved, can_preview, find_program
from .models import Program
from .selectors import list_rows

PER_PAGE = 20


PROGRAM_STAMP_SQL = (
    f"SELECT id, version, changed_at FROM {Program._meta.db_table} "
    "WHERE slug = %s AND publication_state = 'published'"
)


def program_stamp(request, slug, **kwargs):
    """A published program's own edit version: its pages change exactly when it does.
    Read on every cached view of a program page, so plain SQL rather than the ORM."""
    row = fetch_one(PROGRAM_STAMP_SQL, [slug])
    if row is None:
        return None  # a draft, a renamed slug or nothing: the view decides, uncached
    return Stamp(f"program{row[0]}v{row[1]}", as_aware(row[2]), record=row[0])


@require_safe
@cached_page()
@vary_on_headers("HX-Request", "HX-Target")
def program_list(request):
    form = ProgramFilterForm(request.GET, version=getattr(request, "content_version", None))
    notes = form.notes
    programs = form.filter(Program.public_objects.all())  # ids only: rows come from list_rows
    page = paginate(
        request,
        programs,
        per_page=PER_PAGE,
        notes=notes,
        fetch=list_rows,
        gather=form.costly,
    )
    query = form.query_without_page()
    title = presenters.explorer_title(form, page)
    path = reverse("programs:list") + (f"?{query}" if query else "")
    description = (
        "경주시 경제 투자사업을 분야, 상태, 연도, 재원, 지역, 금액으로 찾아보고 "
        "찾은 목록을 CSV·엑셀·JSON으로 내려받을 수 있습니다."
    )
    context = {
        "nav": "programs",
        "form": form,
        "notes": notes,
        "chips": form.chips(),
        "page": page,
        "page_links": page_links(page),
        "query": query,
        "sorts": SORTS,
        "meta": PageMeta(
            title=title,
            path=path,
            description=description,
            feed_url=reverse("feeds:search") + (f"?{query}" if query else ""),
            feed_title="이 검색 결과의 업데이트 피드",
            jsonld=[
                collection_jsonld(
                    name=title,
                    path=path,
                    description=description,
                    items=[presenters.program_thing(p) for p in page.object_list],
                    total=page.paginator.count,
                )
            ],
        ),
    }
    template = "programs/program_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        partial = "results" if request.htmx.target == "results" else "explorer"
        context["partial"] = partial  # the fragment then carries the live region's new text
        template = f"{template}#{partial}"
    return render(request, template, context)


@require_safe
@cached_page(program_stamp)
def program_detail(request, slug):
    try:
        program = find_program(request, slug, page_rows=True)
    except Moved as moved:
        return moved.response
    snapshot = presenters.snapshot_from_request(request, program)
    if snapshot is not None and snapshot.error:
        return render(
            request,
            "programs/program_snapshot_missing.html",
            {"program": program, "snapshot": snapshot, "meta": snapshot.meta(program)},
            status=400 if snapshot.day is None else 404,
        )
    shown = snapshot.program if snapshot else program
    page = presenters.ProgramPage(shown, request=request, snapshot=snapshot)
    context = {
        "nav": "programs",
        "program": shown,
        "page": page,
        "snapshot": snapshot,
        "is_preview": not program.is_published,
        "meta": page.meta(),
    }
    response = render(request, "programs/program_detail.html", context)
    if not program.is_published:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@cached_page(program_stamp)
def program_history(request, slug):
    try:
        program = find_program(request, slug, page_rows=True)
    except Moved as moved:
        return moved.response
    timeline = history.program_timeline(program, include_drafts=can_preview(request.user))
    path = reverse("programs:history", kwargs={"slug": program.slug})
    context = {
        "nav": "programs",
        "program": program,
        "timeline": timeline,
        "baseline": history.original_vs_current(program),
        "is_preview": not program.is_published,
        "meta": PageMeta(
            title=f"{program.name} 변경 이력",
            path=path,
            description=f"{program.name}의 예산, 일정, 성과가 언제, 왜 바뀌었는지 기록한 변경 이력입니다.",
            modified=program.updated_at,
            feed_url=reverse("feeds:program", kwargs={"slug": program.slug}),
            feed_title=f"{program.name} 업데이트 피드",
            jsonld=[
                webpage_jsonld(
                    name=f"{program.name} 변경 이력",
                    path=path,
                    description=f"{program.name}의 예산, 일정, 성과 변경 기록",
                )
                | {
                    "dateModified": program.updated_at.isoformat(),
                    "about": presenters.program_thing(program),
                },
                breadcrumb_jsonld(
                    [
                        ("홈", "/"),
                        ("사업 찾기", reverse("programs:list")),
                        (program.name, program.get_absolute_url()),
                        ("변경 이력", path),
                    ]
                ),
            ],
        ),
    }
    return render(request, "programs/program_history.html", context)


@require_safe
def program_og_image(request, slug):
    """The program's 1200×630 preview card, cached per edit version."""
    try:
        program = find_program(request, slug, Program.private_objects.select_related("category"))
    except Moved as moved:
        return moved.response
    key = f"og:{program.pk}:{program.version}"
    png = cache.get(key)
    if png is None:
        png = render_card(
            title=program.name,
            kicker=f"{program.category.name} · {program.get_status_display()}",
            facts=[
                ("총사업비", format_won(program.total_cost)),
                ("사업 기간", format_period(program.start_year, program.end_year).split(" (")[0]),
                ("최종 수정", format_date(program.updated_at)),
            ],
            footer=f"{program.get_absolute_url()} · 출처와 기준일은 사업 페이지에서 확인하세요",
        )
        cache.set(key, png, 60 * 60 * 24 * 30)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = (
        "public, max-age=86400" if program.is_published else "private, no-store"
    )
    return response


@require_safe
@cached_page(program_stamp)
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def program_embed(request, slug):
    """A small card news sites can put in an iframe: the only framable page."""
    try:
        program = Program.public_objects.for_list().get(slug=slug)
    except Program.DoesNotExist:
        try:
            find_program(request, slug)
        except Moved as moved:
            return moved.response
        raise Http404("사업을 찾을 수 없습니다.") from None
    context = {
        "program": program,
        "meta": PageMeta(
            title=f"{program.name} 사업 카드",
            path=reverse("programs:embed", kwargs={"slug": program.slug}),
            description=program.summary,
            noindex=True,
        ),
    }
    return render(request, "programs/program_embed.html", context)
