"""A course's assessment, on a par with a Moodle quiz, decided on the server.

- **The pool**: the quiz blocks of the course's live lessons and the questions of the body's
  question bank in the categories the course chose (``CoursePage.question_categories``).
- **The draw**: an attempt starts with ``question_count`` questions drawn at random from the
  pool (all of them when it is empty), each with its choices shuffled. The draw is stored on
  the attempt (a snapshot of each question) and the answer sheet is checked against it: a
  question that was not drawn, or a choice that does not exist, refuses the whole sheet.
- **Limits**: ``max_attempts`` attempts at most, ``cooldown_minutes`` between a failed attempt
  and the next start, and an optional ``time_limit_minutes`` counted from the start: a sheet
  that arrives later than that (plus a short grace for the network) scores nothing.
- **What is shown**: after an attempt the learner sees the score; the right answers and the
  explanations only once they passed or used their last attempt (else a retake would be a
  copy of the answers).

A submission names questions ``q-<question id>`` and choices by their position as shown.
"""

import json
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from courses.blocks import MULTIPLE
from library.params import BadParameter, to_int

FIELD_PREFIX = "q-"
# Time allowed beyond the limit for the sheet to travel (a slow mobile connection).
SUBMIT_GRACE = timedelta(seconds=30)
_random = secrets.SystemRandom()


@dataclass
class Question:
    id: str
    number: int
    source: str  # the lesson's title, or the bank category's name
    prompt: str
    kind: str
    choices: list[str]
    correct: frozenset[int]
    explanation: str
    origin: list[int] = field(default_factory=list)  # each shown choice's original position
    chosen: frozenset[int] = frozenset()  # what the learner ticked, to refill a refused sheet

    @property
    def field_name(self):
        return f"{FIELD_PREFIX}{self.id}"

    @property
    def is_multiple(self):
        return self.kind == MULTIPLE

    def snapshot(self):
        return {
            "id": self.id,
            "source": self.source,
            "prompt": self.prompt,
            "kind": self.kind,
            "choices": self.choices,
            "correct": sorted(self.correct),
            "explanation": self.explanation,
            "origin": self.origin,
        }

    @classmethod
    def from_snapshot(cls, number, data):
        return cls(
            id=data["id"],
            number=number,
            source=data["source"],
            prompt=data["prompt"],
            kind=data["kind"],
            choices=list(data["choices"]),
            correct=frozenset(data["correct"]),
            explanation=data["explanation"],
            origin=list(data["origin"]),
        )


@dataclass
class Answer:
    question: Question
    selected: frozenset[int]

    @property
    def is_correct(self):
        return self.selected == self.question.correct


@dataclass
class Result:
    answers: list[Answer]
    pass_mark: int
    correct: int = field(init=False)
    total: int = field(init=False)
    score: int = field(init=False)

    def __post_init__(self):
        self.total = len(self.answers)
        self.correct = sum(1 for answer in self.answers if answer.is_correct)
        self.score = round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self):
        return self.total > 0 and self.score >= self.pass_mark

    def as_record(self):
        """{question id: the chosen choices' original positions} (what item analysis reads)."""
        return {
            answer.question.id: sorted(answer.question.origin[i] for i in answer.selected)
            for answer in self.answers
        }


class SubmissionRefused(Exception):
    def __init__(self, messages):
        super().__init__("；".join(messages))
        self.messages = messages


class AttemptNotAllowed(Exception):
    """Starting an attempt now breaks the course's limits; the message says until when."""


def _question(id, source, prompt, kind, choices, explanation):
    """``choices``: [(text, correct)] in the author's order."""
    return Question(
        id=id,
        number=0,
        source=source,
        prompt=prompt,
        kind=kind,
        choices=[text for text, _ in choices],
        correct=frozenset(i for i, (_, ok) in enumerate(choices) if ok),
        explanation=explanation,
        origin=list(range(len(choices))),
    )


