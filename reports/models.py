"""附件3 statistics per pilot region and campaign (``PilotStatistics``).

The fields are the notice's table (``reports.annex3``). The figures the help ledger, the
training register and the cases can supply are prefilled from ``reports.figures.pilot_prefill``
with how each was derived; the pilot's districts complete the rest and submit; a city editor
reviews (草稿 → 已提交 → 已审核). Who may do what is ``reports.access``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.annex3 import COLUMNS

DRAFT, SUBMITTED, REVIEWED = "draft", "submitted", "reviewed"
STATUSES = [(DRAFT, "草稿"), (SUBMITTED, "已提交"), (REVIEWED, "已审核")]
OUTPUT_UNITS = [("万元", "万元"), ("亿元", "亿元")]


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


def _rate(label):
    return models.DecimalField(label, max_digits=6, decimal_places=2, null=True, blank=True)


def _amount(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True)


def _labels():
    """{field name: its label}: the header, with the sub-row and 提升前/提升后 where there are."""
    labels = {}
    for column in COLUMNS:
        if column.kind == "paired":
            for sub, (before, after) in column.fields:
                prefix = f"{column.header}·{sub}" if sub else column.header
                labels.setdefault(before, f"{prefix}·提升前")
                labels.setdefault(after, f"{prefix}·提升后")
        else:
            for sub, name in column.fields:
                labels.setdefault(name, f"{column.header}·{sub}" if sub else column.header)
    return labels


LABELS = _labels()
RATE_PREFIXES = (
    "pass_rate",
    "first_pass_yield",
    "defect_rate",
    "customer_satisfaction",
    "complaint_rate",
    "market_share",
    "gdp_share",
)
AMOUNT_FIELDS = {
    "output_value_before",
    "output_value_after",
    "export_value_before",
    "export_value_after",
    "matching_funds",
}


class SubmittedForReview(models.Model):
    """A report a district fills and submits and a city editor reviews or sends back
    (草稿 → 已提交 → 已审核): the 附件3 table and the 附件1 评估总结 share these states."""

    status = models.CharField("状态", max_length=20, choices=STATUSES, default=DRAFT)
    review_comment = models.TextField("审核意见", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True

    def submit(self, user):
        self.status = SUBMITTED
        self.submitted_at = timezone.now()
        self.updated_by = user
        self.save()

    def review(self, user, comment=""):
        self.status = REVIEWED
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.review_comment = comment
        self.save()

    def reopen(self, user, comment=""):
        """Back to the districts as a draft, with the editor's comment."""
        self.status = DRAFT
        self.review_comment = comment
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.save()


