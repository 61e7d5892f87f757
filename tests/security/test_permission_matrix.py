"""Who may do what, written down as one table and checked over HTTP, cell by cell.

Rows are roles (anonymous, learner, body A/B user, district A/B user, expert, city editor,
system administrator); columns are actions on an object that belongs to body A (a draft
course) or district A (a draft case with a private attachment and photo), so that the A
user acts on its own object and the B user on another organisation's. Each cell states
the expected answer, "allow" or "deny", and the test asks the site:

- an admin view is allowed when it answers 200; denied is a redirect to the login page or
  to the admin home with a refusal message, a 403 or a 404;
- "publish" is allowed when the page editor offers the 发布 button;
- the page chooser is allowed when it shows the draft's title (and denied when the title is
  nowhere in its answer);
- private files are allowed when the file itself is served.

A second table (``CELLS2``) adds the review steps (approve at 初审 and 签发, someone else's
submission and one's own), the selection views before and after the close (workbench,
an expert's case page, a score POST, the exports) for experts assigned / unassigned /
recused, learners' data (the learner list, gradebook and certificate list in the admin, a
learner's own progress and certificate) and the help ledger (view, edit), with the 处长
as a role. The ids count the cells of each table ("001of260-...").
"""

import datetime
import json
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from library.roles import SYSTEM_ADMINS, role_group
from tests.cases.factories import complete_case
from tests.courses.factories import learner, make_course
from tests.factories import (
    CertificationBodyFactory,
    EditorFactory,
    ExpertFactory,
    UserFactory,
    body_user,
    district,
    district_user,
)
from tests.ops.helpers import make_document, make_image
from tests.review.helpers import draft_course

ALLOW, DENY = "allow", "deny"
ROLES = [
    "anonymous",
    "learner",
    "body_a",
    "body_b",
    "district_a",
    "district_b",
    "expert",
    "editor",
    "sysadmin",
]
PAGE_ACTIONS = [
    "view_draft",
    "revisions",
    "edit",
    "publish",
    "unpublish",
    "delete",
    "move",
    "copy",
    "page_chooser",
]
FILE_ACTIONS = ["private_document", "private_image"]
ADMIN_ACTIONS = [
    "cases_dashboard",
    "cases_export",
    "course_report",
    "user_admin",
    "edit_district_user",
    "edit_superuser",
]
# What the organisation's own users may do with their own draft; everyone else's drafts
# are closed to them.
AUTHOR_MAY = {"view_draft", "revisions", "edit", "delete", "move", "copy", "page_chooser"}
OWN = {"body_a": "course", "district_a": "case"}


def expected(role, action, obj):
    if role in ("anonymous", "learner", "expert", "body_b", "district_b"):
        return DENY
    if role == "editor":
        return DENY if action == "edit_superuser" else ALLOW
    if role == "sysadmin":
        return ALLOW if action in ("user_admin", "edit_district_user") else DENY
    # The A organisations' users.
    if action in FILE_ACTIONS:
        return ALLOW if OWN[role] == "case" else DENY
    return ALLOW if OWN[role] == obj and action in AUTHOR_MAY else DENY


