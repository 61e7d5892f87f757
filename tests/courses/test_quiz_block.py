"""A new quiz block in the lesson editor starts with the two choices a question needs."""

from courses.blocks import QuestionBlock


def test_a_new_quiz_block_starts_with_two_choices():
    choices = QuestionBlock().get_default()["choices"]
    assert len(choices) == 2
    assert QuestionBlock().child_blocks["choices"].meta.min_num == 2
