"""Database constraints reject bad rows, whatever code writes them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from gyeongju.core.models import SlugRedirect
from gyeongju.funding.models import Funding
from gyeongju.programs.models import Program
from tests.factories import (
    EOK,
    BudgetFactory,
    FacilityFactory,
    FundingFactory,
    OutcomeFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
        if connection.vendor == "postgresql":
            # PostgreSQL checks the funding total at commit; check pending constraints now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_end_year_before_start_year_is_rejected():
    rejected(lambda: ProgramFactory(start_year=2023, end_year=2021))


def test_unknown_start_with_end_is_allowed():
    assert ProgramFactory(start_year=None, end_year=2022).pk


@pytest.mark.parametrize("field", ["total_cost"])
def test_negative_total_cost_is_rejected(field):
    rejected(lambda: ProgramFactory(**{field: -1}))


def test_negative_amounts_are_rejected():
    program = ProgramFactory()
    rejected(lambda: FundingFactory(program=program, amount=-1))
    rejected(lambda: BudgetFactory(program=program, amount=-1))
    rejected(lambda: OutcomeFactory(program=program, value=-1))


@pytest.mark.parametrize(
    "slug", ["탄소-재활용", "Carbon", "carbon_recycling", "-carbon", "carbon--x"]
)
def test_non_ascii_or_malformed_slugs_are_rejected(slug):
    rejected(lambda: ProgramFactory(slug=slug))


def test_slugs_are_unique():
    ProgramFactory(slug="carbon-recycling")
    rejected(lambda: ProgramFactory(slug="carbon-recycling"))


def test_money_is_64_bit():
    program = ProgramFactory(total_cost=9_000_000_000_000_000_000)  # 900경원, far past 21억원
    program.refresh_from_db()
    assert program.total_cost == 9_000_000_000_000_000_000


def test_known_funding_can_never_exceed_the_total_cost():
    program = ProgramFactory(total_cost=100 * EOK)
    FundingFactory(program=program, kind="national", amount=60 * EOK)
    rejected(lambda: FundingFactory(program=program, kind="city", amount=41 * EOK))
    assert Funding.private_objects.filter(program=program).count() == 1


@pytest.mark.django_db(transaction=True)
def test_funding_total_is_checked_when_the_transaction_commits():
    program = ProgramFactory(total_cost=100 * EOK)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingFactory(program=program, kind="national", amount=101 * EOK)
    assert not Funding.private_objects.exists()
    # Lowering the total below the known shares is refused too (PostgreSQL checks both tables).
    FundingFactory(program=program, kind="national", amount=60 * EOK)
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            Program.private_objects.filter(pk=program.pk).update(total_cost=50 * EOK)
        program.refresh_from_db()
        assert program.total_cost == 100 * EOK


def test_known_funding_may_equal_the_total_cost():
    program = ProgramFactory(total_cost=100 * EOK)
    FundingFactory(program=program, kind="national", amount=60 * EOK)
    FundingFactory(program=program, kind="city", amount=40 * EOK)
    assert program.funding.count() == 2


def test_one_total_row_per_funding_kind():
    program = ProgramFactory()
    FundingFactory(program=program, kind="national", amount=EOK)
    rejected(lambda: FundingFactory(program=program, kind="national", amount=EOK))


def test_target_outcome_cannot_be_realised():
    rejected(lambda: OutcomeFactory(kind="target", maturity="realised"))


def test_facility_coordinates_come_in_pairs():
    rejected(lambda: FacilityFactory(latitude=35.8, longitude=None))


def test_model_validation_messages_are_korean():
    program = ProgramFactory.build(start_year=2023, end_year=2021, slug="x")
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "종료 연도는 시작 연도보다 앞설 수 없습니다." in str(error.value)


def test_public_manager_never_returns_drafts():
    published = ProgramFactory()
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    assert list(Program.public_objects.all()) == [published]
    assert set(Program.private_objects.all()) == {published, draft}
    assert not hasattr(Program, "objects")


def test_renamed_slug_is_remembered_and_cannot_be_reused():
    program = ProgramFactory(slug="old-name")
    program.slug = "new-name"
    program.save()
    assert SlugRedirect.objects.get(kind="program", old_slug="old-name").object_id == program.pk
    other = ProgramFactory.build(slug="old-name", category=program.category)
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "이전 주소" in str(error.value)


def test_saving_moves_the_edit_version():
    program = ProgramFactory()
    before = program.version
    program.name = "바뀐 이름"
    program.save()
    assert program.version == before + 1


def test_related_change_moves_the_program_stamp():
    program = ProgramFactory()
    before = (program.version, program.updated_at)
    FundingFactory(program=program)
    program.refresh_from_db()
    assert program.version > before[0]
    assert program.updated_at > before[1]
