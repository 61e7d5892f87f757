"""A learner whose score equals the course's pass mark passes; one point less fails."""

import pytest
from django.http import QueryDict

from courses.assessment import Question, grade
from courses.blocks import SINGLE


def questions(count):
    return [
        Question(
            id=f"b{n}",
            number=n,
            source="第一课",
            prompt=f"问题 {n}",
            kind=SINGLE,
            choices=["对", "错"],
            correct=frozenset({0}),
            explanation="",
        )
        for n in range(1, count + 1)
    ]


def sheet(qs, correct_count):
    data = QueryDict(mutable=True)
    for position, question in enumerate(qs):
        data[question.field_name] = "0" if position < correct_count else "1"
    return data


@pytest.mark.parametrize(
    ("correct", "pass_mark", "passed"),
    [
        (3, 60, True),  # 3 of 5 = 60, exactly the pass mark
        (2, 60, False),  # 40
        (4, 80, True),  # exactly 80
        (3, 61, False),  # one point above the score
        (5, 100, True),  # a perfect score meets a pass mark of 100
    ],
)
def test_a_score_equal_to_the_pass_mark_passes(correct, pass_mark, passed):
    qs = questions(5)
    result = grade(qs, sheet(qs, correct), pass_mark)
    assert result.score == 20 * correct
    assert result.passed is passed
