import datetime as dt

from csp.decorators import csp_replace
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from gyeongju.core.dates import SEOUL
from gyeongju.core.filters import page_links, paginate
from gyeongju.core.htmx import render_page
from gyeongju.core.models import ContentVersion
from gyeongju.core.page_cache import Stamp, cached_page
from gyeongju.core.slugs import redirect_renamed
from gyeongju.core.versioning import as_aware, fetch_one, run_due, stamp_time

from . import history, presenters
from .filters import SORTS, ProgramFilterForm
from .managers import published_sql
from .models import Program
from .preview import can_preview, visible_programs
from .selectors import cards, program_with_page_rows, related_programs
from .snapshots import DAY_HINT, PageRows, respelled_query, snapshot_from_request

PER_PAGE = 20
PARTIALS = ("explorer", "results")  # the blocks of program_list.html htmx swaps
NOT_FOUND = "사업을 찾을 수 없습니다."

PROGRAM_STAMP_SQL = (
    f"SELECT v.next_due, p.id, p.version, p.changed_at FROM {ContentVersion._meta.db_table} v "
    f"LEFT JOIN {Program._meta.db_table} p ON p.slug = %s AND {published_sql('p.publication_state')} "
    "WHERE v.id = 1"
)


def program_stamp(request, slug, **kwargs):
    """A published program's own edit version: its pages change exactly when it does. Read on
    every stored view of a program page, with what is next due, in one primary-key read in plain
    SQL (decision 0005)."""
    row = fetch_one(PROGRAM_STAMP_SQL, [slug])
    if row is not None and run_due(row[0]):
        row = fetch_one(PROGRAM_STAMP_SQL, [slug])
    if row is None or row[1] is None:
        return None  # a draft, a renamed slug or nothing: the view decides, uncached
    changed_at = as_aware(row[3])
    # The page says which milestones are late as of today: it is a new page each day (Seoul).
    today = timezone.localdate()
    midnight = dt.datetime.combine(today, dt.time.min, tzinfo=SEOUL)
    token = f"program{row[1]}v{row[2]}.{stamp_time(changed_at)}.{today.isoformat()}"
    return Stamp(token, max(changed_at, midnight))


@require_safe
@cached_page(params=ProgramFilterForm.param_names(), partials=PARTIALS)
def program_list(request):
    form = ProgramFilterForm(request.GET, version=getattr(request, "content_version", None))
    notes = form.notes
    programs = form.filter(Program.public_objects.all())
    page = paginate(request, programs, per_page=PER_PAGE, notes=notes, fetch=cards)
    query = form.query_without_page()
    context = {
        "nav": "programs",
        "form": form,
        "notes": notes,
        "chips": form.chips(),
        "page": page,
        "page_links": page_links(page),
        "query": query,
        "sorts": SORTS,
        "meta": presenters.explorer_meta(form, page, query),
    }
    return render_page(request, "programs/program_list.html", context, partials=PARTIALS)


@require_safe
@cached_page(program_stamp, params=("as_of",), keep=True)
def program_detail(request, slug):
    program = program_with_page_rows(slug, preview=can_preview(request.user))
    if program is None:
        return redirect_renamed(request, slug, visible_programs(request.user), not_found=NOT_FOUND)
    if (query := respelled_query(request)) is not None:
        return redirect(f"{program.get_absolute_url()}?{query}", permanent=True)
    snapshot = snapshot_from_request(request, program)
    if snapshot is not None and snapshot.error:
        return render(
            request,
            "programs/program_snapshot_missing.html",
            {"program": program, "snapshot": snapshot, "meta": snapshot.meta(program)},
            status=400 if snapshot.day is None else 404,
        )
    if snapshot is None:
        page = presenters.ProgramPage(program, PageRows.of(program))
    else:
        page = presenters.ProgramPage(snapshot.program, snapshot.rows, snapshot)
    context = {
        "nav": "programs",
        "program": page.program,
        "page": page,
        "snapshot": snapshot,
        "is_preview": not program.is_published,
        "meta": page.meta(),
        "day_hint": DAY_HINT,
        "related": related_programs(program, PageRows.of(program)),
        "report": {"kind": "program", "object": program},
    }
    response = render(request, "programs/program_detail.html", context)
    if not program.is_published:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@cached_page(program_stamp)
def program_history(request, slug):
    program = program_with_page_rows(slug, preview=can_preview(request.user))
    if program is None:
        return redirect_renamed(request, slug, visible_programs(request.user), not_found=NOT_FOUND)
    context = {
        "nav": "programs",
        "program": program,
        "timeline": history.program_timeline(program, include_drafts=can_preview(request.user)),
        "baseline": history.original_vs_current(program),
        "is_preview": not program.is_published,
        "meta": presenters.history_meta(program),
    }
    return render(request, "programs/program_history.html", context)


@require_safe
@cached_page(program_stamp)
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def program_embed(request, slug):
    """A small card news sites can put in an iframe: the only framable page."""
    program = (
        Program.public_objects.select_related("category", "site")
        .prefetch_related("funding")
        .filter(slug=slug)
        .first()
    )
    if program is None:
        return redirect_renamed(request, slug, Program.public_objects.all(), not_found=NOT_FOUND)
    context = {"program": program, "meta": presenters.embed_meta(program)}
    return render(request, "programs/program_embed.html", context)
