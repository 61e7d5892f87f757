"""Browse by clause: every clause of sections 4 to 10, with the live lessons that explain it."""

from collections import defaultdict

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render

from courses.models import CoursePage, LessonPage
from library.models import Clause

LESSONS_PER_CLAUSE = 5


def clause_browse(request):
    """Clauses with their lesson count and the first few lessons, in four queries whatever the size."""
    clauses = list(Clause.objects.all())
    links = LessonPage.clauses.through.objects.filter(lessonpage__live=True)
    counts = dict(
        links.values("clause_id").annotate(n=Count("lessonpage_id")).values_list("clause_id", "n")
    )
    firsts = (
        links.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("clause_id")], order_by=F("lessonpage__path").asc()
            )
        )
        .filter(rank__lte=LESSONS_PER_CLAUSE)
        .values_list("clause_id", "lessonpage_id")
    )
    lesson_ids = defaultdict(list)
    for clause_id, lesson_id in firsts:
        lesson_ids[clause_id].append(lesson_id)
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
