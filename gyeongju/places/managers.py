"""Which places the public may see: a 읍·면·동 or 산업단지 with a public site in it (a site with a
published program or a public facility), or a complex under it that has one (decision 0003)."""

from django.db import models
from django.db.models import Exists, OuterRef

from gyeongju.programs.managers import related_model


class PlaceQuerySet(models.QuerySet):
    def public(self):
        sites = related_model(self.model, "sites").public_objects
        return self.filter(
            Exists(sites.filter(place=OuterRef("pk")))
            | Exists(sites.filter(place__parent=OuterRef("pk")))
        )

    def get_by_natural_key(self, slug):
        """Fixtures name a place by its slug (fixtures/portfolio.json: a site's 읍·면·동)."""
        return self.get(slug=slug)
