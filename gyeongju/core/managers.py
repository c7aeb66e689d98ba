"""Every model a public page reads has two managers and no plain ``objects`` (decision 0003, as
EveryElection's): ``public_objects``, only what the public may see, and ``private_objects``,
everything (the admin's). Code must choose, so nothing unpublished reaches a page by accident.
The model's QuerySet defines ``public()``: the one place that says what is public."""

from django.db import models


class PublicManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().public()


def managers(queryset_class) -> tuple[models.Manager, models.Manager]:
    """(public_objects, private_objects) for a model whose queryset defines ``public()``."""
    return PublicManager.from_queryset(queryset_class)(), queryset_class.as_manager()
