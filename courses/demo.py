"""Demo courses and learners for ``load_initial_data --demo``; safe to run again.

Each demo body gets one published course whose seven lessons cover chapters 4 to 10, with
questions, and three demo learners from different districts have studied, passed and rated
the first course so the admin figures are not empty.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict
from wagtail.blocks import StreamValue

from courses.assessment import drawn_questions, start_attempt, submit_attempt
from courses.demo_content import COURSES, LEARNERS, LESSONS
from courses.learning import award_certificate, mark_lesson_done
from courses.models import CoursePage, CourseRating, LearnerProfile, LessonPage
from library.credit_code import make_credit_code
from library.demo import DEMO_PASSWORD
from library.demo_campaigns import backdate, demo_campaigns, submission_moments
from library.models import CertificationBody, Clause, District, Industry


def lesson_body(spec):
    clause_number, requirement, reading = spec["clause"]
    risk, control, record = spec["risk"]
    title, situation, approach, result = spec["example"]
    clause = Clause.objects.get(number=clause_number)
    blocks = [
        ("clause", {"clause": clause, "requirement": requirement, "plain_reading": reading}),
        ("text", spec["text"]),
        ("risk_control", {"risk": risk, "control": control, "record": record}),
        (
            "example",
            {"title": title, "situation": situation, "approach": approach, "result": result},
        ),
    ]
    for prompt, kind, choices, explanation in spec["questions"]:
        blocks.append(
            (
                "question",
                {
                    "prompt": prompt,
                    "kind": kind,
                    "choices": [{"text": text, "correct": correct} for text, correct in choices],
                    "explanation": explanation,
                },
            )
        )
    return blocks


def ensure_lesson(course, spec):
    lesson = LessonPage.objects.child_of(course).filter(slug=spec["slug"]).first()
    if lesson is not None:
        return lesson
    lesson = LessonPage(
        title=spec["title"], slug=spec["slug"], introduction=spec["introduction"], minutes=40
    )
    lesson.body = StreamValue(LessonPage.body.field.stream_block, [], is_lazy=False)
    for block_type, value in lesson_body(spec):
        lesson.body.append((block_type, value))
    course.add_child(instance=lesson)
    numbers = {*spec["clauses"], spec["clause"][0]}
    lesson.clauses.set(Clause.objects.filter(number__in=numbers))
    lesson.save_revision().publish()
    return lesson


def ensure_course(spec, campaign):
    body = CertificationBody.objects.filter(name=spec["body"]).first()
    section = getattr(body, "courses_section", None) if body else None
    if section is None:
        return None
    course = CoursePage.objects.child_of(section).filter(slug=spec["slug"]).first()
    if course is None:
        course = section.add_child(
            instance=CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                campaign=campaign,
                audiences=spec["audiences"],
                delivery_modes=spec["delivery_modes"],
                hours=Decimal(spec["hours"]),
            )
        )
        course.industries.set(Industry.objects.filter(code__in=spec["industries"]))
        course.save_revision().publish()
    for lesson_spec in LESSONS:
        ensure_lesson(course, lesson_spec)
    return course


def ensure_learner(spec, course):
    username, name, enterprise, code17, district, industry, position = spec
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return None
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        first_name=name,
        email=f"{username}@demo.example.cn",
    )
    LearnerProfile.objects.create(
        user=user,
        full_name=name,
        enterprise_name=enterprise,
        credit_code=make_credit_code(code17),
        district=District.objects.get(name=district),
        industry=Industry.objects.get(code=industry),
        position=position,
    )
    lessons = list(course.lessons())
    for lesson in lessons:
        mark_lesson_done(user, lesson)
    attempt = start_attempt(user, course)
    answers = QueryDict(mutable=True)
    for question in drawn_questions(attempt):
        for choice in sorted(question.correct):
            answers.appendlist(question.field_name, str(choice))
    submit_attempt(attempt, course, answers)
    award_certificate(user, course)
    CourseRating.objects.create(
        user=user,
        course=course,
        stars=5 if username == "xueyuan" else 4,
        comment="例子都是身边企业的事，一听就懂。" if username == "xueyuan" else "",
    )
    return user


def add_demo_courses(report):
    _, campaign = demo_campaigns()  # this year's courses, for the campaign under way
    with transaction.atomic():
        existing = set(CoursePage.objects.filter(campaign=campaign).values_list("pk", flat=True))
        courses = [course for spec in COURSES if (course := ensure_course(spec, campaign))]
        new = [course for course in courses if course.pk not in existing]
        for course, moment in zip(new, submission_moments(campaign, len(new)), strict=True):
            backdate(course, moment)  # published on days spread over the campaign so far
        learners = [u for spec in LEARNERS if courses and (u := ensure_learner(spec, courses[0]))]
    report(f"课程：{len(courses)} 门演示课程，每门 {len(LESSONS)} 个课时，覆盖第 4 至第 10 章")
    if learners:
        report(f"学员：新建 {len(learners)} 个演示学员账号（密码同上），已学完并通过第一门课程")