class PilotStatistics(SubmittedForReview):
    region = models.ForeignKey(
        "library.PilotRegion",
        verbose_name="试点区域",
        on_delete=models.PROTECT,
        related_name="statistics",
    )
    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    output_unit = models.CharField(
        "产值单位", max_length=4, choices=OUTPUT_UNITS, default="万元", blank=True
    )
    export_unit = models.CharField(
        "出口产值单位", max_length=4, choices=OUTPUT_UNITS, default="万元", blank=True
    )
    notes = models.TextField("填报说明", blank=True)

    industry_name = models.CharField(LABELS["industry_name"], max_length=60, blank=True)
    sme_total = _count(LABELS["sme_total"])
    participating = _count(LABELS["participating"])
    trained = _count(LABELS["trained"])
    helped = _count(LABELS["helped"])
    leader_deployed = _count(LABELS["leader_deployed"])
    qms_established = _count(LABELS["qms_established"])
    digital_qms = _count(LABELS["digital_qms"])
    pain_points_found = _count(LABELS["pain_points_found"])
    pain_points_solved = _count(LABELS["pain_points_solved"])
    talents = _count(LABELS["talents"])
    pass_rate_before = _rate(LABELS["pass_rate_before"])
    pass_rate_after = _rate(LABELS["pass_rate_after"])
    first_pass_yield_before = _rate(LABELS["first_pass_yield_before"])
    first_pass_yield_after = _rate(LABELS["first_pass_yield_after"])
    defect_rate_before = _rate(LABELS["defect_rate_before"])
    defect_rate_after = _rate(LABELS["defect_rate_after"])
    customer_satisfaction_before = _rate(LABELS["customer_satisfaction_before"])
    customer_satisfaction_after = _rate(LABELS["customer_satisfaction_after"])
    complaint_rate_before = _rate(LABELS["complaint_rate_before"])
    complaint_rate_after = _rate(LABELS["complaint_rate_after"])
    output_value_before = _amount(LABELS["output_value_before"])
    output_value_after = _amount(LABELS["output_value_after"])
    market_share_before = _rate(LABELS["market_share_before"])
    market_share_after = _rate(LABELS["market_share_after"])
    gdp_share_before = _rate(LABELS["gdp_share_before"])
    gdp_share_after = _rate(LABELS["gdp_share_after"])
    export_value_before = _amount(LABELS["export_value_before"])
    export_value_after = _amount(LABELS["export_value_after"])
    high_tech = _count(LABELS["high_tech"])
    standard_compliant = _count(LABELS["standard_compliant"])
    award_national = _count(LABELS["award_national"])
    award_provincial = _count(LABELS["award_provincial"])
    award_municipal = _count(LABELS["award_municipal"])
    award_county = _count(LABELS["award_county"])
    zone_national = _count(LABELS["zone_national"])
    zone_provincial = _count(LABELS["zone_provincial"])
    giant_national = _count(LABELS["giant_national"])
    giant_provincial = _count(LABELS["giant_provincial"])
    chain_pain_points = _count(LABELS["chain_pain_points"])
    chain_leaders = _count(LABELS["chain_leaders"])
    innovation_standards = _count(LABELS["innovation_standards"])
    innovation_systems = _count(LABELS["innovation_systems"])
    innovation_rules = _count(LABELS["innovation_rules"])
    innovation_schemes = _count(LABELS["innovation_schemes"])
    maturity_guides = _count(LABELS["maturity_guides"])
    maturity_cases = _count(LABELS["maturity_cases"])
    maturity_methods = _count(LABELS["maturity_methods"])
    matching_funds = _amount(LABELS["matching_funds"])
    stakeholder_bodies = _count(LABELS["stakeholder_bodies"])
    stakeholder_parks = _count(LABELS["stakeholder_parks"])
    stakeholder_associations = _count(LABELS["stakeholder_associations"])
    stakeholder_alliances = _count(LABELS["stakeholder_alliances"])
    stakeholder_experts = _count(LABELS["stakeholder_experts"])
    support_policies = _count(LABELS["support_policies"])

    class Meta:
        verbose_name = "区域试点工作统计表"
        verbose_name_plural = "区域试点工作统计表"
        ordering = ["-campaign__year", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "campaign"], name="one_statistics_per_region_and_campaign"
            )
        ]

    def __str__(self):
        return f"{self.region} · {self.campaign.year}年区域试点工作统计表"

    def value(self, name):
        return getattr(self, name)


# The page types live in reports.pages; imported here so Django registers them.
from reports.complaints import BodyComplaint  # noqa: E402
from reports.district_summary import (  # noqa: E402
    DistrictSummary,
    IndicatorAccount,
    SummaryEvidence,
)
from reports.pages import (  # noqa: E402
    PilotReportPage,
    PilotReportsSection,
    PublicityColumnPage,
    ReportsIndexPage,
)
from reports.publicity import Objection, PublicityNotice  # noqa: E402

__all__ = [
    "BodyComplaint",
    "DistrictSummary",
    "IndicatorAccount",
    "Objection",
    "PilotReportPage",
    "PilotReportsSection",
    "PilotStatistics",
    "PublicityColumnPage",
    "PublicityNotice",
    "ReportsIndexPage",
    "SummaryEvidence",
]
