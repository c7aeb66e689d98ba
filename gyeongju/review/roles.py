"""Who approves: 승인자 (and superusers) hold the right to publish; 편집자 propose."""

PUBLISH = "programs.publish_program"


def can_publish(user) -> bool:
    return user.is_authenticated and user.has_perm(PUBLISH)