def course_questions(lessons):
    """The quiz blocks of ``lessons`` (already in course order), numbered from 1."""
    questions = []
    for lesson in lessons:
        for child in lesson.questions():
            value = child.value
            question = _question(
                f"block-{child.id}",
                lesson.title,
                value["prompt"],
                value["kind"],
                [(choice["text"], choice["correct"]) for choice in value["choices"]],
                value["explanation"],
            )
            question.number = len(questions) + 1
            questions.append(question)
    return questions


def _bank_rows(course):
    """The course's body's bank questions in the categories the course chose."""
    from courses.models import BankQuestion

    body = course.certification_body
    if body is None:
        return BankQuestion.objects.none()
    return BankQuestion.objects.filter(body=body, category__in=course.question_categories.all())


def bank_questions(course):
    """The course's body's bank questions in the categories the course chose."""
    rows = _bank_rows(course).select_related("category").prefetch_related("choices").order_by("pk")
    return [
        _question(
            f"bank-{row.pk}",
            row.category.name,
            row.prompt,
            row.kind,
            [(choice.text, choice.correct) for choice in row.choices.all()],
            row.explanation,
        )
        for row in rows
    ]


def question_pool(course, lessons=None):
    lessons = course.lessons() if lessons is None else lessons
    return course_questions(lessons) + bank_questions(course)


def pool_size(course):
    """``len(question_pool(course))`` without building the pool: the quiz blocks are counted
    in the lessons' stored JSON, read as text (no page instantiated, no block converted; the
    block type ``LessonPage.questions`` selects) and the bank questions by the database."""
    bodies = course.lessons().annotate(raw=Cast("body", TextField())).values_list("raw", flat=True)
    quiz = sum(
        1 for raw in bodies for block in json.loads(raw or "[]") if block["type"] == "question"
    )
    return quiz + _bank_rows(course).count()


def draw(course):
    """A new random draw from the pool, choices shuffled, numbered from 1."""
    pool = question_pool(course)
    count = course.question_count or len(pool)
    drawn = _random.sample(pool, min(count, len(pool)))
    for number, question in enumerate(drawn, start=1):
        order = list(range(len(question.choices)))
        _random.shuffle(order)
        question.number = number
        question.choices = [question.choices[i] for i in order]
        question.correct = frozenset(order.index(i) for i in question.correct)
        question.origin = [question.origin[i] for i in order]
    return drawn


def drawn_questions(attempt):
    return [Question.from_snapshot(n, data) for n, data in enumerate(attempt.drawn, start=1)]


# --- Limits --------------------------------------------------------------------------------


def attempts_of(user, course):
    from courses.models import Attempt

    return Attempt.objects.filter(user=user, course=course)


def open_attempt(user, course, now=None):
    """The learner's unfinished attempt (still within its time limit), if any."""
    now = now or timezone.now()
    attempt = attempts_of(user, course).filter(submitted_at__isnull=True).first()
    if attempt is not None and attempt.deadline and now > attempt.deadline + SUBMIT_GRACE:
        close_timed_out(attempt, now)
        return None
    return attempt


def attempts_left(user, course):
    """How many attempts the learner may still start; None when unlimited."""
    if not course.max_attempts:
        return None
    return max(course.max_attempts - attempts_of(user, course).count(), 0)


def next_start_at(user, course):
    """When the cool-down after the last failed attempt ends (None: no wait)."""
    if not course.cooldown_minutes:
        return None
    last = attempts_of(user, course).filter(submitted_at__isnull=False).order_by("-submitted_at")
    last = last.first()
    if last is None or last.passed:
        return None
    return last.submitted_at + timedelta(minutes=course.cooldown_minutes)


def start_refusal(user, course, now=None):
    """Why the learner may not start an attempt now (a Chinese sentence), or None."""
    now = now or timezone.now()
    if attempts_left(user, course) == 0:
        return f"本课程最多可参加 {course.max_attempts} 次考评，您的次数已用完。"
    wait_until = next_start_at(user, course)
    if wait_until and now < wait_until:
        local = timezone.localtime(wait_until)
        return (
            f"两次考评需间隔 {course.cooldown_minutes} 分钟，请于 {local:%Y-%m-%d %H:%M} 后再考。"
        )
    return None


