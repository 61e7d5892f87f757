from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.models import BodyCoursesPage, CourseIndexPage
from library.models import CertificationBody
from library.sections import ensure_section


@receiver(post_save, sender=CertificationBody, dispatch_uid="courses_section_for_new_body")
def add_section_for_new_body(sender, instance, created, raw=False, **kwargs):
    area = CourseIndexPage.objects.first()
    if created and not raw and area is not None:
        ensure_section(area, BodyCoursesPage, instance, organisation_field="certification_body")
