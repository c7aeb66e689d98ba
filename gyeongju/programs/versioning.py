"""Which program pages an edit changes: their ``version`` moves in the edit's transaction (so the
page cache, ETag and Last-Modified follow), and the pages are rendered again once it commits.

Registered with ``core.versioning.watch`` in ``ProgramsConfig.ready``, for every model a program
page shows: a program's own fields and rows move its public "최종 수정" date too; a renamed
facility, site, organisation, source or 분야 moves only the version of the programs showing it.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gyeongju.core import page_cache
from gyeongju.core.versioning import watch
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.progress.models import Execution, Milestone
from gyeongju.sources.models import Source

from .models import Category, PortfolioYear, Program, ProgramBudget, ProgramPartner
from .search import index_programs

OWNED_ROWS = (Funding, ProgramBudget, ProgramPartner, Outcome, Execution, Milestone)
# Rendered when the edit commits; an edit that reaches more programs (a renamed 분야) leaves the
# rest to their first visitor.
REFRESH_AT_MOST = 20


def touch_programs(condition: Q, *, content_changed: bool) -> None:
    """Mark the programs matching ``condition`` as changed, and render their pages on commit."""
    ids = list(Program.private_objects.filter(condition).values_list("pk", flat=True).distinct())
    if not ids:
        return
    now = timezone.now()
    changes = {"version": F("version") + 1, "changed_at": now}
    if content_changed:
        changes["updated_at"] = now
    Program.private_objects.filter(pk__in=ids).update(**changes)
    refresh_on_commit(ids)


def refresh_on_commit(ids: list[int]) -> None:
    """Render these programs' pages once the edit commits (the first ``REFRESH_AT_MOST``)."""

    def refresh():
        slugs = Program.public_objects.filter(pk__in=ids).values_list("slug", flat=True)
        page_cache.refresh(Program(slug=slug).get_absolute_url() for slug in slugs)

    if len(ids) <= REFRESH_AT_MOST:
        transaction.on_commit(refresh, robust=True)


# What a program's neighbours show of it in their 관련 사업 (selectors.related_programs), and what
# makes it a neighbour: a change to one of these changes their pages too.
RELATED_SHOWS = ("name", "slug", "summary", "publication_state", "category_id", "site_id")


def program_changed(program, **signal) -> None:
    """Program.save() moved its own version and dates: its pages only need rendering. When what
    its neighbours' 관련 사업 show of it changed (or it came or went), their pages move too."""
    refresh_on_commit([program.pk])
    previous = getattr(program, "previous_related", None)
    current = {name: getattr(program, name) for name in RELATED_SHOWS}
    if "created" in signal and not signal["created"] and previous == current:
        return
    if not program.is_published and (previous or {}).get("publication_state") != "published":
        return  # a draft, and still one: no public page shows it
    touch_programs(neighbours_of(program, previous), content_changed=False)


def neighbours_of(program, previous: dict | None) -> Q:
    """The programs whose 관련 사업 may list ``program`` (now, or before this change)."""
    condition = Q(category=program.category_id) | Q(partnerships__organisation__programs=program)
    condition |= Q(facilities__programs=program)
    for values in (current_place(program), previous):
        if values and values.get("site_id"):
            condition |= Q(site=values["site_id"]) | Q(facilities__site=values["site_id"])
    if previous and previous.get("category_id"):
        condition |= Q(category=previous["category_id"])
    return condition & ~Q(pk=program.pk)


def current_place(program) -> dict:
    return {"site_id": program.site_id}


def row_changed(row, **signal) -> None:
    """A funding row, budget, partner or outcome: its program's page, and the page of the program
    it was moved away from (``previous_program_id``, read before the save)."""
    ids = {row.program_id, getattr(row, "previous_program_id", None)} - {None}
    touch_programs(Q(pk__in=ids), content_changed=True)


def shown_by(condition: Q, *, refresh_search: bool = False):
    """The reaction to a change of a record that program pages show: ``condition(record)`` names
    the programs showing it. ``refresh_search``: its name is in their search text (분야, 입지)."""

    def changed(record, **signal):
        touch_programs(condition(record), content_changed=False)
        if refresh_search and "created" in signal:
            refresh_search_text(condition(record))

    return changed


def links_changed(program, *, reverse: bool, pk_set=None, **signal) -> None:
    """A program's facilities or sources were linked or unlinked (from either side)."""
    if not reverse:
        touch_programs(Q(pk=program.pk), content_changed=False)
    elif pk_set:
        touch_programs(Q(pk__in=pk_set), content_changed=False)
    else:  # cleared from the facility's or source's side: every program that showed it
        relation = "facilities" if isinstance(program, Facility) else "sources"
        touch_programs(Q(**{relation: program}), content_changed=False)


def refresh_search_text(condition: Q) -> None:
    """A renamed 분야 or 입지 is searchable under its new name in every program that shows it."""
    programs = list(
        Program.private_objects.filter(condition).select_related("category", "site").distinct()
    )
    for program in programs:
        program.search_text = program.build_search_text()
    Program.private_objects.bulk_update(programs, ["search_text"], batch_size=500)
    index_programs((program.pk, program.search_text) for program in programs)


def register() -> None:
    watch(Program, program_changed)
    for model in OWNED_ROWS:
        watch(model, row_changed)
    watch(PortfolioYear)
    watch(Category, shown_by(lambda category: Q(category=category), refresh_search=True))
    watch(
        Site,
        shown_by(lambda site: Q(site=site) | Q(facilities__site=site), refresh_search=True),
    )
    watch(Facility, shown_by(lambda facility: Q(facilities=facility)))
    watch(
        Organisation,
        shown_by(
            lambda organisation: (
                Q(partnerships__organisation=organisation) | Q(facilities__operator=organisation)
            )
        ),
    )
    watch(
        Source,
        shown_by(
            lambda source: (
                Q(sources=source)
                | Q(cost_source=source)
                | Q(funding__source=source)
                | Q(budgets__source=source)
                | Q(outcomes__source=source)
                | Q(executions__source=source)
                | Q(milestones__source=source)
                | Q(milestones__actual_source=source)
            )
        ),
    )
    watch(Program.facilities.through, links_changed)
    watch(Program.sources.through, links_changed)
