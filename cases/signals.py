from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from cases.models import CaseIndexPage, CasePage, DistrictCasesPage
from library.models import District
from library.sections import ensure_section


@receiver(post_save, sender=District, dispatch_uid="cases_section_for_new_district")
def add_section_for_new_district(sender, instance, created, raw=False, **kwargs):
    area = CaseIndexPage.objects.first()
    if created and not raw and area is not None:
        ensure_section(area, DistrictCasesPage, instance, organisation_field="district")


@receiver(post_page_move, dispatch_uid="cases_district_follows_section")
def keep_case_district_in_step(sender, instance, **kwargs):
    """A case moved to another district's section belongs to that district from then on."""
    if isinstance(instance.specific, CasePage):
        CasePage.objects.filter(pk=instance.pk).update(
            district_id=instance.specific.district_from_parent()
        )
