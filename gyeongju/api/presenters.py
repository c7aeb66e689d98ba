"""Records as the API answers them: plain dicts matching ``schemas``, read from rows already
fetched (no query here)."""

from django.conf import settings
from django.utils import timezone

from gyeongju.core.money import format_won
from gyeongju.funding.models import FundingKind, unallocated_cost


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def api_url(path: str) -> str:
    return f"{settings.SITE_URL}/api/v1{path}"


def money(amount: int | None) -> dict:
    return {"won": None if amount is None else int(amount), "display": format_won(amount)}


def choice(code: str, label) -> dict:
    return {"code": str(code), "label": str(label)}


def text(value: str) -> str | None:
    return value or None


def source(record) -> dict | None:
    if record is None:
        return None
    return {
        "title": record.title,
        "publisher": record.publisher,
        "kind": choice(record.kind, record.get_kind_display()),
        "published_on": record.published_on,
        "url": record.url or None,
    }


def site(record) -> dict | None:
    if record is None:
        return None
    return {"slug": record.slug, "name": record.name, "url": absolute(record.get_absolute_url())}


def program_ref(program) -> dict:
    return {
        "slug": program.slug,
        "name": program.name,
        "url": absolute(program.get_absolute_url()),
        "api_url": api_url(f"/programs/{program.slug}/"),
    }


def funding_brief(row) -> dict:
    return {
        "kind": choice(row.kind, row.get_kind_display()),
        "amount": money(row.amount),
        "fiscal_year": row.fiscal_year,
    }


def program_summary(program, funding_rows) -> dict:
    return {
        **program_ref(program),
        "summary": program.summary,
        "category": {"slug": program.category.slug, "name": program.category.name},
        "status": choice(program.status, program.get_status_display()),
        "start_year": program.start_year,
        "end_year": program.end_year,
        "total_cost": money(program.total_cost),
        "funding": [funding_brief(row) for row in funding_rows],
        "funding_undisclosed": money(unallocated_cost(program.total_cost, funding_rows)),
        "site": site(program.site),
        "updated_at": program.updated_at,
        "as_of": timezone.localdate(program.updated_at),
        "source": source(program.cost_source),
    }


def outcome(row, program) -> dict:
    return {
        "title": row.title,
        "indicator": choice(row.indicator, row.get_indicator_display()),
        "value": row.value,
        "unit": choice(row.unit, row.get_unit_display()),
        "display_value": row.display_value,
        "kind": choice(row.kind, row.get_kind_display()),
        "maturity": choice(row.maturity, row.get_maturity_display()),
        "period_year": row.period_year,
        "as_of": row.as_of,
        "quote": text(row.quote),
        "source": source(row.source),
        "url": absolute(program.get_absolute_url()),
    }


def facility_brief(facility) -> dict:
    operator = facility.operator
    return {
        "slug": facility.slug,
        "name": facility.name,
        "url": absolute(facility.get_absolute_url()),
        "api_url": api_url(f"/facilities/{facility.slug}/"),
        "site": site(facility.site),
        "operator": {"slug": operator.slug, "name": operator.name} if operator else None,
        "equipment_count": facility.equipment_count,
        "equipment_note": text(facility.equipment_note),
        "completion_year": facility.completion_year,
        "latitude": float(facility.latitude) if facility.latitude is not None else None,
        "longitude": float(facility.longitude) if facility.longitude is not None else None,
    }


def facility(record, programs) -> dict:
    return {
        **facility_brief(record),
        "description": text(record.description),
        "quote": text(record.quote),
        "source": source(record.source),
        "as_of": timezone.localdate(record.updated_at),
        "programs": [program_ref(program) for program in programs],
    }


