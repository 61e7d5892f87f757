"""The campaign's figures, computed in one place for the dashboard, the course report and
their exports.

Per district: the cases that take a place (``cases.rules.counted_cases``) against the
campaign's minimum and maximum, and the learners trained. Per body: the courses that count
(``courses.rules.counted_courses``) against the minimum, and the trained enterprises
(distinct credit codes), learners, passes and satisfaction of its courses (2024 notice,
附件1). Per pilot region: the before/after means of the published cases' metrics (附件3).
And the satisfaction questionnaire per district, per helping body and in total. And the
training from the records (``trained_from_records``): the training register's sessions and
attendance plus online learning, each enterprise and person counted once per body, district
and campaign, with the districts' 2023 minimums; and the help ledger's impartiality breaches
and expert warnings (``enterprises.rules``).

The rules say which items count; this module only groups and adds them up, in a fixed
number of queries whatever the number of cases, courses or learners. A learner counts as
trained on a course once they finished one of its lessons or submitted its assessment.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone

from cases.models import CaseMetric, CasePage, SurveyResponse
from cases.models.metrics import KINDS
from cases.models.survey import EFFECT_DIMENSIONS
from cases.rules import counted_cases
from courses.learning import live_lesson_counts, sections_by_path
from courses.models import Attempt, CoursePage, CourseRating, LearnerProfile, LessonProgress
from courses.rules import body_id_of, counted_courses
from enterprises import rules as help_rules
from enterprises.models import Attendance, Enterprise, HelpLedger, TrainingSession
from enterprises.models.training import INDUSTRY, REGIONAL
from library.credit_code import normalise
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
SATISFIED_STARS = 4  # a course rating of 4 or 5 stars counts as satisfied
SATISFIED_SCORE = 4  # 满意 and 非常满意 on the questionnaire's five-point scale


def mean(values):
    values = list(values)
    if not values:
        return None
    return (sum(values) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Training:
    """Who learned, passed and rated: sets of user ids and credit codes, so cuts can be merged."""

    learners: set = field(default_factory=set)
    passes: set = field(default_factory=set)
    stars: list = field(default_factory=list)
    enterprises: set = field(default_factory=set)

    def add(self, other):
        self.learners |= other.learners
        self.passes |= other.passes
        self.stars += other.stars
        self.enterprises |= other.enterprises

    @property
    def learner_count(self):
        return len(self.learners)

    @property
    def pass_count(self):
        return len(self.passes)

    @property
    def enterprise_count(self):
        return len(self.enterprises)

    @property
    def rating_count(self):
        return len(self.stars)

    @property
    def average_stars(self):
        return round(sum(self.stars) / len(self.stars), 2) if self.stars else None

    @property
    def satisfied_percent(self):
        if not self.stars:
            return None
        return round(100 * sum(1 for s in self.stars if s >= SATISFIED_STARS) / len(self.stars))


@dataclass
class DistrictRow:
    district: District
    minimum: int
    maximum: int | None
    submitted: int = 0  # in review (or sent back for changes), not yet published
    published: int = 0
    training: Training = field(default_factory=Training)

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
class CourseRow:
    course: CoursePage
    body: CertificationBody | None
    lessons: int
    training: Training


@dataclass
class BodyRow:
    body: CertificationBody
    minimum: int
    published: int = 0
    drafts: int = 0
    training: Training = field(default_factory=Training)
    courses: list = field(default_factory=list)  # CourseRow of its published courses

    @property
    def outstanding(self):
        return max(0, self.minimum - self.published)

    @property
    def met(self):
        return not self.outstanding

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
    # [(dimension label, mean on the five-point scale or None, answers)] in EFFECT_DIMENSIONS order
    effects: list = field(default_factory=list)


@dataclass
class CampaignFigures:
    campaign: object
    today: object
    districts: list  # DistrictRow
    bodies: list  # BodyRow
    courses: list  # CourseRow of the published courses
    training: Training  # all courses together
    pilots: list
    satisfaction_by_district: list
    satisfaction_by_body: list
    satisfaction_total: SatisfactionRow
    trained: "TrainedFigures | None" = None  # from the training register and online learning
    breaches: list = field(default_factory=list)  # enterprises.rules.LedgerFlag
    expert_warnings: list = field(default_factory=list)  # enterprises.rules.ExpertWarning

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

    @property
    def bodies_met(self):
        return [row for row in self.bodies if row.met]


# Cases -------------------------------------------------------------------------------------


def case_counts(campaign):
    """{district id: {"submitted": n, "published": n}} of the cases that take a place."""
    return {
        row["district_id"]: row
        # order_by(): Page's default ordering (path) would split the groups.
        for row in counted_cases(campaign.pk)
        .order_by()
        .values("district_id")
        .annotate(
            published=Count("pk", filter=Q(live=True)),
            submitted=Count("pk", filter=Q(live=False)),
        )
    }


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
                [
                    (
                        label,
                        Decimal(row[f"{name}_avg"]).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
                        if row[f"{name}_avg"] is not None
                        else None,
                        row[f"{name}_n"],
                    )
                    for name, label in EFFECT_DIMENSIONS
                ],
            )
        )
    return result


def satisfaction(campaign, group_by=None):
    responses = SurveyResponse.objects.filter(campaign=campaign)
    aggregates = {
        "responses": Count("pk"),
        "average": Avg("satisfaction"),
        "satisfied": Count("pk", filter=Q(satisfaction__gte=SATISFIED_SCORE)),
    }
    for name, _ in EFFECT_DIMENSIONS:
        aggregates[f"{name}_avg"] = Avg(name)
        aggregates[f"{name}_n"] = Count(name)
    if group_by is None:
        total = responses.aggregate(**aggregates)
        return _satisfaction([{"key": None, **total}], {None: "合计"})[0]
    rows = responses.values(key=F(f"{group_by}_id")).annotate(**aggregates).order_by("key")
    model = District if group_by == "district" else CertificationBody
    names = dict(model.objects.values_list("pk", "name"))
    ordered = sorted(rows, key=lambda r: list(names).index(r["key"]) if r["key"] in names else 0)
    return _satisfaction(ordered, names)


# Courses -----------------------------------------------------------------------------------


def _parent_path(prefix=""):
    return Substr(f"{prefix}path", 1, Length(f"{prefix}path") - CoursePage.steplen)


def course_training(courses):
    """{course id: Training} for ``courses``, plus {user id: profile} of their learners."""
    by_id = {course.pk: course for course in courses}
    by_path = {course.path: course.pk for course in courses}
    training = defaultdict(Training)

    for course_id, user_id, passed in Attempt.objects.filter(course_id__in=by_id).values_list(
        "course_id", "user_id", "passed"
    ):
        training[course_id].learners.add(user_id)
        if passed:
            training[course_id].passes.add(user_id)
    progress = (
        LessonProgress.objects.annotate(course_path=_parent_path("lesson__"))
        .filter(course_path__in=list(by_path))
        .values_list("course_path", "user_id")
        .distinct()
    )
    for course_path, user_id in progress:
        training[by_path[course_path]].learners.add(user_id)
    for course_id, stars in CourseRating.objects.filter(course_id__in=by_id).values_list(
        "course_id", "stars"
    ):
        training[course_id].stars.append(stars)

    user_ids = set().union(*(t.learners for t in training.values())) if training else set()
    profiles = {
        profile.user_id: profile
        for profile in LearnerProfile.objects.filter(user_id__in=user_ids).only(
            "user_id", "credit_code", "district_id"
        )
    }
    for item in training.values():
        item.enterprises = {
            profiles[user].credit_code for user in item.learners if user in profiles
        }
    return training, profiles


def _course_rows(campaign, bodies):
    """Fill each BodyRow with its counted courses and drafts; the published CourseRows."""
    sections = sections_by_path()
    counted = counted_courses(campaign)
    courses = list(
        counted.order_by("path").only("id", "title", "path", "depth", "url_path", "campaign_id")
    )
    for path in (
        CoursePage.objects.filter(campaign=campaign)
        .exclude(pk__in=counted.values("pk"))
        .values_list("path", flat=True)
    ):
        row = bodies.get(body_id_of(path, sections))
        if row is not None:
            row.drafts += 1
    lessons = live_lesson_counts([course.path for course in courses])
    training, profiles = course_training(courses)
    rows = []
    for course in courses:
        row = bodies.get(body_id_of(course.path, sections))
        if row is None:
            continue
        course_row = CourseRow(course, row.body, lessons.get(course.path, 0), training[course.pk])
        row.published += 1
        row.courses.append(course_row)
        row.training.add(course_row.training)
        rows.append(course_row)
    return rows, profiles


def _training_by_district(course_rows, profiles):
    by_district = defaultdict(Training)
    for course_row in course_rows:
        for user in course_row.training.learners:
            profile = profiles.get(user)
            if profile is None:
                continue
            target = by_district[profile.district_id]
            target.learners.add(user)
            target.enterprises.add(profile.credit_code)
            if user in course_row.training.passes:
                target.passes.add(user)
    return by_district


# Training from the records: sessions and online learning ----------------------------------


def person_key(credit_code, name):
    """One person: their enterprise's credit code and their name without spaces."""
    return normalise(credit_code), "".join((name or "").split())


