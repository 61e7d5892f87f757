"""The rubric carried into next year's campaign (``library.campaigns.campaign_opened``).

When a city editor opens next year's campaign from the last one, each kind of round the
last campaign held (cases, courses, districts, bodies) starts again in the new campaign:
its latest round's criteria and weights, rules and recommendation quota, the scoring
deadline a year on (the years between the two campaigns). The new round has no candidates
and no experts yet, so nobody is assigned or reminded until the commission fills it in.
"""

from django.db import transaction
from django.utils import timezone

from library.campaigns import retitle, shift_year
from selection.models import RoundCriterion, SelectionRound

# The round's rules copied as they are.
RULES = ("experts_per_case", "recommend_count", "min_scores", "disagreement_threshold")
CRITERION_FIELDS = ("sort_order", "name", "description", "weight", "max_score", "is_impact")


def latest_round_per_kind(campaign):
    """The latest round of each kind (``subject_kind`` when rounds have one) of ``campaign``."""
    latest = {}
    for selection_round in SelectionRound.objects.filter(campaign=campaign).order_by(
        "-created_at", "-id"
    ):
        latest.setdefault(getattr(selection_round, "subject_kind", None), selection_round)
    return list(latest.values())


def copy_round(source_round, campaign, user=None):
    """``source_round``'s rubric and rules as a new round of ``campaign``."""
    years = campaign.year - source_round.campaign.year
    deadline = timezone.localtime(source_round.scoring_deadline)
    fields = {name: getattr(source_round, name) for name in RULES}
    if hasattr(source_round, "subject_kind"):
        fields["subject_kind"] = source_round.subject_kind
    new = SelectionRound(
        title=retitle(source_round.title, source_round.campaign.year, campaign.year),
        campaign=campaign,
        scoring_deadline=shift_year(deadline, years),
        created_by=user,
        **fields,
    )
    # Set before the first save, so the round keeps these criteria instead of the defaults.
    new.criteria = [
        RoundCriterion(**{name: getattr(criterion, name) for name in CRITERION_FIELDS})
        for criterion in source_round.criteria.order_by("sort_order", "pk")
    ]
    new.save()
    return new


@transaction.atomic
def copy_rubric(sender, campaign, source, user=None, **kwargs):
    """``campaign_opened``: next year's rounds from the last campaign's, one per kind."""
    copies = [copy_round(r, campaign, user) for r in latest_round_per_kind(source)]
    return "、".join(f"评选轮次“{r.title}”及其评分标准" for r in copies) or None
