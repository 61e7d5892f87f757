"""Four eyes: nobody approves what they submitted, edited during the review, or already
approved at another step; an edit during review sends it back to the first step; cases
need two different people (初审 by an editor, 签发 by a 处长)."""

import json

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from review.exceptions import ReviewerRefused
from review.four_eyes import REAPPROVAL_ACTION
from tests.factories import DivisionHeadFactory, EditorFactory
from tests.review.helpers import (
    approve,
    draft_case,
    edit_form_data,
    edit_url,
    login,
    reload,
    submit,
    task_state,
)

pytestmark = pytest.mark.django_db

FIRST, SIGN_OFF = "初审（市级编辑）", "签发（处长）"


def save_edit(client, page, **changes):
    """An editor changes the item in the edit view and saves (no workflow action)."""
    return client.post(edit_url(page), edit_form_data(client, page, **changes))


@pytest.fixture
def submitted(client, author):
    case = draft_case(author)
    submit(login(client, author), case)
    assert task_state(case).task.name == FIRST
    return case


def test_an_editor_who_edited_during_review_cannot_approve(client, submitted):
    editor_a, editor_b = EditorFactory(), EditorFactory()
    save_edit(login(client, editor_a), submitted, title="编辑A改过的标题")
    assert reload(submitted).get_latest_revision_as_object().title == "编辑A改过的标题"

    state = task_state(submitted)
    assert state.task.specific.get_actions(reload(submitted), editor_a) == []
    assert not state.task.specific.get_task_states_user_can_moderate(editor_a).exists()
    assert approve(client, submitted).status_code in (302, 403)
    with pytest.raises(ReviewerRefused, match="您在提交审核后修改过内容，须由其他人审核"):
        state.task.specific.on_action(state, editor_a, "approve")
    assert task_state(submitted).pk == state.pk
    assert task_state(submitted).status == TaskState.STATUS_IN_PROGRESS

    # Another editor may.
    approve(login(client, editor_b), submitted)
    assert task_state(submitted).task.name == SIGN_OFF


def test_editing_and_approving_in_one_form_is_refused(client, submitted):
    editor_a = EditorFactory()
    login(client, editor_a)
    data = edit_form_data(client, submitted, title="顺手改个标题再批准")
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    client.post(edit_url(submitted), data)
    assert task_state(submitted).task.name == FIRST
    assert not TaskState.objects.filter(finished_by=editor_a, status="approved").exists()


def test_an_edit_during_review_sends_it_back_for_re_approval(client, submitted):
    first_reviewer, editor, head = EditorFactory(), DivisionHeadFactory(), DivisionHeadFactory()
    approve(login(client, first_reviewer), submitted)
    assert task_state(submitted).task.name == SIGN_OFF

    # During the sign-off step a 处长 (who may edit at this step) changes the summary.
    save_edit(login(client, editor), submitted, summary="改过的摘要：一次合格率提升 7 个百分点。")

    case = reload(submitted)
    state = task_state(case)
    assert state.task.name == FIRST  # back to the first step
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert state.revision_id == case.latest_revision_id  # on the edited revision
    assert case.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    entry = PageLogEntry.objects.get(page_id=case.pk, action=REAPPROVAL_ACTION)
    assert entry.user == editor

    # The sign-off cannot skip the repeated first review...
    assert state.task.specific.get_actions(case, head) != []  # heads are editors too
    approve(login(client, first_reviewer), case)  # the first reviewer reviews the new text
    assert task_state(case).task.name == SIGN_OFF
    assert not reload(case).live
    # ...and the one who made the change cannot sign it off: another 处长 does.
    assert task_state(case).task.specific.get_actions(case, editor) == []
    approve(login(client, head), case)
    case = reload(case)
    assert case.live
    assert case.summary == "改过的摘要：一次合格率提升 7 个百分点。"


def test_the_same_person_cannot_take_both_steps(client, submitted):
    head, other_head = DivisionHeadFactory(), DivisionHeadFactory()
    approve(login(client, head), submitted)  # a 处长 is also a city editor: 初审
    assert task_state(submitted).task.name == SIGN_OFF

    state = task_state(submitted)
    assert state.task.specific.get_actions(reload(submitted), head) == []
    assert approve(client, submitted).status_code in (302, 403)
    with pytest.raises(ReviewerRefused, match="您已批准本次提交的另一审核步骤，须由其他人审核"):
        state.task.specific.on_action(state, head, "approve")
    assert task_state(submitted).pk == state.pk
    assert not reload(submitted).live

    approve(login(client, other_head), submitted)
    assert reload(submitted).live


def test_an_editor_without_the_division_head_role_cannot_sign_off(client, submitted):
    approve(login(client, EditorFactory()), submitted)
    response = approve(login(client, EditorFactory()), submitted)
    assert response.status_code in (302, 403)
    assert task_state(submitted).task.name == SIGN_OFF
    assert not reload(submitted).live


def shown_messages(client, response):
    """The messages the admin shows after following the redirect."""
    assert response.status_code == 302
    page = client.get(response["Location"])
    return [str(message).strip() for message in page.context["messages"]]


@pytest.mark.parametrize("ajax", [False, True], ids=["form", "modal"])
def test_a_refused_approval_through_the_workflow_url_says_why_in_chinese(client, submitted, ajax):
    """Wagtail's approve URL refuses before the task is asked; the reason still shows."""
    author = submitted.owner
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if ajax else {}
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(submitted.pk, "approve", task_state(submitted).pk),
    )

    # The submitter (a district user) is not in the step's group either: four eyes first.
    login(client, author)
    response = client.post(url, {"comment": ""}, **headers)
    if ajax:
        assert response.status_code == 200
        assert json.loads(response.content)["step"] == "success"
        response = client.get(edit_url(submitted))
        messages = [str(message).strip() for message in response.context["messages"]]
    else:
        assert response["Location"] == edit_url(submitted)
        messages = shown_messages(client, response)
    assert "不能审核：提交人不能审核自己提交的内容" in messages

    editor_a = EditorFactory()
    save_edit(login(client, editor_a), submitted, title="编辑A改过的标题")
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(submitted.pk, "approve", task_state(submitted).pk),
    )
    response = client.post(url, {"comment": ""})
    assert "不能审核：您在提交审核后修改过内容，须由其他人审核" in shown_messages(client, response)
    assert task_state(submitted).status == TaskState.STATUS_IN_PROGRESS
    assert task_state(submitted).task.name == FIRST


def test_a_sign_off_by_an_editor_outside_the_group_says_why(client, submitted):
    approve(login(client, EditorFactory()), submitted)
    assert task_state(submitted).task.name == SIGN_OFF
    response = approve(login(client, EditorFactory()), submitted)
    assert "不能审核：您不在本审核步骤的审核组中" in shown_messages(client, response)
    assert task_state(submitted).task.name == SIGN_OFF
