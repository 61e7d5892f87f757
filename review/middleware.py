"""Turns a refused submission or approval into Chinese messages on the edit page.

The checks refuse at the model layer (``review.guards``, ``EditorApprovalTask``), deep
inside Wagtail's views; catching the exception here keeps those views unmodified and
shows the author or editor what to fix instead of a server error. The draft the author
just saved stays saved: only entering review is refused.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from review.exceptions import ReviewRefused


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
        messages.error(request, exception.title)
        for result in exception.failures:
            messages.error(request, f"{result.name}：{result.message}")
        target = edit_url(exception.object)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's workflow action modal expects a JSON step, not a redirect.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)
