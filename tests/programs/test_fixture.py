"""The seed portfolio loads into an empty database and says exactly what the announcement says."""

import datetime as dt

import pytest
from django.core.management import call_command

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.programs.models import PortfolioYear, Program, ProgramBudget
from gyeongju.sources.models import Source

EOK = 10**8
MAN = 10**4

# Written out from ../shared/seeds/000_ec6891d46fc34f4f.txt, sentence by sentence.
PROGRAMS = {
    # slug: (total cost, national share, end year, site slug)
    "vehicle-materials-molding": (290 * EOK, 90 * EOK, 2022, "oedong-gueo2"),
    "carbon-recycling": (178 * EOK, 80 * EOK, 2023, "oedong-gueo2"),
    "ai-bms-ecosystem": (200 * EOK, None, 2025, "oedong-gueo2"),
    "eco-auto-parts-cluster-fdi-strategy": (7000 * MAN, None, 2021, None),
    "proton-ion-beam-rnd-center": (450 * EOK, None, 2026, "proton-science-campus"),
}
BUDGETS_2021 = {
    "smart-factory": 80 * EOK,
    "sme-rnd-prototype": 2 * EOK + 1500 * MAN,
    "manufacturing-software": 2 * EOK + 8000 * MAN,
    "drone-heritage-software": 5 * EOK + 3300 * MAN,
    "export-support": 2 * EOK + 3500 * MAN,
}


@pytest.fixture
def loaded(db):
    assert not Program.private_objects.exists()
    call_command("loaddata", "portfolio", verbosity=0)


def test_every_program_of_the_announcement_is_there_and_published(loaded):
    slugs = set(Program.public_objects.values_list("slug", flat=True))
    assert slugs == set(PROGRAMS) | set(BUDGETS_2021)


@pytest.mark.parametrize(("slug", "facts"), PROGRAMS.items())
def test_total_cost_national_share_period_and_site(loaded, slug, facts):
    total, national, end_year, site = facts
    program = Program.public_objects.get(slug=slug)
    assert program.total_cost == total
    assert program.end_year == end_year
    assert (program.site.slug if program.site else None) == site
    shares = {f.kind: f.amount for f in program.funding.all()}
    assert shares == ({"national": national} if national else {})
    # The article gives only part of the money: nothing is invented for the rest.
    assert sum(shares.values()) < total


@pytest.mark.parametrize(("slug", "amount"), BUDGETS_2021.items())
def test_2021_budgets(loaded, slug, amount):
    program = Program.public_objects.get(slug=slug)
    assert [(b.fiscal_year, b.amount) for b in program.budgets.all()] == [(2021, amount)]
    assert program.total_cost is None  # the article states a 2021 amount, not a total
    assert not program.funding.exists()


def test_stated_yearly_totals(loaded):
    years = {p.year: (p.program_count, p.total_amount) for p in PortfolioYear.private_objects.all()}
    assert years == {2020: (13, 130 * EOK), 2021: (17, 334 * EOK)}


def test_facilities_equipment_and_sites(loaded):
    facilities = {f.slug: f for f in Facility.private_objects.select_related("site")}
    assert facilities["vehicle-materials-molding-center"].equipment_count == 11
    assert facilities["vehicle-materials-molding-center"].completion_year == 2021
    assert facilities["carbon-recycling-base"].equipment_count == 11
    assert facilities["proton-ion-beam-rnd-center"].equipment_count == 11
    assert facilities["bms-infrastructure"].equipment_count is None
    gueo2 = Site.private_objects.get(slug="oedong-gueo2")
    assert set(gueo2.facilities.values_list("slug", flat=True)) == {
        "vehicle-materials-molding-center",
        "carbon-recycling-base",
        "bms-infrastructure",
    }
    # Coordinates are not in the article, so there are none.
    assert not Facility.private_objects.filter(latitude__isnull=False).exists()


def test_outcomes_with_maturity(loaded):
    outcomes = {
        (o.program.slug, o.indicator): o for o in Outcome.private_objects.select_related("program")
    }
    export = "export-support"
    assert outcomes[(export, "supported_companies")].value == 20
    assert outcomes[(export, "support_cases")].value == 31
    mou = outcomes[(export, "mou")]
    assert (mou.value, mou.unit, mou.maturity) == (4, "cases", "signed")
    contracts = outcomes[(export, "export_contracts")]
    assert (contracts.value, contracts.maturity, contracts.period_year) == (
        222 * EOK,
        "signed",
        2020,
    )
    participants = outcomes[("proton-ion-beam-rnd-center", "participating_companies")]
    assert (participants.value, participants.kind, participants.maturity) == (
        104,
        "target",
        "planned",
    )


def test_partners(loaded):
    fdi = Program.public_objects.get(slug="eco-auto-parts-cluster-fdi-strategy")
    assert set(fdi.partners.values_list("slug", flat=True)) == {"motie", "kotra"}
    assert fdi.start_year == 2020
    proton = Program.public_objects.get(slug="proton-ion-beam-rnd-center")
    assert {
        "proton-science-institute",
        "regional-universities",
        "regional-related-companies",
    } <= set(proton.partners.values_list("slug", flat=True))
    assert Organisation.private_objects.filter(name="경주시 기업부설연구소협의회").exists()


def test_every_figure_cites_the_announcement(loaded):
    source = Source.private_objects.get()
    assert source.published_on == dt.date(2020, 12, 15)
    assert "334억원" in source.text
    for program in Program.public_objects.all():
        assert source in program.sources.all()
        if program.total_cost is not None:
            assert program.cost_source == source
            assert quoted_in(program.cost_quote, source.text), program.cost_quote
    rows = [
        *Funding.private_objects.all(),
        *ProgramBudget.private_objects.all(),
        *Outcome.private_objects.all(),
        *PortfolioYear.private_objects.all(),
        *Facility.private_objects.all(),
    ]
    for row in rows:
        assert row.source == source
        assert quoted_in(row.quote, source.text), row.quote


def quoted_in(quote, text):
    """Every part of the evidence (… marks an omission) is word for word in the source."""
    parts = [part.strip() for part in (quote or "").split("…")]
    return bool(quote) and all(part in text for part in parts)


def test_history_starts_on_the_announcement_date(loaded):
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    first = program.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_date.date() == dt.date(2020, 12, 15)
