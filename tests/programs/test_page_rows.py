"""A program page's rows read in plain SQL (selectors.program_page) are exactly what the ORM's
for_detail() prefetch gives, in the same order, and reading them afterwards costs no query."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gyeongju.programs.models import Program
from gyeongju.programs.selectors import list_rows, program_by_slug, program_page
from tests.factories import (
    EOK,
    BudgetFactory,
    FacilityFactory,
    FundingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    ProgramFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def rich_program():
    old, new = SourceFactory(published_on=dt.date(2019, 5, 1)), SourceFactory()
    program = ProgramFactory(site=SiteFactory(), cost_source=old)
    for kind, year in [("city", None), ("national", 2022), ("national", None), ("private", 2021)]:
        FundingFactory(program=program, kind=kind, fiscal_year=year, amount=EOK, source=new)
    for year in (2023, 2021):
        BudgetFactory(program=program, fiscal_year=year, source=old)
    OutcomeFactory(program=program, period_year=2020, order=2)
    OutcomeFactory(program=program, period_year=2022, order=1, source=old)
    OutcomeFactory(program=program, period_year=None, order=1, source=new)
    PartnerFactory(program=program, order=2)
    PartnerFactory(program=program, order=1, organisation=OrganisationFactory())
    operated = FacilityFactory(name="나 센터", site=None, operator=OrganisationFactory())
    program.facilities.add(
        FacilityFactory(name="다 센터"), operated, FacilityFactory(name="가 센터")
    )
    program.sources.add(old, new)
    ProgramFactory()  # another program's rows stay out
    return program


def described(program):
    """Everything the page reads from a loaded program, as plain values."""
    pk = lambda obj: obj.pk if obj is not None else None  # noqa: E731
    return {
        "program": (pk(program.category), pk(program.site), pk(program.cost_source)),
        "funding": [(r.pk, pk(r.source)) for r in program.funding.all()],
        "funding_rows": [r.pk for r in program.funding_rows],
        "budgets": [(r.pk, pk(r.source)) for r in program.budgets.all()],
        "outcomes": [(r.pk, pk(r.source)) for r in program.outcomes.all()],
        "facilities": [(r.pk, pk(r.site), pk(r.operator)) for r in program.facilities.all()],
        "partnerships": [(r.pk, pk(r.organisation)) for r in program.partnerships.all()],
        "sources": [r.pk for r in program.sources.all()],
        "missing": program.missing_facts(),
        "summary": program.funding_summary,
    }


def test_plain_sql_rows_match_the_orm_prefetch_in_order():
    program = rich_program()
    expected = described(Program.private_objects.for_detail().get(pk=program.pk))
    loaded = program_page(program.slug, include_drafts=False)
    with CaptureQueriesContext(connection) as reading:
        got = described(loaded)
    assert got == expected
    assert len(reading) == 0
    assert [r.kind for r in loaded.funding.all()] == ["national", "national", "city", "private"]
    assert [r.fiscal_year for r in loaded.funding.all()][:2] == [None, 2022]
    # The latest year first and an undated outcome last, on SQLite and PostgreSQL alike.
    assert [r.period_year for r in loaded.outcomes.all()] == [2022, 2020, None]


def values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_every_field_comes_back_with_the_orm_types():
    program = rich_program()
    facility = program.facilities.first()
    facility.latitude, facility.longitude = Decimal("35.801234"), Decimal("129.301234")
    facility.save()
    expected = Program.private_objects.for_detail().get(pk=program.pk)
    loaded = program_page(program.slug, include_drafts=False)
    assert values(loaded) == values(expected)
    assert loaded.updated_at.tzinfo is not None
    for name in ("funding", "budgets", "outcomes", "facilities", "partnerships", "sources"):
        assert [values(r) for r in getattr(loaded, name).all()] == [
            values(r) for r in getattr(expected, name).all()
        ], name
    assert values(loaded.cost_source) == values(expected.cost_source)
    assert values(loaded.category) == values(expected.category)
    assert isinstance(loaded.sources.all()[0].published_on, dt.date)


def test_loading_a_page_takes_a_fixed_number_of_queries():
    program = rich_program()
    with CaptureQueriesContext(connection) as loading:
        program_page(program.slug, include_drafts=False)
    assert len(loading) == 1, [q["sql"] for q in loading]


def test_drafts_are_found_only_when_asked():
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    assert program_by_slug(draft.slug, include_drafts=False) is None
    assert program_by_slug(draft.slug, include_drafts=True) == draft
    assert program_by_slug("no-such-program", include_drafts=True) is None


def card(program):
    """Everything an explorer card reads from a loaded program."""
    return (
        program.pk,
        program.name,
        program.category.pk,
        program.site.pk if program.site else None,
        [(r.pk, r.kind, r.fiscal_year, r.amount) for r in program.funding_rows],
        program.funding_summary,
    )


def test_explorer_rows_match_for_list_in_the_order_asked():
    first = rich_program()
    bare = ProgramFactory(site=None)
    second = ProgramFactory()
    FundingFactory(program=second, kind="provincial", amount=3 * EOK)
    ids = [second.pk, bare.pk, first.pk]
    by_orm = {p.pk: p for p in Program.public_objects.for_list().filter(pk__in=ids)}
    with CaptureQueriesContext(connection) as queries:
        loaded = list_rows(ids)
        described_cards = [card(p) for p in loaded]
    assert described_cards == [card(by_orm[pk]) for pk in ids]
    assert len(queries) == 1  # programs, categories, sites, funding: whatever the number of ids
    assert list_rows([]) == []


def test_rows_already_read_cannot_become_another_query():
    """A page's rows are the program's own; a new query from them would be the whole table's."""
    program = program_page(rich_program().slug, include_drafts=False)
    funding = program.funding.all()
    assert len(funding) == 4 and funding.count() == 4 and funding[0] == next(iter(funding))
    with pytest.raises(TypeError, match="already read"):
        funding.filter(kind="city")
    with pytest.raises(TypeError):
        program.outcomes.all().order_by("pk")


def test_a_known_id_reads_the_same_rows_and_the_slug_still_decides():
    """The page cache's stamp gives the id; read by it, the page has the same rows. An id the
    slug no longer has (renamed or unpublished in between) falls back to the slug."""
    program = rich_program()
    by_slug = described(program_page(program.slug, include_drafts=False))
    with CaptureQueriesContext(connection) as reading:
        by_id = program_page(program.slug, include_drafts=False, known_id=program.pk)
    assert described(by_id) == by_slug and len(reading) == 1
    other = ProgramFactory()
    assert program_page(program.slug, include_drafts=False, known_id=other.pk).pk == program.pk
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    assert program_page(draft.slug, include_drafts=False, known_id=draft.pk) is None
