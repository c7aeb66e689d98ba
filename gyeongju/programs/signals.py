"""The search index follows every saved or deleted program (loaddata and restores included)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Program
from .search import forget_program, index_programs


@receiver(post_save, sender=Program)
def program_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "search_text" in update_fields:
        index_programs([(instance.pk, instance.search_text)])


@receiver(post_delete, sender=Program)
def program_deleted(sender, instance, **kwargs):
    forget_program(instance.pk)