def program_detail(page, timeline, snapshot) -> dict:
    """``page``: programs.presenters.ProgramPage (as it is, or as the snapshot had it)."""
    program = page.program
    data = program_summary(program, page.funding_rows)
    data.update(
        body=program.body,
        cost_note=text(program.cost_note),
        cost_quote=text(program.cost_quote),
        lead_department=text(program.lead_department),
        funding_summary=page.funding_summary,
        funding=[
            {**funding_brief(row), "quote": text(row.quote), "source": source(row.source)}
            for row in page.funding_rows
        ],
        budgets=[
            {
                "fiscal_year": row.fiscal_year,
                "amount": money(row.amount),
                "quote": text(row.quote),
                "source": source(row.source),
            }
            for row in page.budgets
        ],
        execution=[execution_year(year) for year in page.execution_years],
        milestones=[milestone(entry) for entry in page.timeline.milestones],
        schedule_as_of=page.today,
        outcomes=[outcome(row, program) for row in page.outcomes],
        facilities=[facility_brief(row) for row in page.facilities],
        partners=[
            {
                "organisation": {"slug": row.organisation.slug, "name": row.organisation.name},
                "kind": choice(row.organisation.kind, row.organisation.get_kind_display()),
                "role": row.role,
            }
            for row in page.partnerships
        ],
        sources=[source(row) for row in page.sources],
        completeness={"percent": page.completeness_percent, "missing": page.missing_facts},
        history=[
            {
                "when": item.when,
                "reason": item.reason,
                "events": [
                    {
                        "subject": event.subject,
                        "action": event.action,
                        "changes": [vars(change) for change in event.changes],
                    }
                    for event in item.events
                ],
            }
            for item in timeline
        ],
        history_url=absolute(program.get_absolute_url() + "history/"),
        citation=page.citation,
        snapshot={"as_of": snapshot.day} if snapshot else None,
    )
    if snapshot:
        data["url"] = page.url
        data["as_of"] = snapshot.day
    return data


def execution_year(year) -> dict:
    """``year``: progress.presenters.YearExecution."""
    rows = [year.total_row] if year.total_row is not None else []
    return {
        "fiscal_year": year.year,
        "budget": money(year.budget),
        "executed": money(year.executed),
        "executed_is_sum_of_kinds": year.is_sum_of_kinds,
        "execution_rate": None if year.rate is None else round(year.rate, 1),
        "rate_label": year.rate_label,
        "as_of": year.as_of,
        "rows": [
            {
                "kind": choice(row.kind, row.get_kind_display()) if row.kind else None,
                "amount": money(row.amount),
                "as_of": row.as_of,
                "quote": text(row.quote),
                "source": source(row.source),
            }
            for row in [*rows, *year.kind_rows]
        ],
    }


def milestone(entry) -> dict:
    """``entry``: progress.presenters.TimelineEntry (not the "오늘" marker)."""
    row, status = entry.milestone, entry.status
    return {
        "phase": choice(row.phase, row.get_phase_display()),
        "name": row.title,
        "planned_date": row.planned_date,
        "planned_precision": choice(row.planned_precision, row.get_planned_precision_display()),
        "planned_display": entry.planned_display,
        "actual_date": row.actual_date,
        "status": status.state,
        "days": status.days,
        "status_label": status.label,
        "quote": text(row.quote),
        "source": source(row.source),
        "actual_source": source(row.actual_source),
    }


def organisation_ref(record) -> dict:
    return {
        "slug": record.slug,
        "name": record.name,
        "kind": choice(record.kind, record.get_kind_display()),
        "url": absolute(record.get_absolute_url()),
        "api_url": api_url(f"/organisations/{record.slug}/"),
    }


def organisation(record, partnerships, facilities) -> dict:
    """``record`` annotated with ``program_count`` (organisations.selectors.organisation_list)."""
    return {
        "slug": record.slug,
        "name": record.name,
        "short_name": text(record.short_name),
        "kind": choice(record.kind, record.get_kind_display()),
        "region": text(record.region),
        "homepage": text(record.url),
        "description": text(record.description),
        "url": absolute(record.get_absolute_url()),
        "api_url": api_url(f"/organisations/{record.slug}/"),
        "program_count": record.program_count,
        "programs": [{**program_ref(row.program), "role": row.role} for row in partnerships],
        "facilities": [{"slug": row.slug, "name": row.name} for row in facilities],
        "as_of": timezone.localdate(record.updated_at),
        "source": None,
    }


