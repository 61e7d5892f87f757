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

Review workflow (approve), selection views and learners' data are changed by other work at
the same time and are left out of this table for now (tests/review, tests/selection).
"""

import json

import pytest
from django.contrib.auth import get_user_model
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
    """One set of users and objects for every cell (built once, removed afterwards)."""
    with django_db_blocker.unblock():
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
    yield users, objects
    with django_db_blocker.unblock():
        for key in ("case", "course", "live_case", "live_course"):
            objects[key].delete()
        document.delete()
        image.delete()
        for user in [*users.values(), superuser]:
            user.delete()
        from courses.models import BodyCoursesPage

        for body in (body_a, body_b):
            for section in BodyCoursesPage.objects.filter(certification_body=body):
                section.delete()
            body.delete()


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
