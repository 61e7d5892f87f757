"""Turns a refused submission, approval or publication into Chinese messages on the edit page.

The checks refuse at the model layer (``review.guards``, ``EditorApprovalTask``), deep
inside Wagtail's views; catching the exception here keeps those views unmodified and
shows the author or editor what to fix instead of a server error. The draft the author
just saved stays saved: only entering review is refused.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from review.exceptions import PublicationRefused, ReviewRefused


def edit_url(obj):
    if obj is not None and getattr(obj, "pk", None) and hasattr(obj, "get_parent"):
        return reverse("wagtailadmin_pages:edit", args=(obj.pk,))
    return reverse("wagtailadmin_home")


class ReviewRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ReviewRefused):
            return None
        buttons = []
        page = exception.object
        if (
            isinstance(exception, PublicationRefused)
            and getattr(page, "pk", None)
            and hasattr(page, "permissions_for_user")
            and page.permissions_for_user(request.user).can_publish()
        ):
            # The editor may publish anyway, after giving a reason per failing check.
            url = reverse("review_override", args=(page.pk,))
            buttons.append(messages.button(url, "记录例外理由后发布"))
        messages.error(request, exception.title, buttons=buttons)
        for result in exception.failures:
            messages.error(request, f"{result.name}：{result.message}")
        target = edit_url(exception.object)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's workflow action modal expects a JSON step, not a redirect.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)
