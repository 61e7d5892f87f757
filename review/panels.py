"""Dashboard panels: each user sees what awaits them in the review.

Wagtail's own panels already list what a user may moderate and what they submitted;
these add the editors' queue at a glance (with the campaign's dates) and, for body and
district users, the items of their organisation that came back with changes requested.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from library.roles import is_city_editor, organisation_of
from review.queue import review_queue


class ReviewQueuePanel(Component):
    name = "review_queue"
    template_name = "review/panels/queue_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        items = review_queue(with_checks=False)
        return {
            "items": items[:5],
            "total": len(items),
            "urgent": sum(item.urgency.highlighted for item in items),
            "yours": sum(item.submitted_by == self.user for item in items),
            "queue_url": reverse("review_queue"),
        }


def section_of(organisation):
    return getattr(organisation, "courses_section", None) or getattr(
        organisation, "cases_section", None
    )


class ChangesRequestedPanel(Component):
    name = "review_changes_requested"
    template_name = "review/panels/changes_requested_panel.html"
    order = 55

    def __init__(self, states):
        self.states = states

    def get_context_data(self, parent_context=None):
        rows = []
        for state in self.states:
            page = Page.objects.get(pk=state.object_id).specific
            rejected = (
                state.task_states.filter(status=TaskState.STATUS_REJECTED)
                .order_by("-finished_at")
                .first()
            )
            rows.append({"page": page, "state": state, "rejected": rejected})
        return {"rows": rows}


def changes_requested_for(user):
    """Needs-changes items in the user's own section (anyone in the organisation may fix them)."""
    organisation = organisation_of(user)
    section = section_of(organisation) if organisation else None
    if section is None:
        return WorkflowState.objects.none()
    ids = [str(pk) for pk in section.get_descendants().values_list("pk", flat=True)]
    return WorkflowState.objects.filter(
        status=WorkflowState.STATUS_NEEDS_CHANGES, object_id__in=ids
    ).order_by("-created_at")


def panels_for(user):
    if is_city_editor(user):
        return [ReviewQueuePanel(user)]
    states = list(changes_requested_for(user))
    return [ChangesRequestedPanel(states)] if states else []
