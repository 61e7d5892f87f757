from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from wagtail import hooks

from ops.documents import may_download


@hooks.register("before_serve_document")
def refuse_private_documents(document, request):
    """Every document download passes through Wagtail's serve view
    (WAGTAILDOCS_SERVE_METHOD), so this is the one place that decides; see ops.documents."""
    if may_download(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden(
        "该文件属于尚未发布的内容，只有所属单位的用户和市级编辑可以下载。",
        content_type="text/plain; charset=utf-8",
    )