@dataclass
class Trained:
    """Trained enterprises (credit codes) and people (``person_key``), each counted once."""

    enterprises: set = field(default_factory=set)
    people: set = field(default_factory=set)

    def add(self, code, name):
        key = person_key(code, name)
        self.enterprises.add(key[0])
        self.people.add(key)

    @property
    def enterprise_count(self):
        return len(self.enterprises)

    @property
    def person_count(self):
        return len(self.people)


@dataclass
class DistrictTraining:
    """A district's sessions against the 2023 minimums (one 区域集中培训 and one 行业培训 per
    campaign), and the enterprises and people of the district trained."""

    district: District
    regional: int = 0
    industry: int = 0
    trained: Trained = field(default_factory=Trained)

    @property
    def missing(self):
        return [
            label
            for label, count in (("区域集中培训", self.regional), ("行业培训", self.industry))
            if not count
        ]

    @property
    def status(self):
        return "尚缺" + "、".join(self.missing) if self.missing else "已达要求"


@dataclass
class BodyTraining:
    body: CertificationBody
    sessions: int = 0
    trained: Trained = field(default_factory=Trained)


@dataclass
class TrainedFigures:
    total: Trained
    districts: list  # DistrictTraining
    bodies: list  # BodyTraining

    @property
    def districts_short(self):
        return [row for row in self.districts if row.missing]


