from wagtail import hooks

from ops.documents import may_read, refusal


@hooks.register("before_serve_document")
def refuse_private_documents(document, request):
    """Every document download passes through Wagtail's serve view
    (WAGTAILDOCS_SERVE_METHOD), so this is the one place that decides; see ops.documents."""
    if may_read(request.user, document):
        return None
    return refusal(request)
