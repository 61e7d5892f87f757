from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from cases.models import CaseIndexPage, CasePage, DistrictCasesPage
from library.models import District
from library.sections import ensure_area, ensure_section
from library.setup import site_structure_requested


@receiver(site_structure_requested, dispatch_uid="cases_area")
def add_cases_area(sender, home_page, **kwargs):
    area = ensure_area(
        home_page,
        CaseIndexPage,
        home_field="cases_page",
        title="案例",
        slug="cases",
        introduction="<p>各区推荐的小微企业质量管理优良实践案例：问题怎么诊断、帮扶怎么做、成效用数据说话。</p>",
    )
    for district in District.objects.all():
        ensure_section(area, DistrictCasesPage, district, organisation_field="district")


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
