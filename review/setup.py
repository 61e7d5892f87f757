"""The review set-up every site needs: the city editors' workflow on the courses area, a
two-step one (初审 by any city editor, then 签发 by a 处长) on the cases area, the
forbidden claims from the notice, and the editors' rights over them.

N-of-M sign-off is configuration: a workflow is a list of ``EditorApprovalTask`` steps,
each with its group; ``review.four_eyes`` makes each step a different person.

Part of the ordered site set-up (``project.setup``), so ``load_initial_data`` and the
test site get it; every step is safe to run again and
never overwrites what editors changed.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from library.models import ReferenceSeed
from library.roles import CITY_EDITORS, DIVISION_HEADS, role_group
from review.models import EditorApprovalTask, ForbiddenClaim

WORKFLOW_NAME = "市级编辑审核"
TASK_NAME = "市级编辑审核"
SIGNED_OFF_WORKFLOW_NAME = "市级编辑初审与处长签发"
FIRST_REVIEW_TASK_NAME = "初审（市级编辑）"
SIGN_OFF_TASK_NAME = "签发（处长）"
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


def approval_task(name, group_name):
    task = EditorApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = EditorApprovalTask.objects.create(name=name)
        task.groups.add(role_group(group_name))
    return task


def ensure_workflow(name, steps):
    """A workflow whose steps are ``[(task name, group name)]``, in order."""
    workflow, _ = Workflow.objects.get_or_create(name=name)
    for order, (task_name, group_name) in enumerate(steps):
        WorkflowTask.objects.get_or_create(
            workflow=workflow,
            task=approval_task(task_name, group_name),
            defaults={"sort_order": order},
        )
    return workflow


def assign(workflow, area, replaces=()):
    """Give ``area`` the workflow, unless editors gave it one not in ``replaces``."""
    if area is None:
        return
    current = WorkflowPage.objects.filter(page=area).select_related("workflow").first()
    if current is None:
        WorkflowPage.objects.create(page=area, workflow=workflow)
    elif current.workflow.name in replaces and current.workflow_id != workflow.pk:
        current.workflow = workflow
        current.save(update_fields=["workflow"])


def ensure_review_workflow(*areas, signed_off=()):
    """The editors' one-step review on ``areas``; two steps (初审, 签发) on ``signed_off``."""
    workflow = ensure_workflow(WORKFLOW_NAME, [(TASK_NAME, CITY_EDITORS)])
    for area in areas:
        assign(workflow, area)
    if signed_off:
        two_steps = ensure_workflow(
            SIGNED_OFF_WORKFLOW_NAME,
            [(FIRST_REVIEW_TASK_NAME, CITY_EDITORS), (SIGN_OFF_TASK_NAME, DIVISION_HEADS)],
        )
        for area in signed_off:
            # A site set up before the second step existed moves to it.
            assign(two_steps, area, replaces=(WORKFLOW_NAME,))
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
def ensure_review_setup(*areas, signed_off=()):
    """The review every area goes through (the project passes courses, and cases as
    ``signed_off``: recommended upward, they need a 处长's sign-off)."""
    grant_editor_permissions()
    seed_forbidden_claims()
    return ensure_review_workflow(*areas, signed_off=signed_off)
