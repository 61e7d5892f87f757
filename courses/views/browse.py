"""Browse by clause: every clause of sections 4 to 10, with the live lessons that explain it."""

from collections import defaultdict

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render

from courses.models import CoursePage, LessonPage
from library import pagecache
from library.models import Clause

LESSONS_PER_CLAUSE = 5


def first_lessons():
    """{clause id: [its first lesson ids]} and {clause id: lesson count}, read from the links
    in one pass (each clause's count comes with its first lessons), and kept until public
    content changes."""
    links = LessonPage.clauses.through.objects.filter(lessonpage__live=True)
    by_clause = {"partition_by": [F("clause_id")]}
    firsts = (
        links.annotate(
            rank=Window(RowNumber(), order_by=F("lessonpage__path").asc(), **by_clause),
            n=Window(Count("lessonpage_id"), **by_clause),
        )
        .filter(rank__lte=LESSONS_PER_CLAUSE)
        .order_by("clause_id", "rank")
        .values_list("clause_id", "lessonpage_id", "n")
    )
    lesson_ids = defaultdict(list)
    counts = {}
    for clause_id, lesson_id, n in firsts:
        lesson_ids[clause_id].append(lesson_id)
        counts[clause_id] = n
    return dict(lesson_ids), counts


def clause_browse(request):
    """Clauses with their lesson count and the first few lessons, in four queries whatever the
    size (three once the links' order is remembered)."""
    clauses = list(Clause.objects.all())
    lesson_ids, counts = pagecache.remember("courses:clause-browse", first_lessons)
    lessons = LessonPage.objects.only("id", "title", "path", "depth", "url_path").in_bulk(
        {pk for ids in lesson_ids.values() for pk in ids}
    )
    courses = {
        course.path: course
        for course in CoursePage.objects.filter(
            path__in={lesson.path[: -lesson.steplen] for lesson in lessons.values()}
        ).only("id", "title", "path")
    }
    for clause in clauses:
        clause.lesson_count = counts.get(clause.pk, 0)
        clause.lesson_list = [lessons[pk] for pk in lesson_ids.get(clause.pk, []) if pk in lessons]
        for lesson in clause.lesson_list:
            lesson.course_title = getattr(courses.get(lesson.path[: -lesson.steplen]), "title", "")
    return render(
        request,
        "courses/clause_browse.html",
        {"clauses": clauses, "lessons_per_clause": LESSONS_PER_CLAUSE},
    )
