"""Which facilities and sites the public may see: those of published programs (decision 0003)."""

from django.db import models
from django.db.models import Exists, OuterRef

from gyeongju.programs.managers import published, related_model


class FacilityQuerySet(models.QuerySet):
    def public(self):
        """Facilities that serve at least one published program; the rest stay off public pages.
        Read from the link table (indexed by facility) towards the program: planners then probe
        a few rows per facility instead of scanning every program for each one."""
        links = self.model.programs.through.objects.filter(
            published("program__"), facility=OuterRef("pk")
        )
        return self.filter(Exists(links))


class SiteQuerySet(models.QuerySet):
    def public(self):
        """A site with a published program on it, or a public facility."""
        programs = related_model(self.model, "programs").public_objects
        facilities = related_model(self.model, "facilities").public_objects
        return self.filter(
            Exists(programs.filter(site=OuterRef("pk")))
            | Exists(facilities.filter(site=OuterRef("pk")))
        )
