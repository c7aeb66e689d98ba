from django.db import models
from django.db.models import Prefetch


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state="published")

    def drafts(self):
        return self.filter(publication_state="draft")

    def visible_to(self, user):
        """Staff who may view programs see drafts (preview); everyone else sees published ones."""
        if user.is_authenticated and user.is_staff and user.has_perm("programs.view_program"):
            return self
        return self.published()

    def for_list(self):
        """What a list row shows, in a fixed number of queries whatever the number of rows."""
        from gyeongju.funding.models import Funding, funding_order

        return self.select_related("category", "site").prefetch_related(
            Prefetch("funding", queryset=Funding.objects.order_by(*funding_order())),
        )

    def for_detail(self):
        from gyeongju.facilities.models import Facility
        from gyeongju.funding.models import Funding, funding_order
        from gyeongju.outcomes.models import Outcome, outcome_order

        from .models import ProgramBudget, ProgramPartner

        return self.select_related("category", "site", "cost_source").prefetch_related(
            Prefetch(
                "funding",
                queryset=Funding.objects.select_related("source").order_by(*funding_order()),
            ),
            Prefetch(
                "budgets",
                queryset=ProgramBudget.objects.select_related("source").order_by("fiscal_year"),
            ),
            Prefetch(
                "facilities",
                queryset=Facility.objects.select_related("site", "operator").order_by("name"),
            ),
            Prefetch(
                "partnerships",
                queryset=ProgramPartner.objects.select_related("organisation").order_by(
                    "order", "id"
                ),
            ),
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.select_related("source").order_by(*outcome_order()),
            ),
            "sources",
        )


class PublishedProgramManager(models.Manager.from_queryset(ProgramQuerySet)):
    """Only published programs: public code starts here, so drafts cannot leak by accident."""

    def get_queryset(self):
        return super().get_queryset().published()
