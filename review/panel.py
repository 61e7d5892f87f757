"""What the review panel on the edit view shows: every check's result on the latest
revision, where the item is in its review, and the editor's reasons when changes were
requested, so the author sees why and the editor sees the checks beside the content.
"""

from dataclasses import dataclass, field

from wagtail.models import TaskState, WorkflowState

from review.checks import CheckResult, failures, run_checks
from review.models import EditorApprovalTask


def uses_editor_review(page) -> bool:
    workflow = page.get_workflow() if page.pk else None
    return bool(
        workflow
        and workflow.active
        and EditorApprovalTask.objects.filter(workflow_tasks__workflow=workflow).exists()
    )


@dataclass
class ReviewPanel:
    results: list[CheckResult]
    state: WorkflowState | None = None
    changes_requested: TaskState | None = None
    history: list[TaskState] = field(default_factory=list)

    @property
    def failed(self):
        return failures(self.results)

    @property
    def status_label(self):
        if self.state is None:
            return "未提交审核"
        return {
            WorkflowState.STATUS_IN_PROGRESS: "审核中",
            WorkflowState.STATUS_NEEDS_CHANGES: "已退回修改",
            WorkflowState.STATUS_APPROVED: "已批准发布",
            WorkflowState.STATUS_CANCELLED: "已撤回",
        }.get(self.state.status, self.state.get_status_display())


def review_panel(page) -> ReviewPanel | None:
    if page is None or not page.pk or not uses_editor_review(page):
        return None
    page = page.specific
    latest = page.get_latest_revision_as_object()
    state = page.workflow_states.order_by("-created_at").first()
    rejected = None
    history = []
    if state is not None:
        history = list(
            state.task_states.exclude(status=TaskState.STATUS_CANCELLED)
            .select_related("finished_by")
            .order_by("-started_at")
        )
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            rejected = next((s for s in history if s.status == TaskState.STATUS_REJECTED), None)
    return ReviewPanel(run_checks(latest), state, rejected, history)
