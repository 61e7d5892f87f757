"""The automatic checks a course or lesson must pass before an editor sees it (see review/checks.py).

Attachments (course documents) are checked for every page type by ``review.builtin_checks``.
"""

from courses import rules
from courses.models import CoursePage, LessonPage
from review.checks import CheckResult, page_check


@page_check(CoursePage)
def course_is_complete(page):
    yield CheckResult(
        "课程简介",
        bool((page.summary or "").strip()),
        "“课程简介”不能为空：请用一两句话说明这门课讲什么、适合谁学",
        "summary",
    )
    yield CheckResult(
        "所属年度", page.campaign_id is not None, "请选择“所属年度”，课程按年度统计报送", "campaign"
    )
    yield CheckResult("培训对象", bool(page.audiences), "请至少选择一类“培训对象”", "audiences")
    has_lessons = page.pk is not None and LessonPage.objects.child_of(page).exists()
    yield CheckResult("课时", has_lessons, "课程至少需要一个课时：请先在课程下添加“课时”页面", "")
    if page.campaign_id is not None:
        yield rules.check_deadline(page)


@page_check(LessonPage)
def lesson_is_complete(page):
    yield CheckResult("课程内容", len(page.body) > 0, "“课程内容”不能为空", "body")
    chosen = {clause.pk for clause in page.clauses.all()}
    yield CheckResult("涉及条款", bool(chosen), "请在“涉及条款”中至少选择一个条款", "clauses")
    cited = [
        child.value["clause"]
        for child in page.body
        if child.block_type == "clause" and child.value["clause"] is not None
    ]
    missing = [str(clause.number) for clause in cited if clause.pk not in chosen]
    yield CheckResult(
        "条款一致",
        not missing,
        f"“课程内容”解读了条款 {'、'.join(missing)}，请把它们也选入“涉及条款”",
        "clauses",
    )