@transaction.atomic
def start_attempt(user, course, now=None):
    """The learner's open attempt, or a new one with a fresh draw (``AttemptNotAllowed``)."""
    from courses.models import Attempt

    now = now or timezone.now()
    # One learner, one open attempt: lock the learner's row while checking and creating.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = open_attempt(user, course, now)
    if existing is not None:
        return existing
    refusal = start_refusal(user, course, now)
    if refusal:
        raise AttemptNotAllowed(refusal)
    questions = draw(course)
    if not questions:
        raise AttemptNotAllowed("本课程还没有考评题。")
    deadline = (
        now + timedelta(minutes=course.time_limit_minutes) if course.time_limit_minutes else None
    )
    return Attempt.objects.create(
        user=user,
        course=course,
        drawn=[question.snapshot() for question in questions],
        started_at=now,
        deadline=deadline,
        total=len(questions),
    )


def close_timed_out(attempt, now=None):
    attempt.submitted_at = now or timezone.now()
    attempt.timed_out = True
    attempt.correct = attempt.score = 0
    attempt.passed = False
    attempt.save(update_fields=["submitted_at", "timed_out", "correct", "score", "passed"])


def reveals_answers(attempt, course):
    """Right answers and explanations are shown after a pass or the last allowed attempt."""
    if attempt.passed:
        return True
    return bool(course.max_attempts) and attempts_left(attempt.user, course) == 0


# --- Grading -------------------------------------------------------------------------------


def choice_indexes(values):
    """The choice positions in ``values`` (strings from the form); ``None`` if any is not a
    plain non-negative integer (``"²"``, ``"-1"``, ``"1.0"``...)."""
    try:
        return [to_int(value, "answer", minimum=0) for value in values]
    except BadParameter:
        return None


def grade(questions, data, pass_mark):
    """Score the answer sheet ``data`` (a QueryDict) or raise ``SubmissionRefused``."""
    by_field = {question.field_name: question for question in questions}
    submitted = [key for key in data if key.startswith(FIELD_PREFIX)]
    if any(key not in by_field for key in submitted):
        raise SubmissionRefused(["答卷中包含不属于本次考评的题目，请刷新页面后重新作答。"])

    messages, answers = [], []
    for question in questions:
        raw = data.getlist(question.field_name)
        if not raw:
            continue
        selected = choice_indexes(raw)
        if selected is None or any(not 0 <= index < len(question.choices) for index in selected):
            raise SubmissionRefused(["答卷中包含无效的选项，请刷新页面后重新作答。"])
        if len(set(selected)) != len(selected) or (not question.is_multiple and len(raw) > 1):
            messages.append(f"第 {question.number} 题的答案重复提交，请只选择一次。")
        answers.append(Answer(question, frozenset(selected)))

    answered = {answer.question.id for answer in answers}
    missing = [str(q.number) for q in questions if q.id not in answered]
    if missing:
        messages.append(f"还有 {len(missing)} 道题未作答：第 {'、'.join(missing)} 题。")
    if messages:
        raise SubmissionRefused(messages)
    return Result(answers=answers, pass_mark=pass_mark)


class TimeUp(Exception):
    pass


@transaction.atomic
def submit_attempt(attempt, course, data, now=None):
    """Grade ``data`` against the attempt's draw and keep the result. Raises
    ``SubmissionRefused`` (the sheet is malformed: the attempt stays open) or ``TimeUp`` (the
    sheet came after the time limit: the attempt is closed with no score)."""
    from courses.models import Attempt

    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.is_open:
        raise SubmissionRefused(["这次考评已经交卷，请重新开始考评。"])
    if attempt.deadline and now > attempt.deadline + SUBMIT_GRACE:
        close_timed_out(attempt, now)
        raise TimeUp(f"已超过 {course.time_limit_minutes} 分钟的考评时限，本次考评不计分。")
    result = grade(drawn_questions(attempt), data, course.pass_mark)
    attempt.answers = result.as_record()
    attempt.correct, attempt.total, attempt.score = result.correct, result.total, result.score
    attempt.passed = result.passed
    attempt.submitted_at = now
    attempt.save()
    return attempt, result
