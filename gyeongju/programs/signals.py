"""The search index follows every saved or deleted program (loaddata and restores included), and
a row moved to another program remembers which it left, so both programs' pages are refreshed."""

from django.db.models.signals import post_delete, post_save, pre_save

from .models import Program
from .search import forget_program, index_programs
from .versioning import OWNED_ROWS, RELATED_SHOWS


def program_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "search_text" in update_fields:
        index_programs([(instance.pk, instance.search_text)])


def program_deleted(sender, instance, **kwargs):
    forget_program(instance.pk)


def remember_previous_program(sender, instance, raw=False, **kwargs):
    if instance.pk is None or raw:
        return
    instance.previous_program_id = (
        sender._base_manager.filter(pk=instance.pk).values_list("program_id", flat=True).first()
    )


def remember_what_neighbours_show(sender, instance, raw=False, **kwargs):
    """What other programs' 관련 사업 show of this one, as it was before the save (versioning)."""
    if instance.pk is None or raw:
        return
    instance.previous_related = (
        sender._base_manager.filter(pk=instance.pk).values(*RELATED_SHOWS).first()
    )


def connect() -> None:
    pre_save.connect(
        remember_what_neighbours_show, sender=Program, dispatch_uid="program_related_previous"
    )
    post_save.connect(program_saved, sender=Program, dispatch_uid="program_search_saved")
    post_delete.connect(program_deleted, sender=Program, dispatch_uid="program_search_deleted")
    for model in OWNED_ROWS:
        pre_save.connect(remember_previous_program, sender=model, dispatch_uid=f"previous_{model}")
