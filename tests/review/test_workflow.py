"""One review for courses and cases: submit, approve or request changes, resubmit; every
step in the history, the right people told by email, and nobody approving their own work."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry, Workflow, WorkflowPage, WorkflowState

from cases.models import CaseIndexPage
from courses.models import CourseIndexPage
from reports.pages import ReportsIndexPage
from review.models import EditorApprovalTask
from review.setup import SIGNED_OFF_WORKFLOW_NAME, WORKFLOW_NAME, ensure_review_setup
from tests.factories import CertificationBodyFactory, DivisionHeadFactory, EditorFactory
from tests.review.helpers import (
    approve,
    body_author,
    draft_case,
    draft_course,
    edit_url,
    login,
    reload,
    request_changes,
    submit,
    task_state,
)

pytestmark = pytest.mark.django_db


def actions_logged(page):
    return list(
        PageLogEntry.objects.filter(page_id=page.pk)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def steps(page):
    return [
        (task.name, list(task.specific.groups.values_list("name", flat=True)))
        for task in page.get_workflow().tasks.order_by("workflow_tasks__sort_order")
    ]


def test_courses_go_to_the_city_editors_and_cases_also_to_a_division_head(site_tree, author):
    case = draft_case(author)
    course = draft_course(body_author(CertificationBodyFactory()))
    assert course.get_workflow().name == WORKFLOW_NAME
    assert steps(course) == [("市级编辑审核", ["市级编辑"])]
    assert case.get_workflow().name == SIGNED_OFF_WORKFLOW_NAME
    assert steps(case) == [("初审（市级编辑）", ["市级编辑"]), ("签发（处长）", ["处长"])]
    for task in case.get_workflow().tasks.all():
        assert isinstance(task.specific, EditorApprovalTask)

    # Running the set-up again changes nothing.
    ensure_review_setup(
        CourseIndexPage.objects.first(), signed_off=(CaseIndexPage.objects.first(),)
    )
    assert steps(course) == [("市级编辑审核", ["市级编辑"])]
    assert len(steps(case)) == 2
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert Workflow.objects.filter(name=SIGNED_OFF_WORKFLOW_NAME).count() == 1


def test_a_submitted_case_is_approved_and_published(client, author, editor):
    case = draft_case(author)
    mail.outbox.clear()

    response = submit(login(client, author), case)
    assert response.status_code == 302
    state = reload(case).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == author
    assert not reload(case).live
    assert editor.email in [address for message in mail.outbox for address in message.to]
    assert author.email not in [address for message in mail.outbox for address in message.to]

    mail.outbox.clear()
    head = DivisionHeadFactory()
    response = approve(login(client, editor), case, comment="数据翔实，同意上报。")
    assert response.status_code == 302
    case = reload(case)
    assert not case.live  # 初审 done, 签发 next
    assert task_state(case).task.name == "签发（处长）"
    assert head.email in [address for message in mail.outbox for address in message.to]

    mail.outbox.clear()
    response = approve(login(client, head), case, comment="同意发布。")
    assert response.status_code == 302
    case = reload(case)
    assert case.live
    assert case.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert case.title in mail.outbox[0].subject + mail.outbox[0].body

    assert actions_logged(case)[-4:] == [
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]


def test_changes_requested_then_resubmitted_then_approved(client, author, editor):
    case = draft_case(author, title="武清区地毯企业案例")
    submit(login(client, author), case)

    mail.outbox.clear()
    request_changes(login(client, editor), case, comment="请补充提升前后的一次合格率数据来源。")
    case = reload(case)
    assert case.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not case.live
    # The author is told why, by email and on the edit page.
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert "请补充提升前后的一次合格率数据来源" in mail.outbox[0].body
    page = login(client, author).get(edit_url(case)).content.decode()
    assert "审核意见（退回修改）" in page
    assert "请补充提升前后的一次合格率数据来源" in page

    mail.outbox.clear()
    response = submit(client, case, title="武清区地毯企业案例（已补充数据来源）")
    assert response.status_code == 302
    case = reload(case)
    state = case.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert case.workflow_states.count() == 1  # the same review, resumed
    assert editor.email in [address for message in mail.outbox for address in message.to]

    approve(login(client, editor), case)
    approve(login(client, DivisionHeadFactory()), case)
    case = reload(case)
    assert case.live
    assert case.title == "武清区地毯企业案例（已补充数据来源）"
    history = actions_logged(case)
    for step in (
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert step in history
    assert history.index("wagtail.workflow.reject") < history.index("wagtail.workflow.resume")
    rejection = PageLogEntry.objects.get(page_id=case.pk, action="wagtail.workflow.reject")
    assert rejection.data["comment"] == "请补充提升前后的一次合格率数据来源。"


def test_a_submitter_never_approves_their_own_work(client, site_tree):
    body = CertificationBodyFactory()
    author_editor, other_editor = EditorFactory(), EditorFactory()
    course = draft_course(body_author(body))
    # An editor who edits and submits a course cannot be the one who approves it.
    login(client, author_editor)
    submit(client, course)
    state = task_state(course)
    task = state.task.specific

    assert task.get_actions(reload(course), author_editor) == []
    assert task.get_task_states_user_can_moderate(author_editor).count() == 0
    assert task.get_task_states_user_can_moderate(other_editor).filter(pk=state.pk).exists()
    edit_page = client.get(edit_url(course)).content.decode()
    assert "批准发布" not in edit_page

    # Wagtail answers a refused admin action with a redirect and an error message.
    assert approve(client, course).status_code in (302, 403)
    assert request_changes(client, course, "自己退回").status_code in (302, 403)
    assert task_state(course).pk == state.pk
    # Nor through the edit form's workflow action.
    from tests.review.helpers import edit_form_data

    data = edit_form_data(client, course)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    client.post(edit_url(course), data)
    course = reload(course)
    assert not course.live
    assert course.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Nor at the model layer.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        task.on_action(state, author_editor, "approve")

    approve(login(client, other_editor), course)
    assert reload(course).live


def test_a_superuser_who_submits_cannot_approve_either(client, site_tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root-submitter", "root@example.cn", "x")
    course = draft_course(body_author(CertificationBodyFactory()))
    client.force_login(admin)
    submit(client, course)
    state = task_state(course)
    assert approve(client, course).status_code in (302, 403)
    assert not reload(course).live
    assert task_state(course).pk == state.pk


def test_body_and_district_users_cannot_approve(client, author, editor):
    case = draft_case(author)
    submit(login(client, author), case)
    other = body_author(CertificationBodyFactory())
    for user in (author, other):
        assert approve(login(client, user), case).status_code in (302, 403)
        assert not reload(case).live
        assert reload(case).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_dashboards_show_each_user_what_awaits_them(client, author, editor):
    case = draft_case(author, title="北辰区某车架厂案例")
    submit(login(client, author), case)
    dashboard = login(client, editor).get("/admin/").content.decode()
    assert "编辑审核队列" in dashboard
    assert "北辰区某车架厂案例" in dashboard

    request_changes(client, case, "请补充认证机构帮扶记录。")
    colleague = author.__class__.objects.get(pk=author.pk)
    dashboard = login(client, colleague).get("/admin/").content.decode()
    assert "退回修改，待您处理" in dashboard
    assert "请补充认证机构帮扶记录。" in dashboard


def test_only_the_content_areas_use_the_editors_review(site_tree):
    courses_area, cases_area = CourseIndexPage.objects.get(), CaseIndexPage.objects.get()
    reports_area = ReportsIndexPage.objects.get()
    ours = WorkflowPage.objects.filter(
        workflow__workflow_tasks__task__in=EditorApprovalTask.objects.all()
    )
    assert dict(ours.values_list("page_id", "workflow__name").distinct()) == {
        courses_area.pk: WORKFLOW_NAME,
        cases_area.pk: SIGNED_OFF_WORKFLOW_NAME,
        reports_area.pk: WORKFLOW_NAME,  # 附件2 pilot reports
    }
    # The home page and every page outside the content areas keep Wagtail's default.
    for page in (site_tree, courses_area.get_parent()):
        workflow = page.specific.get_workflow()
        assert workflow is None or workflow.name not in (WORKFLOW_NAME, SIGNED_OFF_WORKFLOW_NAME)
