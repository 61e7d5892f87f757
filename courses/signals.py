from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.models import BodyCoursesPage, CourseIndexPage
from library.models import CertificationBody
from library.sections import ensure_area, ensure_section
from library.setup import site_structure_requested


@receiver(site_structure_requested, dispatch_uid="courses_area")
def add_courses_area(sender, home_page, **kwargs):
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


@receiver(post_save, sender=CertificationBody, dispatch_uid="courses_section_for_new_body")
def add_section_for_new_body(sender, instance, created, raw=False, **kwargs):
    area = CourseIndexPage.objects.first()
    if created and not raw and area is not None:
        ensure_section(area, BodyCoursesPage, instance, organisation_field="certification_body")
