"""The courses area under the home page and one section per certification body."""

from courses.models import BodyCoursesPage, CourseIndexPage
from library.models import CertificationBody
from library.sections import ensure_area, ensure_section


def ensure_courses_area(home_page):
    area = ensure_area(
        home_page,
        CourseIndexPage,
        home_field="courses_page",
        title="课程",
        slug="courses",
        introduction="<p>各认证机构用通俗语言讲解 GB/T 19001-2016，面向企业负责人、体系建设主管部门和文件编写人员。</p>",
    )
    for body in CertificationBody.objects.all():
        ensure_section(area, BodyCoursesPage, body, organisation_field="certification_body")
    return area