def trained_from_records(campaign, course_rows):
    """Who was trained in ``campaign``: the attendance of its sessions, plus the learners of
    its counted courses (``course_rows``), each enterprise and person counted once per cut.

    An attendee's district is their enterprise's in the register, else the session's
    organising district; a learner's is their enterprise's, else their profile's. A body
    counts the sessions it organised and the learners of its courses.
    """
    total = Trained()
    districts = {d.pk: DistrictTraining(d) for d in District.objects.all()}
    bodies = {b.pk: BodyTraining(b) for b in CertificationBody.objects.all()}

    sessions = TrainingSession.objects.filter(campaign=campaign)
    for body_id, district_id, kind in sessions.values_list(
        "organiser_body_id", "organiser_district_id", "kind"
    ):
        if body_id in bodies:
            bodies[body_id].sessions += 1
        if district_id in districts:
            districts[district_id].regional += kind == REGIONAL
            districts[district_id].industry += kind == INDUSTRY
    attendance = Attendance.objects.filter(session__campaign=campaign).values_list(
        "credit_code",
        "enterprise__credit_code",
        "person_name",
        "session__organiser_body_id",
        "enterprise__district_id",
        "session__organiser_district_id",
    )
    for code, register_code, name, body_id, district_id, session_district_id in attendance:
        code = register_code or code
        total.add(code, name)
        if body_id in bodies:
            bodies[body_id].trained.add(code, name)
        district_id = district_id or session_district_id
        if district_id in districts:
            districts[district_id].trained.add(code, name)

    learners = {}
    for row in course_rows:
        for user_id in row.training.learners:
            learners.setdefault(user_id, set()).add(row.body.pk if row.body else None)
    profiles = LearnerProfile.objects.filter(user_id__in=list(learners)).values_list(
        "user_id",
        "full_name",
        "credit_code",
        "enterprise__credit_code",
        "enterprise__district_id",
        "district_id",
    )
    for user_id, name, code, register_code, district_id, profile_district_id in profiles:
        code = register_code or code
        total.add(code, name)
        for body_id in learners[user_id]:
            if body_id in bodies:
                bodies[body_id].trained.add(code, name)
        district_id = district_id or profile_district_id
        if district_id in districts:
            districts[district_id].trained.add(code, name)
    return TrainedFigures(total, list(districts.values()), list(bodies.values()))


