"""A course's assessment: the questions of its live lessons, checked and scored on the server.

A submission names questions as ``q-<block id>`` and choices by their position. Anything the
course did not ask (a question id from another course, a choice that does not exist), a
question answered twice, or a question left out refuses the whole submission: a score is only
ever computed from a complete, well-formed answer sheet.
"""

from dataclasses import dataclass, field

from courses.blocks import MULTIPLE
from library.params import BadParameter, to_int

FIELD_PREFIX = "q-"


@dataclass
class Question:
    id: str
    number: int
    lesson_title: str
    prompt: str
    kind: str
    choices: list[str]
    correct: frozenset[int]
    explanation: str
    chosen: frozenset[int] = frozenset()  # what the learner ticked, to refill a refused sheet

    @property
    def field_name(self):
        return f"{FIELD_PREFIX}{self.id}"

    @property
    def is_multiple(self):
        return self.kind == MULTIPLE


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
        return {answer.question.id: sorted(answer.selected) for answer in self.answers}


class SubmissionRefused(Exception):
    def __init__(self, messages):
        super().__init__("；".join(messages))
        self.messages = messages


def course_questions(lessons):
    """The questions of ``lessons`` (already in course order), numbered from 1."""
    questions = []
    for lesson in lessons:
        for child in lesson.body:
            if child.block_type != "question":
                continue
            value = child.value
            questions.append(
                Question(
                    id=child.id,
                    number=len(questions) + 1,
                    lesson_title=lesson.title,
                    prompt=value["prompt"],
                    kind=value["kind"],
                    choices=[choice["text"] for choice in value["choices"]],
                    correct=frozenset(
                        i for i, choice in enumerate(value["choices"]) if choice["correct"]
                    ),
                    explanation=value["explanation"],
                )
            )
    return questions


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
        raise SubmissionRefused(["答卷中包含不属于本课程的题目，请刷新页面后重新作答。"])

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
