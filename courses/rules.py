"""Which courses count toward a body's yearly minimum (各认证机构至少报送1套培训课程).

Defined once: ``reports.figures`` groups it per body for the dashboard, the course report
and their exports. The course deadline (``check_deadline``) is registered in
``courses.checks`` and runs at submission and again at approval, like the case deadline.
"""

from courses.learning import sections_by_path
from courses.models import CoursePage
from review.checks import CheckResult
from review.guards import submitted_at
from review.publication import exception_result


def counted_courses(campaign):
    """The campaign's courses that count toward their body's minimum: the published ones."""
    return CoursePage.objects.live().filter(campaign=campaign)


def body_id_of(course_path, sections=None):
    """The certification body whose section holds the course at ``course_path`` (or None)."""
    sections = sections_by_path() if sections is None else sections
    section = sections.get(course_path[: -CoursePage.steplen])
    return section.certification_body_id if section else None


# The name of the course deadline check: an editor's exception recorded under it
# (``review.CheckOverride``, from the page's 记录例外 screen) lets a late course in.
DEADLINE_CHECK = "报送截止日期"


def check_deadline(course, moment=None) -> CheckResult:
    """A course is submitted by its campaign's deadline (end of the day, Tianjin time), like
    a case; one sent in on time stays on time at approval. An editor's recorded exception
    with a reason lets a late course in."""
    name, field = DEADLINE_CHECK, "campaign"
    campaign = course.campaign
    if campaign is None:
        return CheckResult(name, False, "“所属年度”未填写，无法核对报送截止日期", field)
    deadline = f"{campaign.submission_deadline:%Y年%m月%d日}"
    if campaign.accepts_submissions(moment):
        return CheckResult(name, True, f"在{deadline}截止日期之前报送", field)
    sent = submitted_at(course)
    if sent and campaign.accepts_submissions(sent):
        return CheckResult(name, True, f"已于{deadline}截止日期之前报送", field)
    return exception_result(course, name, field) or CheckResult(
        name,
        False,
        f"{campaign.year}年培训课程报送已于{deadline}截止，不能再报送；"
        "如确需报送，请联系市级编辑记录例外理由",
        field,
    )
