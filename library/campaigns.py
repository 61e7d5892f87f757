"""The year of the action: which campaign is current, which one a screen shows, and opening
next year's campaign from the last one.

``current()`` is ``Campaign.objects.current()`` (this year's campaign in Tianjin time, else
the latest earlier one). Every year-dependent screen calls ``chosen()``: the campaign of a
``?year=`` parameter, else the current one. ``next_year_initial()`` is the rollover: the
last campaign's rules shifted by a year, for the editor to correct before
``open_next_campaign()`` saves them; apps copy their own per-campaign content (the
questionnaire) by listening to ``campaign_opened``.
"""

from django.db import transaction
from django.dispatch import Signal
from django.http import Http404

from library import params
from library.models import Campaign, CampaignPhase

# Sent after a campaign was opened from an earlier one: sender=Campaign, campaign=<new>,
# source=<earlier>, user=<who opened it>. Receivers copy what belongs to the campaign and
# may return a Chinese description of the copy for the editor to check (else None).
campaign_opened = Signal()


def current(today=None):
    return Campaign.objects.current(today)


def for_year(year):
    return Campaign.objects.filter(year=year).first()


def chosen(request, name="year", *, required=True):
    """The campaign of ``?year=`` (404 when there is none), else the current one (or None),
    and every campaign for the year selector, newest first."""
    campaigns = list(Campaign.objects.order_by("-year"))
    year = params.year(request.GET, name)
    if year is None:
        return Campaign.objects.current(), campaigns
    campaign = next((c for c in campaigns if c.year == year), None)
    if campaign is None and required:
        raise Http404(f"没有{year}年度的行动")
    return campaign, campaigns


def chosen_or_404(request, name="year"):
    """``chosen()`` for screens that need a campaign: 404 in Chinese when none exists yet."""
    campaign, campaigns = chosen(request, name)
    if campaign is None:
        raise Http404("尚未建立年度行动")
    return campaign, campaigns


def shift_year(day, years=1):
    """``day`` moved by whole years; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def retitle(text, old_year, new_year):
    """``text`` (a title, a notice) with the year ``old_year`` written as ``new_year``."""
    return (text or "").replace(str(old_year), str(new_year))


def next_year_initial(source, year=None):
    """The fields and phases of the campaign of ``year`` (default: the year after
    ``source``), ``source``'s rules with every date shifted by the difference in years."""
    year = year or source.year + 1
    years = year - source.year
    fields = {
        "year": year,
        "title": retitle(source.title, source.year, year) or f"{year}年度行动",
        "notice_number": "",
        "notice_date": shift_year(source.notice_date, years),
        "submission_deadline": shift_year(source.submission_deadline, years),
        "case_min_per_district": source.case_min_per_district,
        "case_max_per_district": source.case_max_per_district,
        "course_min_per_body": source.course_min_per_body,
        "reminder_days": source.reminder_days,
        "summary": source.summary,
        "notice_text": retitle(source.notice_text, source.year, year),
    }
    phases = [
        {
            "name": phase.name,
            "start_date": shift_year(phase.start_date, years),
            "end_date": shift_year(phase.end_date, years),
            "description": phase.description,
        }
        for phase in source.phases.order_by("sort_order", "pk")
    ]
    return fields, phases


@transaction.atomic
def open_next_campaign(source, fields, phases, user=None):
    """Save the new campaign (fields and phases as the editor confirmed them) and let the
    apps copy their per-campaign content from ``source``; ``campaign.copied`` lists what
    they copied, in Chinese."""
    campaign = Campaign(**fields)
    campaign.full_clean()
    campaign.save()
    for order, phase in enumerate(phases):
        CampaignPhase.objects.create(campaign=campaign, sort_order=order, **phase)
    responses = campaign_opened.send(sender=Campaign, campaign=campaign, source=source, user=user)
    campaign.copied = [answer for _, answer in responses if isinstance(answer, str) and answer]
    return campaign


def latest():
    return Campaign.objects.order_by("-year").first()


class CurrentCampaignInitial:
    """Form mixin: a new record's 所属年度 starts at the current campaign (the user may pick
    another). Mixed into the case and course page forms, the round and questionnaire forms."""

    campaign_field = "campaign"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if (
            self.campaign_field in self.fields
            and instance is not None
            and instance.pk is None
            and getattr(instance, f"{self.campaign_field}_id", None) is None
            and not self.initial.get(self.campaign_field)
        ):
            campaign = current()
            if campaign is not None:
                self.initial[self.campaign_field] = campaign.pk