def organisation_detail(record, participations, facilities, money_rows, partners) -> dict:
    return {
        **organisation(record, [], facilities),
        "programs": [{**program_ref(row.program), "roles": row.roles} for row in participations],
        "facilities": [facility_brief(row) for row in facilities],
        "money": money_by_source(money_rows),
        "partners": [
            {**organisation_ref(row), "shared_program_count": row.shared_count} for row in partners
        ],
    }


def money_by_source(totals) -> dict:
    """``totals``: funding.selectors.MoneyBySource (of an organisation's or a place's programs)."""
    return {
        "kinds": [
            {
                "kind": choice(row.kind.value, row.kind.label),
                # No program states this kind: unknown, not 0원 (the page: "공개된 금액 없음").
                "amount": money(row.amount if row.program_count else None),
                "program_count": row.program_count,
            }
            for row in totals.kinds
        ],
        "known_total": money(totals.known_total),
        "costed_total": money(totals.gap["costed_total"]),
        "costed_count": totals.gap["costed_count"],
        "undisclosed": money(totals.gap["unexplained"]),
        "program_count": totals.program_count,
        "uncosted_count": totals.uncosted_count,
        "programs_without_funding": totals.without_funding,
    }


def coordinate(value) -> float | None:
    return float(value) if value is not None else None


def place_ref(record) -> dict:
    return {
        "slug": record.slug,
        "name": record.name,
        "kind": choice(record.kind, record.get_kind_display()),
        "url": absolute(record.get_absolute_url()),
        "api_url": api_url(f"/places/{record.slug}/"),
    }


def place(record) -> dict:
    """``record`` with its parent and the counts of places.selectors.counting."""
    return {
        **place_ref(record),
        "parent": place_ref(record.parent) if record.parent else None,
        "description": text(record.description),
        "latitude": coordinate(record.latitude),
        "longitude": coordinate(record.longitude),
        "program_count": record.program_count,
        "facility_count": record.facility_count,
        "explorer_url": absolute(record.explorer_url),
        "as_of": timezone.localdate(record.updated_at),
        "source": None,
    }


def place_detail(record, complexes, programs, facilities, money_rows, outcomes) -> dict:
    return {
        **place(record),
        "complexes": [place_ref(row) for row in complexes],
        "programs": [program_ref(row) for row in programs],
        "facilities": [facility_brief(row) for row in facilities],
        "money": money_by_source(money_rows),
        "outcomes": [
            {**outcome(row, row.program), "program": program_ref(row.program)} for row in outcomes
        ],
    }


def year(record) -> dict:
    return {
        "year": record.year,
        "program_count": record.program_count,
        "total_amount": money(record.total_amount),
        "description": text(record.description),
        "quote": text(record.quote),
        "source": source(record.source),
        "url": absolute(record.get_absolute_url()),
        "as_of": record.source.published_on
        if record.source
        else timezone.localdate(record.updated_at),
    }


def funding_totals(rows, totals, without_funding, version) -> dict:
    descriptions = FundingKind.descriptions()
    return {
        "kinds": [
            {
                "kind": choice(row.kind.value, row.kind.label),
                "description": descriptions[row.kind],
                # No program states this kind: unknown, not 0원 (/funding/: "공개된 금액 없음").
                "amount": money(row.amount if row.program_count else None),
                "program_count": row.program_count,
                "url": absolute(row.url),
            }
            for row in rows
        ],
        "costed_total": money(totals["costed_total"]),
        "costed_count": totals["costed_count"],
        "undisclosed": money(totals["unexplained"]),
        "programs_without_funding": without_funding,
        "note": (
            "재원별 금액은 출처가 밝힌 만큼만 더한 것입니다. 총사업비 가운데 재원을 밝히지 않은 "
            "금액은 ‘재원 구성 미공개’로 따로 셉니다. 여러 해에 걸친 사업비이므로 한 해의 예산이 "
            "아닙니다."
        ),
        "url": absolute("/funding/"),
        "as_of": timezone.localdate(version.changed_at),
        "source": None,
    }