# The campaign ------------------------------------------------------------------------------


def build(campaign, today=None) -> CampaignFigures:
    bodies = {
        body.pk: BodyRow(body, campaign.course_min_per_body)
        for body in CertificationBody.objects.all()
    }
    course_rows, profiles = _course_rows(campaign, bodies)
    training = Training()
    for course_row in course_rows:
        training.add(course_row.training)
    trained = _training_by_district(course_rows, profiles)
    counts = case_counts(campaign)
    districts = [
        DistrictRow(
            district,
            campaign.case_min_per_district,
            campaign.case_max_per_district,
            submitted=counts.get(district.pk, {}).get("submitted", 0),
            published=counts.get(district.pk, {}).get("published", 0),
            training=trained.get(district.pk, Training()),
        )
        for district in District.objects.all()
    ]
    return CampaignFigures(
        campaign=campaign,
        today=today or timezone.localdate(),
        districts=districts,
        bodies=list(bodies.values()),
        courses=course_rows,
        training=training,
        pilots=pilot_rows(campaign),
        satisfaction_by_district=satisfaction(campaign, "district"),
        satisfaction_by_body=satisfaction(campaign, "helping_body"),
        satisfaction_total=satisfaction(campaign),
        trained=trained_from_records(campaign, course_rows),
        breaches=help_rules.campaign_breaches(campaign),
        expert_warnings=help_rules.expert_warnings(campaign),
    )


# 附件3: the pilot statistics the records can supply ----------------------------------------


@dataclass
class Derived:
    """A prefilled 附件3 value and how it was derived (shown beside the field)."""

    value: object
    source: str


@dataclass
class LedgerSummary:
    """What the help ledgers of one campaign say about a set of enterprises (one ledger per
    enterprise and campaign)."""

    helped: set  # normalised credit codes with a ledger
    diagnosed: int  # 现场诊断日期 filled in
    with_plan: int  # 一企一策帮扶方案 written
    qms_established: int  # 体系开始运行日期 filled in
    certified: int  # 认证结果 已获证
    maturity_raised: int  # 帮扶后成熟度等级 above 帮扶前
    bodies: int  # distinct helping bodies
    experts: int  # distinct helper experts


def ledger_summary(campaign, **enterprise_filter):
    """``LedgerSummary`` of the ledgers of ``campaign`` whose enterprise matches
    ``enterprise_filter`` (e.g. ``pilot_region=region`` or ``district=district``)."""
    where = {f"enterprise__{name}": value for name, value in enterprise_filter.items()}
    rows = list(
        HelpLedger.objects.filter(campaign=campaign, **where).values_list(
            "enterprise__credit_code",
            "diagnosed_on",
            "plan",
            "operation_started_on",
            "certification_outcome",
            "body_id",
            "maturity_before__rank",
            "maturity_after__rank",
        )
    )
    experts = (
        HelpLedger.helper_experts.through.objects.filter(
            helpledger__campaign=campaign,
            **{f"helpledger__{name}": value for name, value in where.items()},
        )
        .values("expert_id")
        .distinct()
        .count()
    )
    return LedgerSummary(
        helped={normalise(row[0]) for row in rows},
        diagnosed=sum(1 for row in rows if row[1]),
        with_plan=sum(1 for row in rows if (row[2] or "").strip()),
        qms_established=sum(1 for row in rows if row[3]),
        certified=sum(1 for row in rows if row[4] == "certified"),
        maturity_raised=sum(
            1 for row in rows if row[6] is not None and row[7] is not None and row[7] > row[6]
        ),
        bodies=len({row[5] for row in rows}),
        experts=experts,
    )


def _campaign_course_rows(campaign):
    bodies = {
        body.pk: BodyRow(body, campaign.course_min_per_body)
        for body in CertificationBody.objects.all()
    }
    return _course_rows(campaign, bodies)


