"""Which organisations the public may see: partners of published programs and operators of public
facilities (decision 0003)."""

from django.db import models
from django.db.models import Exists, OuterRef

from gyeongju.programs.managers import related_model


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        partnerships = related_model(self.model, "partnerships").public_objects
        facilities = related_model(self.model, "operated_facilities").public_objects
        return self.filter(
            Exists(partnerships.filter(organisation=OuterRef("pk")))
            | Exists(facilities.filter(operator=OuterRef("pk")))
        )
