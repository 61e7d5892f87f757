from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from cases.models import CaseIndexPage, CasePage, DistrictCasesPage
from library.campaigns import campaign_opened, retitle
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


@receiver(campaign_opened, dispatch_uid="cases_copy_questionnaire_to_next_campaign")
def copy_questionnaire(sender, campaign, source, user=None, **kwargs):
    """Next year's questionnaire starts as a draft copy of the last one, questions and all
    (returns what was copied, for the editor's message)."""
    from cases.models import SatisfactionSurveyPage

    survey = SatisfactionSurveyPage.objects.filter(campaign=source).order_by("-pk").first()
    if survey is None:
        return None
    parent = survey.get_parent()
    slug = survey.slug.replace(str(source.year), str(campaign.year))
    if slug == survey.slug or parent.get_children().filter(slug=slug).exists():
        slug = f"{survey.slug}-{campaign.year}"
    copy = survey.copy(
        to=parent,
        update_attrs={
            "title": retitle(survey.title, source.year, campaign.year),
            "slug": slug,
            "campaign": campaign,
            "live": False,
        },
        keep_live=False,
        copy_revisions=False,
        user=user,
        log_action="wagtail.copy",
    )
    return f"满意度调查问卷“{copy.title}”（草稿）"
