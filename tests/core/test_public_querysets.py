"""Every model a public page reads has a public() queryset, and it is the one definition of what
is public: a row is public exactly when it belongs to a published program (decision 0003)."""

import datetime as dt

import pytest

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.places.models import Place
from gyeongju.programs.models import Category, PortfolioYear, Program, ProgramBudget, ProgramPartner
from gyeongju.progress.models import Execution, Milestone
from gyeongju.sources.models import Source
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    ExecutionFactory,
    FacilityFactory,
    FundingFactory,
    MilestoneFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PortfolioYearFactory,
    ProgramFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Program,
    Category,
    ProgramBudget,
    ProgramPartner,
    Funding,
    Outcome,
    Facility,
    Site,
    Source,
    Organisation,
    Place,
    Execution,
    Milestone,
]


def program_with_everything(state: str) -> dict:
    """A program and one of each thing that belongs to it, used by nothing else."""
    cited = {
        name: SourceFactory()
        for name in ("cost", "listed", "budget", "funding", "facility", "spent", "plan", "done")
    }
    operator, site = OrganisationFactory(), SiteFactory()
    program = ProgramFactory(
        publication_state=state, category=CategoryFactory(), site=site, cost_source=cited["cost"]
    )
    facility = FacilityFactory(site=SiteFactory(), operator=operator, source=cited["facility"])
    program.facilities.add(facility)
    program.sources.add(cited["listed"])
    outcome = OutcomeFactory(program=program)  # with a source of its own
    partner = PartnerFactory(program=program)
    execution = ExecutionFactory(program=program, source=cited["spent"])
    milestone = MilestoneFactory(
        program=program,
        source=cited["plan"],
        actual_date=dt.date(2021, 12, 1),
        actual_source=cited["done"],
    )
    return {
        Program: {program.pk},
        Category: {program.category_id},
        ProgramBudget: {BudgetFactory(program=program, source=cited["budget"]).pk},
        ProgramPartner: {partner.pk},
        Funding: {FundingFactory(program=program, source=cited["funding"]).pk},
        Outcome: {outcome.pk},
        Facility: {facility.pk},
        Site: {site.pk, facility.site_id},
        Source: {source.pk for source in cited.values()} | {outcome.source_id},
        Organisation: {operator.pk, partner.organisation_id},
        Place: {site.place_id, facility.site.place_id},
        Execution: {execution.pk},
        Milestone: {milestone.pk},
    }


def test_public_is_exactly_what_belongs_to_a_published_program():
    published = program_with_everything("published")
    draft = program_with_everything("draft")
    for model in MODELS:
        public = set(model.public_objects.values_list("pk", flat=True))
        assert public == published[model], model.__name__
        assert public.isdisjoint(draft[model]), model.__name__
        assert set(model.private_objects.values_list("pk", flat=True)) >= draft[model]
        # The queryset method and the manager agree, so related managers can say it too.
        assert set(model.private_objects.public().values_list("pk", flat=True)) == public


def test_publishing_the_draft_makes_its_rows_public():
    draft = program_with_everything("draft")
    Program.private_objects.filter(pk__in=draft[Program]).update(publication_state="published")
    for model in MODELS:
        assert set(model.public_objects.values_list("pk", flat=True)) >= draft[model], model


def test_the_citys_stated_totals_are_public_once_recorded():
    year = PortfolioYearFactory()
    assert list(PortfolioYear.public_objects.all()) == [year]


def test_no_model_a_page_reads_has_a_plain_objects_manager():
    for model in [*MODELS, PortfolioYear]:
        assert not hasattr(model, "objects"), model.__name__
        assert model._default_manager.name == "private_objects"
