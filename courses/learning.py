"""Reading and recording a learner's way through a course, in a fixed number of queries.

Pages deeper in the tree find their course and body by path prefix rather than by walking up
one parent at a time, so a listing costs the same whether it shows ten courses or a thousand.
"""

from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.db.models.functions import Length, Substr

from courses.assessment import pool_size
from courses.models import (
    Attempt,
    BodyCoursesPage,
    Certificate,
    CourseRating,
    LessonPage,
    LessonProgress,
)
from library import pagecache
from library.models import Clause
from library.pagination import KeyPaginator
from library.tree import children_of_paths, siblings

RATING_CHOICES = [(5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不太满意"), (1, "不满意")]


def is_learner(user):
    return user.is_authenticated and hasattr(user, "learner_profile")


def sections_by_path():
    """Every body's section, keyed by its tree path (one query; bodies, not courses, scale it)."""
    return {
        section.path: section
        for section in BodyCoursesPage.objects.select_related("certification_body")
    }


def attach_bodies(courses):
    """Set ``certification_body`` on each course from one query over the sections."""
    sections = sections_by_path()
    for course in courses:
        section = sections.get(course.path[: -course.steplen])
        course.__dict__["certification_body"] = section.certification_body if section else None
    return courses


def live_lesson_counts(course_paths):
    """{course path: number of live lessons} in one grouped query over those courses' lessons
    (path ranges, read from the index)."""
    if not course_paths:
        return {}
    rows = (
        children_of_paths(LessonPage.objects.live(), course_paths)
        .annotate(parent_path=Substr("path", 1, Length("path") - LessonPage.steplen))
        .order_by()  # Page's default ordering would otherwise split the groups
        .values("parent_path")
        .annotate(n=Count("id"))
    )
    return {row["parent_path"]: row["n"] for row in rows}


def rating_summary(course):
    return CourseRating.objects.filter(course=course).aggregate(
        average=Avg("stars"), count=Count("id")
    )


OUTLINE_PER_PAGE = 20


def question_count(course):
    """How many questions the course's assessment draws from, counted in the stored JSON
    (``assessment.pool_size``) once per content change (library.pagecache)."""
    return pagecache.remember(f"courses:question-count:{course.pk}", lambda: pool_size(course))


def course_outline(course, user, page_number=None):
    """The course page's outline, ``OUTLINE_PER_PAGE`` lessons at a time (``?page=``), and
    the reader's progress over the whole course, in the same queries for ten lessons or
    thousands. The order of the lessons is kept per content change (library.pagination), and
    so is the outline's HTML for a reader with nothing done on the page (``outline_is_shared``:
    the template keeps it with ``{% remembered %}``, and the lessons are then never read)."""
    # ``to_attr``: modelcluster's clauses manager ignores Django's prefetch cache, so
    # ``lesson.clauses.all()`` would query once per lesson. The body is not shown here, and
    # of a clause only its number.
    lessons = (
        course.lessons()
        .defer("body")
        .prefetch_related(
            Prefetch("clauses", queryset=Clause.objects.only("number"), to_attr="clause_list")
        )
    )
    done = set()

    def number_and_mark(rows, first_number):
        # A lesson's URL is its course's and its own slug (what Wagtail's ``pageurl`` would
        # find per lesson, walking the site's root paths and reversing a URL each time).
        course_url = course.get_url() if rows else ""
        for number, lesson in enumerate(rows, start=first_number):
            lesson.number = number
            lesson.is_done = lesson.pk in done
            lesson.outline_url = course_url + lesson.url_path[len(course.url_path) :]

    paginator = KeyPaginator(
        lessons,
        OUTLINE_PER_PAGE,
        remember_as=f"course-outline:{course.pk}",
        prepare=number_and_mark,
    )
    outline_page = paginator.get_page(page_number)
    total = paginator.count
    done_count = 0
    certificate = None
    my_rating = None
    if user.is_authenticated:
        progress = LessonProgress.objects.filter(
            user=user, lesson__in=course.lessons().values("pk")
        )
        done_count = progress.count()
        if done_count:
            done.update(
                progress.filter(lesson__in=outline_page.object_list.keys).values_list(
                    "lesson_id", flat=True
                )
            )
        certificate = Certificate.objects.filter(user=user, course=course).first()
        my_rating = CourseRating.objects.filter(user=user, course=course).first()
    return {
        "lessons": outline_page.object_list,
        "outline_is_shared": not done,
        "outline_page": outline_page,
        "lesson_total": total,
        "question_count": question_count(course),
        "done_count": done_count,
        "progress_percent": round(100 * done_count / total) if total else 0,
        "certificate": certificate,
        "my_rating": my_rating,
        "rating": rating_summary(course),
        "is_learner": is_learner(user),
        "rating_choices": RATING_CHOICES,
    }


def lesson_context(lesson, user):
    """The lesson's place in its course (number, previous, next) by path comparisons: the
    same queries whatever the course's length."""
    course = lesson.course
    lessons = siblings(LessonPage.objects.live(), lesson)
    counts = lessons.aggregate(
        total=Count("id"), before=Count("id", filter=Q(path__lt=lesson.path))
    )
    neighbours = lessons.only("id", "title", "path", "url_path", "depth")
    previous_lesson = neighbours.filter(path__lt=lesson.path).order_by("-path").first()
    next_lesson = neighbours.filter(path__gt=lesson.path).order_by("path").first()
    is_done = (
        user.is_authenticated and LessonProgress.objects.filter(user=user, lesson=lesson).exists()
    )
    return {
        "course": course,
        "clauses": list(lesson.clauses.all()),
        "position": counts["before"] + 1,
        "lesson_count": counts["total"],
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "is_done": is_done,
    }


def mark_lesson_done(user, lesson):
    LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    course = lesson.course
    return award_certificate(user, course) if course else None


def lessons_left(user, course):
    """The course's live lessons the learner has not marked as studied."""
    return list(
        course.lessons()
        .exclude(progress__user=user)
        .only("id", "title", "path", "url_path", "depth")
    )


@transaction.atomic
def award_certificate(user, course):
    """The one rule for a certificate: a learner who studied every live lesson of the course
    AND passed its assessment gets one (once); returns it, or None while either is missing."""
    certificate = Certificate.objects.filter(user=user, course=course).first()
    if certificate is not None or not is_learner(user):
        return certificate
    best = (
        Attempt.objects.filter(user=user, course=course, passed=True)
        .order_by("-score", "submitted_at")
        .first()
    )
    if best is None or lessons_left(user, course):
        return None
    body = course.certification_body
    return Certificate.objects.create(
        user=user,
        course=course,
        attempt=best,
        learner_name=user.learner_profile.full_name,
        enterprise_name=user.learner_profile.enterprise_name,
        course_title=course.title,
        body_name=body.name if body else "",
        score=best.score,
    )
