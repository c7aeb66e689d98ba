"""Turning an editor's ordinary save into a proposal, whatever saved it: the admin's change form
and its inlines, a row's own admin, a deletion, a spreadsheet import, a history revert.

The save runs as usual inside a savepoint, with every validation the admin already has. Each
record it touches (a program for any of its rows) is snapshot before its first change; when the
save is done, the records that the public sees are snapshot again, the savepoint is rolled back,
and each becomes a revision. Records the public does not see (a draft and its rows) keep the save
as it was made. Nothing the editor typed is lost: it is either saved or in a revision.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver

from .records import (
    KINDS,
    LINK_TABLES,
    ROW_OWNERS,
    apply,
    is_public,
    number_added_rows,
    snapshot,
)

_active = threading.local()


class Capture:
    """What one save touched. Before the block ends its caller sets ``outcome``: KEEP (the save
    stands as made: an approver, or drafts only), PROPOSE (what the public sees becomes revisions)
    or SCHEDULE (everything touched becomes a revision, for a 공개 시각); None rolls it all back."""

    KEEP, PROPOSE, SCHEDULE = "keep", "propose", "schedule"

    def __init__(self):
        self.outcome = None
        self.before: dict = {}  # (kind, pk) → snapshot before the first change
        self.public: dict = {}  # (kind, pk) → whether the public saw it then
        self.created: list = []  # (kind, instance) of new records
        self.reasons: dict = {}  # (kind, pk) → the 변경 사유 given with it
        self.after: dict = {}

    def touch(self, kind, pk, reason=None):
        key = (kind, pk)
        if key not in self.before:
            self.before[key] = snapshot(kind, pk)
            self.public[key] = is_public(kind, pk)
        if reason:
            self.reasons[key] = reason

    def start(self, kind, pk, before):
        """The record already has an open revision being amended: its base stays the one the
        revision was made on."""
        self.before[(kind, pk)] = before
        self.public[(kind, pk)] = True

    def becomes_revision(self, key) -> bool:
        return self.outcome == self.SCHEDULE or (self.outcome == self.PROPOSE and self.public[key])

    @property
    def proposed(self) -> list:
        """(kind, pk, before, after, reason) of each record that becomes a revision."""
        return [
            (kind, pk, self.before[(kind, pk)], after, self.reasons.get((kind, pk), ""))
            for (kind, pk), after in self.after.items()
            if self.becomes_revision((kind, pk))
        ]


def touched(instance, reason=None):
    capture = getattr(_active, "capture", None)
    if capture is None:
        return
    model = type(instance)
    reason = reason or getattr(instance, "_change_reason", None)
    if model in KINDS:
        if instance.pk is None:
            capture.created.append((KINDS[model], instance))
        else:
            capture.touch(KINDS[model], instance.pk, reason)
    elif model in ROW_OWNERS:
        kind, key = ROW_OWNERS[model]
        owner = getattr(instance, f"{key}_id")
        if owner is not None:
            capture.touch(kind, owner, reason)
        if instance.pk is not None:  # a row moved to another record leaves the old one
            saved = model._base_manager.filter(pk=instance.pk).values_list(f"{key}_id", flat=True)
            for previous in saved:
                if previous != owner:
                    capture.touch(kind, previous, reason)


@receiver(pre_save)
@receiver(pre_delete)
def record_touched(sender, instance, raw=False, **kwargs):
    if not raw:
        touched(instance)


@receiver(m2m_changed)
def links_touched(sender, instance, action, reverse, pk_set, **kwargs):
    if sender not in LINK_TABLES or not action.startswith("pre_"):
        return
    kind, name = LINK_TABLES[sender]
    capture = getattr(_active, "capture", None)
    if capture is None:
        return
    if not reverse:
        capture.touch(kind, instance.pk, getattr(instance, "_change_reason", None))
        return
    # From the other side (a facility's programs): each program whose links change.
    owners = (
        pk_set
        if pk_set
        else getattr(instance, kind.model._meta.get_field(name).related_query_name()).values_list(
            "pk", flat=True
        )
    )
    for owner in list(owners):
        capture.touch(kind, owner)


@contextmanager
def capturing(*, base=None):
    """Run the block as a possible proposal (see the module's and Capture's docstrings).
    ``base``: (kind, pk, before, after) of an open revision being amended, applied first so the
    block edits the proposed state."""
    capture = Capture()
    with transaction.atomic():
        savepoint = transaction.savepoint()
        if base is not None:
            kind, pk, before, after = base
            apply(kind, pk, before, after, provisional=True)
            capture.start(kind, pk, before)
        _active.capture = capture
        try:
            yield capture
        finally:
            _active.capture = None
        if capture.outcome is None:
            transaction.savepoint_rollback(savepoint)
            return
        if capture.outcome == capture.KEEP and base is None:
            transaction.savepoint_commit(savepoint)
            return
        for kind, instance in capture.created:
            if instance.pk is not None:
                capture.before.setdefault((kind, instance.pk), None)
                capture.public.setdefault((kind, instance.pk), kind.public_on_creation)
        for (kind, pk), before in capture.before.items():
            after = snapshot(kind, pk)
            if after is not None:
                capture.after[(kind, pk)] = number_added_rows(kind, before, after)
        if not capture.proposed:
            transaction.savepoint_commit(savepoint)  # only drafts: saved as they were
            return
        transaction.savepoint_rollback(savepoint)
        # Drafts saved together with public records keep their save, made again.
        for (kind, pk), after in capture.after.items():
            if not capture.becomes_revision((kind, pk)):
                before = capture.before[(kind, pk)]
                apply(kind, pk if before is not None else None, before, after, provisional=False)
