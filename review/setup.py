"""The review set-up every site needs: the city editors' workflow on the courses and
cases areas, the forbidden claims from the notice, and the editors' rights over them.

Part of the ordered site set-up (``project.setup``), so ``load_initial_data`` and the
test site get it; every step is safe to run again and
never overwrites what editors changed.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from library.models import ReferenceSeed
from library.roles import CITY_EDITORS, role_group
from review.models import EditorApprovalTask, ForbiddenClaim

WORKFLOW_NAME = "市级编辑审核"
TASK_NAME = "市级编辑审核"
NOTICE = "2024年通知：严禁以“免费认证”的名义开展提升行动"

# (phrase, harmless contexts that contain it)
SEED_CLAIMS = [
    ("免费认证", ()),
    ("免费拿证", ()),
    ("免费办证", ()),
    ("免费发证", ()),
    ("免费取证", ()),
    ("包过", ("打包过", "承包过", "包过滤")),
    ("包通过", ("打包通过",)),
    ("包拿证", ()),
    ("保证通过认证", ()),
]
SEED_KIND = "禁用宣传用语"


def ensure_review_workflow(*areas):
    """The workflow with the editors' task, assigned to each area (unless one is already)."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = EditorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = EditorApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(role_group(CITY_EDITORS))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for area in areas:
        if area is not None:
            WorkflowPage.objects.get_or_create(page=area, defaults={"workflow": workflow})
    return workflow


def seed_forbidden_claims():
    """Load the notice's phrases once; a phrase editors deleted is not brought back."""
    created = 0
    for phrase, contexts in SEED_CLAIMS:
        if ReferenceSeed.objects.filter(kind=SEED_KIND, key=phrase).exists():
            continue
        _, was_created = ForbiddenClaim.objects.get_or_create(
            phrase=phrase, defaults={"reason": NOTICE, "allowed_contexts": "\n".join(contexts)}
        )
        created += was_created
        ReferenceSeed.objects.create(kind=SEED_KIND, key=phrase)
    return created


def grant_editor_permissions():
    editors = role_group(CITY_EDITORS)
    for action in ("add", "change", "delete", "view"):
        editors.permissions.add(
            Permission.objects.get(
                content_type__app_label="review", codename=f"{action}_forbiddenclaim"
            )
        )


@transaction.atomic
def ensure_review_setup(*areas):
    """The review every area in ``areas`` goes through (the project passes courses and cases)."""
    grant_editor_permissions()
    seed_forbidden_claims()
    return ensure_review_workflow(*areas)
