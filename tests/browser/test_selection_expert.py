"""An expert's round in the browser: sign in, confirm no conflict, score, and be refused elsewhere."""

import pytest
from playwright.sync_api import expect

from selection.models import Assignment
from tests.factories import PASSWORD
from tests.selection.factories import make_case, make_expert, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def test_expert_confirms_scores_two_cases_and_cannot_open_a_third(browser_page, screenshot):
    me = make_expert("李评审", username="lipingshen")
    others = [make_expert("王评审"), make_expert("赵评审")]
    mine = [
        make_case(title="北辰某电动自行车企业质量提升案例"),
        make_case(title="武清某地毯企业质量提升案例", district="武清区"),
    ]
    theirs = make_case(title="宁河某汽车零部件企业质量提升案例", district="宁河区")
    selection_round = make_round([*mine, theirs], [me, *others], k=1)
    for case in mine:
        Assignment.objects.create(
            round=selection_round, entry=selection_round.entry_for(case.pk), expert=me
        )
    Assignment.objects.create(
        round=selection_round, entry=selection_round.entry_for(theirs.pk), expert=others[0]
    )

    page = browser_page
    sign_in(page, me.user.username)
    page.get_by_role("link", name="我的评审任务").first.click()
    page.wait_for_url("**/selection/my/")
    tasks = page.get_by_role("table", name="我的评审任务")
    assert tasks.get_by_role("link").count() == 2
    assert theirs.title not in tasks.inner_text()
    screenshot("selection-expert-dashboard")

    for index, case in enumerate(mine):
        page.goto(f"/admin/selection/my/{selection_round.pk}/{case.pk}/")
        # Nothing to score until the expert has confirmed there is no conflict.
        assert page.get_by_role("button", name="保存评分").count() == 0
        if index == 0:
            screenshot("selection-expert-conflict-check")
        page.get_by_role("button", name="我确认与该企业无利益冲突").click()
        page.get_by_text("已确认无利益冲突").wait_for()
        for row, field in enumerate(page.locator("table.sel-scores input").all()):
            field.fill(str(6 + (row + index) % 5))
        page.locator("#comment").fill("帮扶措施具体，成效数据可信。")
        if index == 0:
            screenshot("selection-expert-scoring")
        page.get_by_role("button", name="保存评分").click()
        page.get_by_text("评分已保存").wait_for()

    for assignment in Assignment.objects.filter(expert=me):
        assert assignment.status == Assignment.CONFIRMED
        assert assignment.scores.count() == 8

    response = page.goto(f"/admin/selection/my/{selection_round.pk}/{theirs.pk}/")
    assert response.status == 403
    expect(page.get_by_text("该案例未分配给您评审，不能查看")).to_be_visible()
    assert theirs.summary not in page.content()
    screenshot("selection-expert-refused")