CELLS = (
    [(r, a, o) for r in ROLES for a in PAGE_ACTIONS for o in ("case", "course")]
    + [(r, a, "case") for r in ROLES for a in FILE_ACTIONS]
    + [(r, a, "-") for r in ROLES for a in ADMIN_ACTIONS]
)
IDS = [f"{n:03d}of{len(CELLS)}-{r}-{a}-{o}" for n, (r, a, o) in enumerate(CELLS, 1)]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One set of users and objects for every cell, built once in a transaction rolled back
    afterwards (deleting them one by one left their enterprises and help ledgers behind for
    the next test files on the same worker)."""
    with django_db_blocker.unblock(), rolled_back():
        yield build_world()


@contextmanager
def rolled_back():
    outer = transaction.atomic()
    outer.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def build_world():
    beichen, wuqing = district("北辰区"), district("武清区")
    body_a, body_b = CertificationBodyFactory(), CertificationBodyFactory()
    users = {
        "learner": learner(),
        "body_a": body_user(body_a),
        "body_b": body_user(body_b),
        "district_a": district_user(beichen),
        "district_b": district_user(wuqing),
        "expert": ExpertFactory(),
        "editor": EditorFactory(),
        "sysadmin": UserFactory(),
    }
    users["sysadmin"].groups.add(role_group(SYSTEM_ADMINS))
    superuser = get_user_model().objects.create_superuser("matrix-root", "", "x")
    document = make_document(beichen.collection, filename="matrix.pdf")
    image = make_image(beichen.collection, filename="matrix.png")
    case = complete_case("北辰区", title="矩阵草稿案例：北辰精密", user=users["district_a"])
    case = attach(case, document, image)
    course = draft_course(users["body_a"], title="矩阵草稿课程：进货检验")
    objects = {
        "case": case,
        "course": course,
        "live_case": complete_case("北辰区", title="矩阵已发布案例", publish=True),
        "live_course": make_course(body_a, title="矩阵已发布课程"),
        "document": document,
        "image": image,
        "superuser": superuser,
    }
    return users, objects


def attach(case, document, image):
    body = json.loads(json.dumps(list(case.body.raw_data)))
    body[0]["value"]["content"] += [
        {"type": "attachment", "value": {"document": document.id, "title": "附件"}},
        {"type": "image", "value": {"image": image.id, "caption": "现场"}},
    ]
    case.body = json.dumps(body)
    case.save_revision()
    return type(case).objects.get(pk=case.pk)


def allowed_status(response):
    if response.status_code == 200:
        return ALLOW
    assert response.status_code in (302, 403, 404), response.status_code
    return DENY


def outcome(client, action, obj, objects):
    page = objects.get(obj)
    if action == "view_draft":
        return allowed_status(client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])))
    if action == "revisions":
        return allowed_status(client.get(reverse("wagtailadmin_pages:history", args=[page.pk])))
    if action == "edit":
        return allowed_status(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    if action == "publish":
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        offered = response.status_code == 200 and 'name="action-publish"' in response.text
        return ALLOW if offered else DENY
    if action == "unpublish":
        live = objects[f"live_{obj}"]
        return allowed_status(client.get(reverse("wagtailadmin_pages:unpublish", args=[live.pk])))
    if action in ("delete", "move", "copy"):
        return allowed_status(client.get(reverse(f"wagtailadmin_pages:{action}", args=[page.pk])))
    if action == "page_chooser":
        response = client.get(
            reverse("wagtailadmin_choose_page_child", args=[page.get_parent().pk])
        )
        try:
            text = json.dumps(response.json(), ensure_ascii=False)
        except ValueError:
            text = response.content.decode()
        return ALLOW if page.title in text else DENY
    if action == "private_document":
        return allowed_status(client.get(objects["document"].url))
    if action == "private_image":
        return allowed_status(client.get(objects["image"].file.url))
    urls = {
        "cases_dashboard": reverse("reports_admin:dashboard"),
        "cases_export": reverse("reports_admin:dashboard_export"),
        "course_report": reverse("reports_admin:course_report"),
        "user_admin": reverse("wagtailusers_users:index"),
        "edit_superuser": reverse("wagtailusers_users:edit", args=[objects["superuser"].pk]),
    }
    if action == "edit_district_user":
        target = objects["case"].owner or get_user_model().objects.get(
            membership__district__name="北辰区", username__startswith="user"
        )
        urls[action] = reverse("wagtailusers_users:edit", args=[target.pk])
    return allowed_status(client.get(urls[action]))


def test_the_table_has_every_role_and_action():
    assert len(CELLS) == len(ROLES) * (
        len(PAGE_ACTIONS) * 2 + len(FILE_ACTIONS) + len(ADMIN_ACTIONS)
    )
    print(f"permission matrix: {len(CELLS)} cells")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "obj"), CELLS, ids=IDS)
def test_permission_cell(client, world, role, action, obj):
    users, objects = world
    if role != "anonymous":
        client.force_login(users[role])
    assert outcome(client, action, obj, objects) == expected(role, action, obj)


# Review steps, selection, learners' data and the help ledger ------------------------------
#
# A second table on its own objects, built inside one transaction that is rolled back after
# the module. Roles add the three kinds of expert (assigned to the case, in the pool but not
# assigned, assigned and then recused for a conflict) and the 处长 who signs off cases.
# Objects: cases in review (step 1 submitted by district A or by the editor, step 2 after
# the editor's 初审), selection rounds (open, closed) on one case, a learner of body A's
# course (progress and certificate) and a help ledger of a 北辰区 enterprise helped by body A.

ROLES2 = [
    "anonymous",
    "learner",
    "other_learner",
    "body_a",
    "body_b",
    "district_a",
    "district_b",
    "expert_assigned",
    "expert_unassigned",
    "expert_recused",
    "editor",
    "division_head",
    "sysadmin",
]
APPROVE_OBJECTS = ["step1_by_district_a", "step1_by_editor", "step2_after_editor"]
SELECTION_ACTIONS = ["workbench", "expert_case", "score_post", "export_xlsx", "export_pdf"]
ROUNDS = ["open", "closed"]
LEARNER_ACTIONS = [
    "learner_list",
    "gradebook",
    "certificate_list",
    "learner_progress",
    "certificate_pdf",
]
LEDGER_ACTIONS = ["ledger_view", "ledger_edit"]
EXPERTS2 = {"expert_assigned", "expert_unassigned", "expert_recused"}
EDITORS2 = {"editor", "division_head"}


def expected2(role, action, obj):
    if action == "approve":
        if obj == "step1_by_district_a":
            return ALLOW if role in EDITORS2 else DENY
        if obj == "step1_by_editor":  # the editor submitted it: never their own approval
            return ALLOW if role == "division_head" else DENY
        # 签发 by a 处长 who did not take the 初审 (the editor did).
        return ALLOW if role == "division_head" else DENY
    if action == "workbench":
        return ALLOW if role in EDITORS2 else DENY
    if action in ("export_xlsx", "export_pdf"):  # nobody before the close
        return ALLOW if role in EDITORS2 and obj == "closed" else DENY
    if action == "expert_case":  # their own case, before and after the close
        return ALLOW if role == "expert_assigned" else DENY
    if action == "score_post":  # saves only before the close
        return ALLOW if role == "expert_assigned" and obj == "open" else DENY
    if action in ("learner_list", "gradebook", "certificate_list"):
        return ALLOW if role in EDITORS2 | {"body_a"} else DENY
    if action in ("learner_progress", "certificate_pdf"):
        return ALLOW if role == "learner" else DENY
    if action == "ledger_view":
        return ALLOW if role in EDITORS2 | {"body_a", "district_a"} else DENY
    if action == "ledger_edit":
        return ALLOW if role in EDITORS2 | {"body_a"} else DENY
    raise AssertionError(action)


CELLS2 = (
    [(r, "approve", o) for r in ROLES2 for o in APPROVE_OBJECTS]
    + [(r, a, o) for r in ROLES2 for a in SELECTION_ACTIONS for o in ROUNDS]
    + [(r, a, "learner") for r in ROLES2 for a in LEARNER_ACTIONS]
    + [(r, a, "ledger") for r in ROLES2 for a in LEDGER_ACTIONS]
)
IDS2 = [f"{n:03d}of{len(CELLS2)}-{r}-{a}-{o}" for n, (r, a, o) in enumerate(CELLS2, 1)]


@pytest.fixture(scope="module")
def world2(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), rolled_back():
        yield build_world2()


def build_world2():
    from wagtail.models import Page

    from courses.models import Certificate, LessonProgress
    from library.roles import SYSTEM_ADMINS as SYSADMINS
    from selection.lifecycle import ensure_closed
    from selection.models import SelectionRound
    from selection.scoring import confirm_no_conflict, declare_conflict, save_scores
    from tests.cases.factories import open_campaign
    from tests.courses.factories import make_lesson
    from tests.enterprises.factories import enterprise, ledger
    from tests.factories import DivisionHeadFactory
    from tests.selection.factories import make_case, make_expert, make_round

    beichen, wuqing = district("北辰区"), district("武清区")
    body_a, body_b = CertificationBodyFactory(), CertificationBodyFactory()
    experts = {role: make_expert(f"矩阵{role}") for role in sorted(EXPERTS2)}
    users = {
        "learner": learner(),
        "other_learner": learner(),
        "body_a": body_user(body_a),
        "body_b": body_user(body_b),
        "district_a": district_user(beichen),
        "district_b": district_user(wuqing),
        "editor": EditorFactory(),
        "division_head": DivisionHeadFactory(),
        "sysadmin": UserFactory(),
        **{role: expert.user for role, expert in experts.items()},
    }
    users["sysadmin"].groups.add(role_group(SYSADMINS))

    # Cases in review.
    campaign = open_campaign()

    def submitted(by, title):
        case = complete_case("北辰区", campaign=campaign, title=title, user=users["district_a"])
        case.get_workflow().start(case, by)
        return Page.objects.get(pk=case.pk).specific

    step2 = submitted(users["district_a"], "矩阵签发案例")
    state = step2.current_workflow_task_state.specific
    state.task.specific.on_action(state, users["editor"], "approve")  # 初审 by the editor
    objects = {
        "step1_by_district_a": submitted(users["district_a"], "矩阵初审案例甲"),
        "step1_by_editor": submitted(users["editor"], "矩阵初审案例乙"),
        "step2_after_editor": Page.objects.get(pk=step2.pk).specific,
    }

    # Selection rounds on one case: assigned (confirmed, scored), unassigned, recused.
    rounds = {}
    for name in ROUNDS:
        case = make_case(title=f"矩阵评选案例{name}")
        selection_round = make_round([case], list(experts.values()), k=1, min_scores=1)
        for role in ("expert_assigned", "expert_recused"):
            selection_round.assignments.create(
                entry=selection_round.entry_for(case.pk), expert=experts[role]
            )
        assigned = selection_round.assignments.get(expert=experts["expert_assigned"])
        confirm_no_conflict(assigned, users["expert_assigned"])
        save_scores(
            assigned, users["expert_assigned"], {c.id: "7" for c in selection_round.criteria.all()}
        )
        recused = selection_round.assignments.get(expert=experts["expert_recused"])
        declare_conflict(recused, users["expert_recused"], "曾为该企业提供咨询")
        if name == "closed":
            SelectionRound.objects.filter(pk=selection_round.pk).update(
                scoring_deadline=selection_round.scoring_deadline - datetime.timedelta(days=30)
            )
            selection_round.refresh_from_db()
            assert ensure_closed(selection_round)
        rounds[name] = (selection_round, case)

    # A learner of body A's course: progress and a certificate.
    course = make_course(body_a, title="矩阵学员课程")
    lesson = make_lesson(course, "矩阵第一课")
    learner_user = users["learner"]
    learner_user.learner_profile.full_name = "矩阵学员甲"
    learner_user.learner_profile.save()
    LessonProgress.objects.get_or_create(user=learner_user, lesson=lesson)
    certificate = Certificate.objects.create(
        user=learner_user,
        course=course,
        learner_name="矩阵学员甲",
        enterprise_name="天津市鑫达车架制造有限公司",
        course_title=course.title,
        body_name=body_a.name,
        score=95,
    )

    help_ledger = ledger(enterprise("北辰区", name="矩阵台账企业"), campaign, body_a)
    return users, {
        **objects,
        "rounds": rounds,
        "course": course,
        "certificate": certificate,
        "ledger": help_ledger,
    }


def outcome2(client, action, obj, objects, user):
    from courses.models import Certificate
    from selection.models import Score

    if action == "approve":
        page = objects[obj]
        state = page.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
        return allowed_status(client.get(url))
    if action in SELECTION_ACTIONS:
        selection_round, case = objects["rounds"][obj]
        if action == "workbench":
            return allowed_status(
                client.get(reverse("selection_rounds:manage", args=[selection_round.pk]))
            )
        if action in ("export_xlsx", "export_pdf"):
            url = reverse(f"selection_rounds:{action}", args=[selection_round.pk])
            return allowed_status(client.get(url))
        url = reverse("selection_expert_case", args=[selection_round.pk, case.pk])
        if action == "expert_case":
            response = client.get(url)
            shown = response.status_code == 200 and case.title in response.text
            assert response.status_code in (200, 302, 403, 404), response.status_code
            return ALLOW if shown else DENY
        # score_post: a value nobody else gives; allowed when it is stored.
        value = f"{ROLES2.index(user):d}.{ROUNDS.index(obj) + 1}"
        criteria = selection_round.criteria.all()
        data = {"action": "score", **{f"criterion-{c.id}": value for c in criteria}}
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403, 404), response.status_code
        stored = Score.objects.filter(assignment__round=selection_round, value=value).exists()
        return ALLOW if stored else DENY
    if action in ("learner_list", "certificate_list"):
        name = "learners" if action == "learner_list" else "certificates"
        response = client.get(reverse(f"courses_admin:{name}"))
        listed = response.status_code == 200 and "矩阵学员甲" in response.text
        return ALLOW if listed else DENY
    if action == "gradebook":
        course = objects["course"]
        return allowed_status(client.get(reverse("courses_admin:gradebook", args=[course.pk])))
    if action == "learner_progress":
        response = client.get(reverse("courses:my_learning"))
        shown = response.status_code == 200 and objects["course"].title in response.text
        return ALLOW if shown else DENY
    if action == "certificate_pdf":
        course = objects["course"]
        response = client.get(course.url + course.reverse_subpage("certificate"))
        is_pdf = response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert Certificate.objects.filter(pk=objects["certificate"].pk).exists()
        return ALLOW if is_pdf else DENY
    if action in LEDGER_ACTIONS:
        view = "inspect" if action == "ledger_view" else "edit"
        url = reverse(f"wagtailsnippets_enterprises_helpledger:{view}", args=[objects["ledger"].pk])
        return allowed_status(client.get(url))
    raise AssertionError(action)


def test_the_second_table_has_every_role_and_action():
    per_role = len(APPROVE_OBJECTS) + len(SELECTION_ACTIONS) * len(ROUNDS)
    per_role += len(LEARNER_ACTIONS) + len(LEDGER_ACTIONS)
    assert len(CELLS2) == len(ROLES2) * per_role
    print(f"permission matrix: {len(CELLS)} + {len(CELLS2)} = {len(CELLS) + len(CELLS2)} cells")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "obj"), CELLS2, ids=IDS2)
def test_permission_cell_review_selection_learning(client, world2, role, action, obj):
    users, objects = world2
    if role != "anonymous":
        client.force_login(users[role])
    assert outcome2(client, action, obj, objects, role) == expected2(role, action, obj)
