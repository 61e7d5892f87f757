"""Course test data: real pages through the tree API, and a bulk builder for size tests."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page

from courses.models import CoursePage, LearnerProfile, LessonPage
from library.credit_code import make_credit_code
from library.models import Campaign, Clause, District, Industry
from review.publication import seed_publication
from tests.factories import UserFactory


def campaign(year=2024):
    return Campaign.objects.get(year=year)


def make_course(body, title="进货检验怎么做", *, live=True, year=2024, **fields):
    section = body.courses_section
    slug = fields.pop("slug", f"course-{uuid.uuid4().hex[:8]}")
    industries = fields.pop("industries", [])
    course = section.add_child(
        instance=CoursePage(
            title=title,
            slug=slug,
            summary=fields.pop("summary", f"{title}：用大白话讲清楚。"),
            campaign=campaign(year) if year else None,
            audiences=fields.pop("audiences", ["leaders"]),
            live=live,
            **fields,
        )
    )
    if industries:
        course.industries.set(industries)
    if live:
        with seed_publication():  # published before its lessons exist
            course.save_revision().publish()
    return course


def question(prompt, choices, explanation="因为标准这样要求。", kind=None):
    """``choices``: [(text, correct)]; single choice unless more than one is correct."""
    correct = sum(1 for _, ok in choices if ok)
    return (
        "question",
        {
            "prompt": prompt,
            "kind": kind or ("multiple" if correct > 1 else "single"),
            "choices": [{"text": text, "correct": ok} for text, ok in choices],
            "explanation": explanation,
        },
    )


def make_lesson(course, title, clauses=("8.4",), blocks=(), *, live=True):
    lesson = LessonPage(title=title, slug=f"lesson-{uuid.uuid4().hex[:8]}", live=live)
    lesson.body = StreamValue(LessonPage.body.field.stream_block, [], is_lazy=False)
    for block in blocks:
        lesson.body.append(block)
    course.add_child(instance=lesson)
    lesson.clauses.set(Clause.objects.filter(number__in=clauses))
    if live:
        with seed_publication():  # fixtures include lessons that fail their checks
            lesson.save_revision().publish()
    return lesson


def learner(
    username=None, *, district="北辰区", enterprise="天津市鑫达车架制造有限公司", code17=None
):
    user = UserFactory(**({"username": username} if username else {}))
    code17 = code17 or f"91120113MA{uuid.uuid4().int % 10**7:07d}"
    LearnerProfile.objects.create(
        user=user,
        full_name="孙丽",
        enterprise_name=enterprise,
        credit_code=make_credit_code(code17),
        district=District.objects.get(name=district),
        industry=Industry.objects.get(code="electric-bicycle"),
    )
    return user


def bulk_courses(body, count, *, year=2024):
    """``count`` live courses under ``body``'s section in a few statements, not ``count`` tree inserts.

    Page rows are bulk-created with their tree paths computed here; the course rows are then
    saved ``raw`` (only their own table), as fixture loading does.
    """
    section = body.courses_section
    section.refresh_from_db()
    content_type = ContentType.objects.get_for_model(CoursePage)
    locale = Locale.get_default()
    now = timezone.now()
    start = section.numchild
    pages = []
    for offset in range(count):
        slug = f"bulk-{uuid.uuid4().hex[:10]}"
        pages.append(
            Page(
                title=f"批量课程 {start + offset}",
                draft_title=f"批量课程 {start + offset}",
                slug=slug,
                path=Page._get_path(section.path, section.depth + 1, start + offset + 1),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages)
    created = Page.objects.filter(path__in=[page.path for page in pages]).values_list(
        "id", flat=True
    )
    year_campaign = campaign(year)
    for page_id in created:
        CoursePage(
            page_ptr_id=page_id,
            summary="批量生成的课程",
            campaign=year_campaign,
            audiences=["leaders"],
            pass_mark=80,
        ).save_base(raw=True)
    Page.objects.filter(pk=section.pk).update(numchild=start + count)
    return list(created)


def bulk_lessons(course, count, *, clauses=("8.4",)):
    """``count`` live lessons under ``course``, each explaining ``clauses``, in a few statements."""
    course.refresh_from_db()
    content_type = ContentType.objects.get_for_model(LessonPage)
    locale = Locale.get_default()
    now = timezone.now()
    start = course.numchild
    pages = []
    for offset in range(count):
        slug = f"bulk-lesson-{uuid.uuid4().hex[:10]}"
        pages.append(
            Page(
                title=f"批量课时 {start + offset}",
                draft_title=f"批量课时 {start + offset}",
                slug=slug,
                path=Page._get_path(course.path, course.depth + 1, start + offset + 1),
                depth=course.depth + 1,
                numchild=0,
                url_path=f"{course.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages)
    created = list(
        Page.objects.filter(path__in=[page.path for page in pages]).values_list("id", flat=True)
    )
    empty_body = StreamValue(LessonPage.body.field.stream_block, [], is_lazy=False)
    for page_id in created:
        LessonPage(page_ptr_id=page_id, body=empty_body).save_base(raw=True)
    clause_ids = list(Clause.objects.filter(number__in=clauses).values_list("id", flat=True))
    LessonPage.clauses.through.objects.bulk_create(
        LessonPage.clauses.through(lessonpage_id=page_id, clause_id=clause_id)
        for page_id in created
        for clause_id in clause_ids
    )
    Page.objects.filter(pk=course.pk).update(numchild=start + count)
    return created
