"""Who sees a draft: staff with the right to view programs preview it on its public URL (with a
banner, noindex, never cached); everyone else gets 404."""

from .models import Program


def can_preview(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm("programs.view_program"))


def visible_programs(user):
    """The programs this visitor may open: every one for staff who preview, else the public."""
    return Program.private_objects.all() if can_preview(user) else Program.public_objects.all()
