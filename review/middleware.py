"""Turns a refused submission, approval or publication into Chinese messages on the edit page.

The checks refuse at the model layer (``review.guards``, ``EditorApprovalTask``), deep
inside Wagtail's views; catching the exception here keeps those views unmodified and
shows the author or editor what to fix instead of a server error. The draft the author
just saved stays saved: only entering review is refused.

A reviewer refused a step (four eyes, or not in the step's group) through Wagtail's own
workflow action URLs would only get Wagtail's generic "no permission" redirect: the view
refuses before the task is asked, and ``require_admin_access`` swallows the
``PermissionDenied``. ``process_view`` asks the task first and says why, in Chinese.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from review.exceptions import PublicationRefused, ReviewerRefused, ReviewRefused

# Wagtail's workflow action views (approve, request changes, and the modal that collects a
# comment first): keyword arguments page_id, action_name, task_state_id.
WORKFLOW_ACTION_VIEWS = {
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:collect_workflow_action_data",
}


def reviewer_refusal(request, view_kwargs):
    """A ``ReviewerRefused`` when the signed-in user may not take the requested step."""
    from wagtail.models import TaskState

    from review.models import EditorApprovalTask

    user = request.user
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return None  # Wagtail sends them to the login page
    task_state = (
        TaskState.objects.filter(pk=view_kwargs.get("task_state_id"))
        .select_related("workflow_state")
        .first()
    )
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    task = task_state.task.specific
    if not isinstance(task, EditorApprovalTask):
        return None
    reason = task.refusal_for(task_state.workflow_state, user)
    if reason is None:
        return None
    obj = task_state.workflow_state.content_object
    return ReviewerRefused(reason, getattr(obj, "specific", obj))


def edit_url(obj, user=None):
    if obj is not None and getattr(obj, "pk", None) and hasattr(obj, "get_parent"):
        if user is None or obj.permissions_for_user(user).can_edit():
            return reverse("wagtailadmin_pages:edit", args=(obj.pk,))
    return reverse("wagtailadmin_home")


class ReviewRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in WORKFLOW_ACTION_VIEWS:
            return None
        refused = reviewer_refusal(request, view_kwargs)
        return self.process_exception(request, refused) if refused else None

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
        target = edit_url(exception.object, request.user)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's workflow action modal expects a JSON step, not a redirect.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)
