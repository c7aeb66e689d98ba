"""What of the programs' records the public may see: the one definition (decision 0003).

A program is public when it is published. Everything else a public page reads (a funding row, a
budget, an outcome, a partner, a facility, a site, a source, an organisation, a 분야) is public
exactly when it belongs to a published program: their querysets say so through ``published``."""

from django.db import models
from django.db.models import Exists, OuterRef, Q


class PublicationState(models.TextChoices):
    DRAFT = "draft", "초안"
    PUBLISHED = "published", "공개"


def published(path: str = "") -> Q:
    """The program at ``path`` (a lookup path ending in ``__``, or "" for a program) is public."""
    return Q(**{f"{path}publication_state": PublicationState.PUBLISHED})


def published_sql(column: str = "publication_state") -> str:
    """``published()`` for a plain-SQL read (the page cache's stamp, decision 0005)."""
    return f"{column} = '{PublicationState.PUBLISHED}'"


def related_model(model, name: str):
    return model._meta.get_field(name).related_model


class ProgramQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published())


class CategoryQuerySet(models.QuerySet):
    def public(self):
        """A 분야 that at least one published program is in."""
        programs = related_model(self.model, "programs").public_objects
        return self.filter(Exists(programs.filter(category=OuterRef("pk"))))


class ProgramRowQuerySet(models.QuerySet):
    """A program's own rows: its budgets, partners, funding, outcomes."""

    def public(self):
        return self.filter(published("program__"))
