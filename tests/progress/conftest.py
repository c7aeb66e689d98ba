import datetime as dt

import pytest
import time_machine

from gyeongju.core.dates import SEOUL
from tests.factories import (
    EOK,
    BudgetFactory,
    ExecutionFactory,
    MilestoneFactory,
    ProgramFactory,
    SourceFactory,
)

# Noon in Seoul on 2022. 7. 1.: the program below is half-way, one step late.
TODAY = dt.date(2022, 7, 1)
NOW = dt.datetime(2022, 7, 1, 12, 0, tzinfo=SEOUL)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def underway(db, clock):
    """A published program, 2021–2023: 2021 budget 40억원 of which 30억원 executed; 2022 budget
    50억원 with 국비 10억원 and 시비 2억원 executed so far; 2023 budget with no execution reported.
    Its center's groundbreaking came early, its completion is three months late, its equipment is
    due today and its opening is to come."""
    program = ProgramFactory(
        name="성형가공 기반구축",
        slug="molding-underway",
        start_year=2021,
        end_year=2023,
        total_cost=150 * EOK,
    )
    budget_source = SourceFactory(title="2021년 본예산", publisher="경주시")
    spent = SourceFactory(title="세부사업별 세출 현황", publisher="지방재정365")
    BudgetFactory(program=program, fiscal_year=2021, amount=40 * EOK, source=budget_source)
    BudgetFactory(program=program, fiscal_year=2022, amount=50 * EOK, source=budget_source)
    BudgetFactory(program=program, fiscal_year=2023, amount=60 * EOK, source=budget_source)
    ExecutionFactory(
        program=program,
        fiscal_year=2021,
        amount=30 * EOK,
        as_of=dt.date(2021, 12, 31),
        source=spent,
    )
    for kind, amount in (("national", 10 * EOK), ("city", 2 * EOK)):
        ExecutionFactory(
            program=program,
            fiscal_year=2022,
            kind=kind,
            amount=amount,
            as_of=dt.date(2022, 5, 31),
            source=spent,
        )
    plan = SourceFactory(title="사업 계획", publisher="경주시")
    MilestoneFactory(
        program=program,
        phase="groundbreaking",
        planned_date=dt.date(2021, 6, 30),
        actual_date=dt.date(2021, 6, 1),
        source=plan,
        actual_source=plan,
    )
    MilestoneFactory(
        program=program,
        phase="completion",
        name="지원센터 준공",
        planned_date=dt.date(2022, 3, 31),
        source=plan,
    )
    MilestoneFactory(program=program, phase="equipment", planned_date=TODAY, source=plan)
    MilestoneFactory(
        program=program,
        phase="opening",
        planned_date=dt.date(2023, 1, 1),
        planned_precision="year",
        source=plan,
    )
    return program
