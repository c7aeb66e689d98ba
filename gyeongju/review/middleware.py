"""An approver previews a revision on the public URLs: every public page they open is rendered as
if the revision were approved, with a banner; nothing of it is kept, nothing is cached."""

from .models import Revision
from .roles import can_publish
from .services import previewing

SESSION_KEY = "review_preview"


def may_preview(user, revision) -> bool:
    return (
        user.is_authenticated
        and user.is_staff
        and (can_publish(user) or revision.editor_id == user.pk)
    )


class RevisionPreviewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        revision_id = request.session.get(SESSION_KEY)
        if (
            not revision_id
            or request.method not in ("GET", "HEAD")
            or request.path.startswith("/admin/")  # staff's own screens are never previews
        ):
            return self.get_response(request)
        revision = Revision.objects.filter(pk=revision_id, status__in=Revision.OPEN).first()
        if revision is None or not may_preview(request.user, revision):
            request.session.pop(SESSION_KEY, None)
            return self.get_response(request)
        request.review_preview = revision
        with previewing(revision):
            response = self.get_response(request)
            if response.streaming:  # read now, while the preview's rows exist
                response.streaming_content = [b"".join(response.streaming_content)]
            elif hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["X-Robots-Tag"] = "noindex"  # private, no-store: PrivateResponsesMiddleware
        return response
