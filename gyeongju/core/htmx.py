"""The one way a page answers htmx: the same template, or the block htmx asked for (decision 0004)."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page(request, template: str, context: dict, *, partials: tuple[str, ...] = ()):
    """``template`` whole, or, for an htmx request, its block named by ``HX-Target`` when it is
    one of ``partials`` (else the first of them). A history restore gets the whole page. The
    block gets ``partial`` in its context: it then carries the live region's new text."""
    if partials and request.htmx and not request.htmx.history_restore_request:
        partial = request.htmx.target if request.htmx.target in partials else partials[0]
        response = render(request, f"{template}#{partial}", {**context, "partial": partial})
    else:
        response = render(request, template, context)
    if partials:
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
