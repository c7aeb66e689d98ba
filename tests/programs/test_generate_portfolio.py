import pytest
from django.core.management import CommandError, call_command

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.places.models import Place
from gyeongju.programs.models import Program
from gyeongju.sources.models import Source

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "programs": list(
            Program.private_objects.order_by("slug").values_list(
                "slug",
                "name",
                "category__slug",
                "total_cost",
                "start_year",
                "end_year",
                "publication_state",
            )
        ),
        "funding": list(
            Funding.private_objects.order_by("program__slug", "kind").values_list(
                "program__slug", "kind", "amount"
            )
        ),
        "outcomes": Outcome.private_objects.count(),
        "facilities": list(
            Facility.private_objects.order_by("slug").values_list("slug", "site__slug")
        ),
        "history": Program.history.count(),
    }


def wipe():
    for model in (Outcome, Funding, Facility):
        model.private_objects.all().delete()
    Program.private_objects.all().delete()
    Program.history.all().delete()
    for model in (Site, Organisation, Source):
        model.private_objects.all().delete()
    Place.private_objects.filter(kind=Place.Kind.COMPLEX).delete()  # the 읍·면·동 stay


def test_same_seed_same_portfolio():
    call_command("generate_portfolio", programs=60, seed=7, verbosity=0)
    first = snapshot()
    wipe()
    call_command("generate_portfolio", programs=60, seed=7, verbosity=0, append=True)
    assert snapshot() == first
    assert len(first["programs"]) == 60


def test_portfolio_is_realistic_and_consistent():
    call_command("generate_portfolio", programs=200, seed=3, verbosity=0)
    programs = Program.private_objects.all()
    assert programs.count() == 200
    assert programs.filter(publication_state="draft").exists()  # drafts exist and must stay hidden
    assert all("\uac00" <= p.name[0] <= "\ud7a3" for p in programs)  # Korean names
    for program in programs.prefetch_related("funding"):
        known = sum(f.amount for f in program.funding.all())
        assert program.total_cost is None or known <= program.total_cost
        assert program.search_text.startswith(program.name)
    assert Facility.public_objects.exists()
    assert Outcome.private_objects.filter(maturity="planned", kind="target").exists()
    assert Program.history.filter(history_type="~").exclude(history_change_reason="").exists()


def test_refuses_to_mix_into_a_real_record():
    call_command("generate_portfolio", programs=5, seed=1, verbosity=0)
    with pytest.raises(CommandError, match="이미 사업이 있습니다"):
        call_command("generate_portfolio", programs=5, seed=2, verbosity=0)
