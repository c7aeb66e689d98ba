def preview(request):
    """The revision an approver is previewing (base.html shows a banner), read by the middleware."""
    return {"review_preview": getattr(request, "review_preview", None)}