def campaign_trained(campaign):
    """``trained_from_records`` for ``campaign`` alone (its counted courses' learners included)."""
    course_rows, _ = _campaign_course_rows(campaign)
    return trained_from_records(campaign, course_rows)


def pilot_prefill(region, campaign, trained=None, pilots=None):
    """{field name: Derived} for the 附件3 fields of ``region`` in ``campaign`` that the help
    ledger, the training register, online learning and the published cases can supply.

    An enterprise belongs to the pilot when its register record names the pilot region.
    帮扶 is a help ledger in the campaign; 培训 an attendance or online learning in the
    campaign (``trained_from_records``); 参与 either of the two."""
    trained = trained or campaign_trained(campaign)
    codes = {
        normalise(code)
        for code in Enterprise.objects.active()
        .filter(pilot_region=region)
        .values_list("credit_code", flat=True)
    }
    ledgers = ledger_summary(campaign, pilot_region=region)
    helped = ledgers.helped
    trained_codes = codes & trained.total.enterprises
    people = {person for person in trained.total.people if person[0] in codes}
    cases = CasePage.objects.live().filter(campaign=campaign, pilot_region=region).count()
    values = {
        "industry_name": Derived(region.industry.name, "试点区域的试点产业"),
        "participating": Derived(
            len(helped | trained_codes),
            "企业名录中属于本试点、本年度有帮扶台账或参加培训（线下签到或线上学习）的企业，"
            "按统一社会信用代码计一次",
        ),
        "trained": Derived(
            len(trained_codes),
            "本试点企业中，本年度培训签到或线上学习的企业，按统一社会信用代码计一次",
        ),
        "helped": Derived(len(helped), "本试点企业中，本年度建有帮扶台账的企业"),
        "qms_established": Derived(
            ledgers.qms_established, "本年度帮扶台账中已填写“体系开始运行日期”的本试点企业"
        ),
        "talents": Derived(
            len(people), "本试点企业中，本年度参加培训或线上学习的人员，按企业和姓名计一次"
        ),
        "standard_compliant": Derived(
            ledgers.certified, "本年度帮扶台账中认证结果为“已获证”的本试点企业"
        ),
        "maturity_cases": Derived(cases, "本年度已发布、属于本试点的优良案例"),
        "stakeholder_bodies": Derived(ledgers.bodies, "为本试点企业建立帮扶台账的认证机构"),
        "stakeholder_experts": Derived(
            ledgers.experts, "本试点企业帮扶台账中的帮扶专家，每人计一次"
        ),
    }
    pilots = pilots if pilots is not None else pilot_rows(campaign)
    row = next((row for row in pilots if row.region.pk == region.pk), None)
    for stat in row.rates if row else []:
        if stat.samples:
            source = f"本年度已发布的本试点案例中{stat.name}的平均值（{stat.samples} 个案例）"
            values[f"{stat.key}_before"] = Derived(stat.before, source)
            values[f"{stat.key}_after"] = Derived(stat.after, source)
    return values


# 附件1: the figures beside a district's 评估总结 -------------------------------------------


@dataclass
class Figure:
    """A figure shown beside a 附件1 indicator: what it is, its value and how it was derived."""

    label: str
    value: object
    unit: str
    source: str


