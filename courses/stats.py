"""The course requirement and training figures the commission reports (2024 notice, 附件1).

Per campaign: whether each body published its minimum of courses (各认证机构至少报送1套培训课程),
and per body, course and district the trained enterprises (distinct credit codes), learners,
passes and satisfaction. A learner counts as trained on a course once they finished one of its
lessons or submitted its assessment. Everything is gathered in a handful of grouped queries and
counted in Python, since the same learner sets are cut three ways.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Length, Substr

from courses.learning import live_lesson_counts, sections_by_path
from courses.models import Attempt, CoursePage, CourseRating, LearnerProfile, LessonProgress
from library.models import CertificationBody, District

SATISFIED_STARS = 4


@dataclass
class Figures:
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
class CourseRow:
    course: CoursePage
    body: CertificationBody | None
    lessons: int
    figures: Figures


@dataclass
class BodyRow:
    body: CertificationBody
    published: int
    drafts: int
    required: int
    figures: Figures
    courses: list = field(default_factory=list)

    @property
    def met(self):
        return self.published >= self.required


@dataclass
class DistrictRow:
    district: District
    figures: Figures


@dataclass
class Report:
    campaign: object
    bodies: list
    courses: list
    districts: list
    totals: Figures

    @property
    def bodies_met(self):
        return [row for row in self.bodies if row.met]

    @property
    def bodies_missing(self):
        return [row for row in self.bodies if not row.met]


def _parent_path(prefix=""):
    return Substr(f"{prefix}path", 1, Length(f"{prefix}path") - CoursePage.steplen)


def course_figures(courses):
    """{course id: Figures} for ``courses``, plus {user id: profile} of their learners."""
    by_id = {course.pk: course for course in courses}
    by_path = {course.path: course.pk for course in courses}
    figures = defaultdict(Figures)

    for course_id, user_id, passed in Attempt.objects.filter(course_id__in=by_id).values_list(
        "course_id", "user_id", "passed"
    ):
        figures[course_id].learners.add(user_id)
        if passed:
            figures[course_id].passes.add(user_id)
    progress = (
        LessonProgress.objects.annotate(course_path=_parent_path("lesson__"))
        .filter(course_path__in=list(by_path))
        .values_list("course_path", "user_id")
        .distinct()
    )
    for course_path, user_id in progress:
        figures[by_path[course_path]].learners.add(user_id)
    for course_id, stars in CourseRating.objects.filter(course_id__in=by_id).values_list(
        "course_id", "stars"
    ):
        figures[course_id].stars.append(stars)

    user_ids = set().union(*(f.learners for f in figures.values())) if figures else set()
    profiles = {
        profile.user_id: profile
        for profile in LearnerProfile.objects.filter(user_id__in=user_ids).only(
            "user_id", "credit_code", "district_id"
        )
    }
    for item in figures.values():
        item.enterprises = {
            profiles[user].credit_code for user in item.learners if user in profiles
        }
    return figures, profiles


def requirement_report(campaign):
    sections = sections_by_path()
    courses = list(
        CoursePage.objects.filter(campaign=campaign)
        .order_by("path")
        .only("id", "title", "path", "depth", "live", "url_path", "campaign_id")
    )
    live_courses = [course for course in courses if course.live]
    lessons = live_lesson_counts([course.path for course in live_courses])
    figures, profiles = course_figures(live_courses)

    bodies = {}
    for body in CertificationBody.objects.order_by("name"):
        bodies[body.pk] = BodyRow(
            body=body,
            published=0,
            drafts=0,
            required=campaign.course_min_per_body,
            figures=Figures(),
        )
    course_rows = []
    for course in courses:
        section = sections.get(course.path[: -course.steplen])
        row = bodies.get(section.certification_body_id) if section else None
        if row is None:
            continue
        if not course.live:
            row.drafts += 1
            continue
        row.published += 1
        course_row = CourseRow(course, row.body, lessons.get(course.path, 0), figures[course.pk])
        row.courses.append(course_row)
        row.figures.add(course_row.figures)
        course_rows.append(course_row)

    totals = Figures()
    district_figures = defaultdict(Figures)
    for course_row in course_rows:
        totals.add(course_row.figures)
        for user in course_row.figures.learners:
            profile = profiles.get(user)
            if profile is None:
                continue
            target = district_figures[profile.district_id]
            target.learners.add(user)
            target.enterprises.add(profile.credit_code)
            if user in course_row.figures.passes:
                target.passes.add(user)
    districts = [
        DistrictRow(district, district_figures.get(district.pk, Figures()))
        for district in District.objects.all()
    ]
    return Report(
        campaign=campaign,
        bodies=list(bodies.values()),
        courses=course_rows,
        districts=districts,
        totals=totals,
    )


def body_course_rows(body):
    """Every course of one body, all campaigns, with its figures: what a body user sees."""
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
    figures, _ = course_figures(courses)
    return [
        CourseRow(course, body, lessons.get(course.path, 0), figures[course.pk])
        for course in courses
    ]


def recent_comments(courses, limit=20):
    return (
        CourseRating.objects.filter(course__in=courses)
        .exclude(comment="")
        .select_related("course")
        .order_by("-updated_at")[:limit]
    )
