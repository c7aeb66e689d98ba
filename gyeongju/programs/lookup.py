"""Finding the program a public URL names: published (or a draft for staff), renamed slugs 301."""

from django.http import Http404, HttpResponsePermanentRedirect

from gyeongju.core.models import SlugRedirect

from .models import Program
from .selectors import program_by_slug, program_page


class Moved(Exception):
    def __init__(self, response):
        self.response = response


def can_preview(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm("programs.view_program"))


def find_program(request, slug, queryset=None, *, page_rows=False):
    """The program for ``slug`` as this visitor may see it; raises Http404 or Moved (301).
    Without a ``queryset``, the bare program row in one plain-SQL read; with ``page_rows``,
    everything its page shows (``selectors.program_page``), also in one."""
    preview = can_preview(request.user)
    base = Program.private_objects if preview else Program.public_objects
    if queryset is None:
        if page_rows:
            stamp = getattr(request, "page_stamp", None)
            known_id = stamp.record if stamp is not None else None
            program = program_page(slug, include_drafts=preview, known_id=known_id)
        else:
            program = program_by_slug(slug, include_drafts=preview)
    else:
        program = (queryset if preview else queryset.published()).filter(slug=slug).first()
    if program is not None:
        return program
    redirect = SlugRedirect.objects.filter(kind=SlugRedirect.Kind.PROGRAM, old_slug=slug).first()
    if redirect is not None:
        target = base.filter(pk=redirect.object_id).values_list("slug", flat=True).first()
        if target:
            url = request.path.replace(f"/{slug}/", f"/{target}/", 1)
            query = request.META.get("QUERY_STRING")
            raise Moved(HttpResponsePermanentRedirect(url + (f"?{query}" if query else "")))
    raise Http404("사업을 찾을 수 없습니다.")