def district_figures(district, campaign):
    """{key: Figure} of ``district`` in ``campaign`` from the help ledger, the training register,
    online learning, the cases and the questionnaire; ``reports.annex1`` says which indicator
    shows which. Each figure comes from the function the dashboard and 附件3 use."""
    course_rows, profiles = _campaign_course_rows(campaign)
    trained = trained_from_records(campaign, course_rows)
    sessions = next(row for row in trained.districts if row.district.pk == district.pk)
    online = _training_by_district(course_rows, profiles).get(district.pk, Training())
    ledgers = ledger_summary(campaign, district=district)
    cases = case_counts(campaign).get(district.pk, {})
    survey = next(
        (row for row in satisfaction(campaign, "district") if row.name == district.name), None
    )
    mine = "本区企业（以企业名录中的所在区为准）本年度帮扶台账中"
    values = {
        "regional_sessions": Figure(
            "区域集中培训", sessions.regional, "场", "本区组织的本年度区域集中培训场次"
        ),
        "industry_sessions": Figure(
            "行业培训", sessions.industry, "场", "本区组织的本年度行业培训场次"
        ),
        "trained_enterprises": Figure(
            "培训企业",
            sessions.trained.enterprise_count,
            "家",
            "本年度培训签到或线上学习的本区企业，按统一社会信用代码计一次",
        ),
        "trained_people": Figure(
            "培训人员",
            sessions.trained.person_count,
            "人",
            "本年度培训签到或线上学习的本区人员，按企业和姓名计一次",
        ),
        "online_learners": Figure(
            "线上学习人数",
            online.learner_count,
            "人",
            "本区学员中完成本年度课程至少一课或提交考核的人数",
        ),
        "helped": Figure("建立帮扶台账的企业", len(ledgers.helped), "家", f"{mine}的企业"),
        "diagnosed": Figure(
            "已现场诊断的企业", ledgers.diagnosed, "家", f"{mine}已填写“现场诊断日期”的企业"
        ),
        "with_plan": Figure(
            "已制定一企一策方案的企业", ledgers.with_plan, "家", f"{mine}已填写帮扶方案的企业"
        ),
        "qms_established": Figure(
            "体系已运行的企业",
            ledgers.qms_established,
            "家",
            f"{mine}已填写“体系开始运行日期”的企业",
        ),
        "certified": Figure(
            "已获证企业", ledgers.certified, "家", f"{mine}认证结果为“已获证”的企业"
        ),
        "maturity_raised": Figure(
            "成熟度等级提升的企业",
            ledgers.maturity_raised,
            "家",
            f"{mine}帮扶后成熟度等级高于帮扶前的企业",
        ),
        "helping_bodies": Figure(
            "参与帮扶的认证机构", ledgers.bodies, "家", "为本区企业建立帮扶台账的认证机构"
        ),
        "helper_experts": Figure(
            "帮扶专家", ledgers.experts, "人", "本区企业帮扶台账中的帮扶专家，每人计一次"
        ),
        "cases_counted": Figure(
            "报送优良案例",
            cases.get("submitted", 0) + cases.get("published", 0),
            "个",
            "本区本年度审核中和已发布的案例（计入名额）",
        ),
        "cases_published": Figure(
            "已发布优良案例", cases.get("published", 0), "个", "本区本年度已发布的案例"
        ),
        "survey_responses": Figure(
            "问卷数", survey.responses if survey else 0, "份", "本区企业提交的本年度第三方问卷"
        ),
        "satisfaction_average": Figure(
            "平均满意度",
            survey.average if survey else None,
            "分",
            "本区问卷满意度的平均值（五分制）",
        ),
        "satisfied_share": Figure(
            "满意及以上占比",
            survey.satisfied_share if survey else None,
            "%",
            "本区问卷中选择“满意”“非常满意”的比例",
        ),
    }
    for (name, label), (_, mean_value, answers) in zip(
        EFFECT_DIMENSIONS,
        survey.effects if survey else [(label, None, 0) for _, label in EFFECT_DIMENSIONS],
        strict=True,
    ):
        values[name] = Figure(
            f"问卷“{label}”提升评价",
            mean_value,
            "分",
            f"本区问卷中“{label}”一项的平均值（五分制，{answers} 份作答）",
        )
    return values


def body_course_rows(body):
    """Every published course of one body, all campaigns, with its training: what the body sees."""
    section = getattr(body, "courses_section", None)
    if section is None:
        return []
    courses = list(
        CoursePage.objects.live()
        .filter(path__startswith=section.path, depth=section.depth + 1)
        .select_related("campaign")
        .order_by("-campaign__year", "path")
    )
    lessons = live_lesson_counts([course.path for course in courses])
    training, _ = course_training(courses)
    return [
        CourseRow(course, body, lessons.get(course.path, 0), training[course.pk])
        for course in courses
    ]


def recent_comments(courses, limit=20):
    return (
        CourseRating.objects.filter(course__in=courses)
        .exclude(comment="")
        .select_related("course")
        .order_by("-updated_at")[:limit]
    )
