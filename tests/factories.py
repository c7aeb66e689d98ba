import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.places.models import Place
from gyeongju.programs.models import Category, PortfolioYear, Program, ProgramBudget, ProgramPartner
from gyeongju.progress.models import Execution, Milestone
from gyeongju.sources.models import Source

EOK = 10**8


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"보도자료 {n}")
    publisher = "경주시"
    published_on = dt.date(2020, 12, 15)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"분야 {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    """A 읍·면·동 (pass kind=Place.Kind.COMPLEX and parent=… for an industrial complex)."""

    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"시험{n}동")
    slug = factory.Sequence(lambda n: f"test-dong-{n}")
    kind = Place.Kind.DISTRICT


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"산업단지 {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    kind = Site.Kind.INDUSTRIAL_COMPLEX
    place = factory.SubFactory(PlaceFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"기관 {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"지원센터 {n}")
    slug = factory.Sequence(lambda n: f"facility-{n}")
    site = factory.SubFactory(SiteFactory)
    equipment_count = 11


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"시험 사업 {n}")
    slug = factory.Sequence(lambda n: f"test-program-{n}")
    summary = "시험용 사업입니다."
    body = "시험용 본문입니다."
    category = factory.SubFactory(CategoryFactory)
    status = Program.Status.ONGOING
    start_year = 2021
    end_year = 2023
    total_cost = 100 * EOK
    publication_state = Program.PublicationState.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.private_objects.create(*args, **kwargs)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    program = factory.SubFactory(ProgramFactory)
    kind = "national"
    amount = 30 * EOK


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramBudget

    program = factory.SubFactory(ProgramFactory)
    fiscal_year = 2021
    amount = 5 * EOK


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    program = factory.SubFactory(ProgramFactory)
    indicator = Outcome.Indicator.EXPORT_CONTRACTS
    value = 10 * EOK
    unit = Outcome.Unit.WON
    kind = Outcome.Kind.ACTUAL
    maturity = Outcome.Maturity.SIGNED
    period_year = 2020
    as_of = dt.date(2020, 12, 15)
    source = factory.SubFactory(SourceFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramPartner

    program = factory.SubFactory(ProgramFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "협업"


class PortfolioYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioYear

    year = 2021
    program_count = 17
    total_amount = 334 * EOK
    source = factory.SubFactory(SourceFactory)


def restore_staff_groups():
    """The staff groups 편집자 and 승인자 with their permissions, as the data migrations make them.

    A transactional test's flush empties the groups. The migrations' own functions are run against
    the migration state's apps: given the project's apps they would mark every real app config as
    having no models (their create_permissions step does), and the next flush would then make no
    content types."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state().apps
    import_module("gyeongju.programs.migrations.0002_staff_groups").create_groups(apps, None)
    import_module("gyeongju.review.migrations.0002_staff_see_revisions").grant(apps, None)
    import_module("gyeongju.progress.migrations.0002_staff_groups").grant(apps, None)
    import_module("gyeongju.places.migrations.0002_districts_and_staff").grant(apps, None)
    import_module("gyeongju.reports.migrations.0002_staff_groups").grant(apps, None)


def staff_user(username, *, group=None, superuser=False):
    user = User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def portfolio(n, *, with_everything=True):
    """n published programs, each with funding, a budget, an outcome, an execution row, a milestone,
    a partner and a facility."""
    source = SourceFactory()
    category = CategoryFactory(slug="mobility", name="미래차")
    site = SiteFactory()
    programs = []
    for _i in range(n):
        program = ProgramFactory(category=category, site=site, cost_source=source)
        if with_everything:
            FundingFactory(program=program, source=source)
            BudgetFactory(program=program, source=source)
            OutcomeFactory(program=program, source=source)
            ExecutionFactory(program=program, source=source)
            MilestoneFactory(program=program, source=source)
            PartnerFactory(program=program)
            facility = FacilityFactory(site=site, source=source)
            program.facilities.add(facility)
            program.sources.add(source)
        programs.append(program)
    return programs


class ExecutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Execution

    program = factory.SubFactory(ProgramFactory)
    fiscal_year = 2021
    amount = 2 * EOK
    as_of = dt.date(2021, 9, 30)
    source = factory.SubFactory(SourceFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    program = factory.SubFactory(ProgramFactory)
    phase = Milestone.Phase.COMPLETION
    planned_date = dt.date(2021, 12, 31)
    source = factory.SubFactory(SourceFactory)
