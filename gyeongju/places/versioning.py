"""A renamed or moved place changes its own pages (the content version) and the program pages that
name it beside their 입지 (programs.versioning.shown_by)."""

from django.db.models import Q

from gyeongju.core.versioning import watch
from gyeongju.programs.versioning import shown_by

from .models import Place


def register() -> None:
    watch(
        Place,
        shown_by(
            lambda place: (
                Q(site__place=place)
                | Q(site__place__parent=place)
                | Q(facilities__site__place=place)
            )
        ),
    )
