"""Which courses count toward a body's yearly minimum (各认证机构至少报送1套培训课程).

Defined once: ``reports.figures`` groups it per body for the dashboard, the course report
and their exports.
"""

from courses.learning import sections_by_path
from courses.models import CoursePage


def counted_courses(campaign):
    """The campaign's courses that count toward their body's minimum: the published ones."""
    return CoursePage.objects.live().filter(campaign=campaign)


def body_id_of(course_path, sections=None):
    """The certification body whose section holds the course at ``course_path`` (or None)."""
    sections = sections_by_path() if sections is None else sections
    section = sections.get(course_path[: -CoursePage.steplen])
    return section.certification_body_id if section else None
