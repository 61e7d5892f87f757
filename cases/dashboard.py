"""The editors' view of a campaign: who has sent what, what is missing, and the figures
the city reports (附件3's pilot-region statistics, the satisfaction questionnaire).

Pure queries and arithmetic; the admin view and the xlsx export both read ``build()``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from cases.models import CaseMetric, CasePage, SurveyResponse
from cases.models.metrics import KINDS
from cases.rules import submitted_page_ids
from library.models import CertificationBody, District, PilotRegion

# The rates 附件3 reports before and after, in its order.
PILOT_RATES = [
    "pass_rate",
    "first_pass_yield",
    "defect_rate",
    "customer_satisfaction",
    "complaint_rate",
]
PILOT_VALUES = ["output_value"]
TWO_PLACES = Decimal("0.01")


def mean(values):
    values = list(values)
    if not values:
        return None
    return (sum(values) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class DistrictRow:
    district: District
    minimum: int
    maximum: int | None
    submitted: int = 0
    published: int = 0

    @property
    def counted(self):
        return self.submitted + self.published

    @property
    def outstanding(self):
        return max(0, self.minimum - self.counted)

    @property
    def over_quota(self):
        return self.maximum is not None and self.counted > self.maximum

    @property
    def status(self):
        if self.outstanding:
            return f"尚缺 {self.outstanding} 个"
        if self.over_quota:
            return f"超出上限 {self.counted - self.maximum} 个"
        return "已达要求"


@dataclass
class BodyRow:
    body: CertificationBody
    minimum: int
    published: int = 0

    @property
    def outstanding(self):
        return max(0, self.minimum - self.published)

    @property
    def status(self):
        return f"尚缺 {self.outstanding} 套" if self.outstanding else "已达要求"


@dataclass
class MeasureStat:
    key: str
    name: str
    unit: str
    samples: int
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self):
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class PilotRow:
    region: PilotRegion
    enterprises: int
    rates: list = field(default_factory=list)  # MeasureStat, means of the cases' values
    totals: list = field(default_factory=list)  # MeasureStat, sums of the cases' values


@dataclass
class SatisfactionRow:
    name: str
    responses: int
    average: Decimal | None
    satisfied_share: Decimal | None  # % of 满意 and 非常满意


@dataclass
class Dashboard:
    campaign: object
    today: object
    districts: list
    bodies: list
    pilots: list
    satisfaction_by_district: list
    satisfaction_by_body: list
    satisfaction_total: SatisfactionRow

    @property
    def days_left(self):
        return self.campaign.days_until_deadline(self.today)

    @property
    def days_overdue(self):
        return max(0, -self.days_left)

    @property
    def districts_outstanding(self):
        return [row for row in self.districts if row.outstanding]

    @property
    def bodies_outstanding(self):
        return [row for row in self.bodies if row.outstanding]


def district_rows(campaign):
    in_review = submitted_page_ids()
    counts = {
        row["district_id"]: row
        # order_by(): Page's default ordering (path) would split the groups.
        for row in CasePage.objects.filter(campaign=campaign)
        .order_by()
        .values("district_id")
        .annotate(
            published=Count("pk", filter=Q(live=True)),
            submitted=Count("pk", filter=Q(live=False, pk__in=in_review)),
        )
    }
    rows = []
    for district in District.objects.all():
        found = counts.get(district.pk, {})
        rows.append(
            DistrictRow(
                district,
                campaign.case_min_per_district,
                campaign.case_max_per_district,
                submitted=found.get("submitted", 0),
                published=found.get("published", 0),
            )
        )
    return rows


def body_rows(campaign):
    from courses.models import BodyCoursesPage, CoursePage

    section_body = dict(BodyCoursesPage.objects.values_list("path", "certification_body_id"))
    published = defaultdict(int)
    for path in CoursePage.objects.live().filter(campaign=campaign).values_list("path", flat=True):
        body_id = section_body.get(path[: -CoursePage.steplen])
        if body_id:
            published[body_id] += 1
    return [
        BodyRow(body, campaign.course_min_per_body, published[body.pk])
        for body in CertificationBody.objects.all()
    ]


def pilot_rows(campaign):
    cases = CasePage.objects.live().filter(campaign=campaign, pilot_region__isnull=False)
    enterprises = defaultdict(set)
    for case_id, region_id, code in cases.values_list("pk", "pilot_region_id", "credit_code"):
        enterprises[region_id].add(code or f"case-{case_id}")
    values = defaultdict(lambda: ([], []))
    metrics = CaseMetric.objects.filter(
        page__in=cases,
        kind__in=PILOT_RATES + PILOT_VALUES,
        before__isnull=False,
        after__isnull=False,
    ).values_list("page__pilot_region_id", "kind", "before", "after")
    for region_id, kind, before, after in metrics:
        values[region_id, kind][0].append(before)
        values[region_id, kind][1].append(after)
    rows = []
    for region in PilotRegion.objects.select_related("industry").prefetch_related("districts"):
        row = PilotRow(region, len(enterprises[region.pk]))
        for kind in PILOT_RATES:
            before, after = values[region.pk, kind]
            row.rates.append(
                MeasureStat(kind, KINDS[kind].name, "%", len(before), mean(before), mean(after))
            )
        for kind in PILOT_VALUES:
            before, after = values[region.pk, kind]
            row.totals.append(
                MeasureStat(
                    kind,
                    KINDS[kind].name,
                    KINDS[kind].unit,
                    len(before),
                    sum(before) if before else None,
                    sum(after) if after else None,
                )
            )
        rows.append(row)
    return rows


def _satisfaction(rows, names):
    result = []
    for row in rows:
        result.append(
            SatisfactionRow(
                names.get(row["key"], "—"),
                row["responses"],
                Decimal(row["average"]).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
                if row["average"] is not None
                else None,
                (Decimal(row["satisfied"]) * 100 / row["responses"]).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
                if row["responses"]
                else None,
            )
        )
    return result


def satisfaction(campaign, group_by=None):
    responses = SurveyResponse.objects.filter(campaign=campaign)
    aggregates = {
        "responses": Count("pk"),
        "average": Avg("satisfaction"),
        "satisfied": Count("pk", filter=Q(satisfaction__gte=4)),
    }
    if group_by is None:
        total = responses.aggregate(**aggregates)
        return _satisfaction([{"key": None, **total}], {None: "合计"})[0]
    rows = responses.values(key=F(f"{group_by}_id")).annotate(**aggregates).order_by("key")
    model = District if group_by == "district" else CertificationBody
    names = dict(model.objects.values_list("pk", "name"))
    ordered = sorted(rows, key=lambda r: list(names).index(r["key"]) if r["key"] in names else 0)
    return _satisfaction(ordered, names)


def build(campaign, today=None) -> Dashboard:
    return Dashboard(
        campaign=campaign,
        today=today or timezone.localdate(),
        districts=district_rows(campaign),
        bodies=body_rows(campaign),
        pilots=pilot_rows(campaign),
        satisfaction_by_district=satisfaction(campaign, "district"),
        satisfaction_by_body=satisfaction(campaign, "helping_body"),
        satisfaction_total=satisfaction(campaign),
    )
