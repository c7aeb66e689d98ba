"""Which sources the public may see: those a public record cites (decision 0003)."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from gyeongju.programs.managers import related_model

# Where a source is cited: the reverse relation on Source, and the citing model's field.
CITED_BY = (
    ("programs", "sources"),
    ("costed_programs", "cost_source"),
    ("funding", "source"),
    ("programbudget", "source"),
    ("outcomes", "source"),
    ("facilities", "source"),
    ("portfolio_years", "source"),
    ("executions", "source"),
    ("milestones", "source"),
    ("milestones_done", "actual_source"),
)


class SourceQuerySet(models.QuerySet):
    def public(self):
        cited = Q()
        for relation, field in CITED_BY:
            citing = related_model(self.model, relation).public_objects
            cited |= Exists(citing.filter(**{field: OuterRef("pk")}))
        return self.filter(cited)
