"""The pure assignment plan: k per case, balanced load, conflicts never crossed."""

from selection.assignment import plan


def test_every_case_gets_k_experts_and_load_differs_by_at_most_one():
    result = plan(range(1, 24), range(100, 107), k=3)
    per_case = {}
    for case, expert in result.new:
        per_case.setdefault(case, set()).add(expert)
    assert all(len(experts) == 3 for experts in per_case.values())
    assert len(per_case) == 23
    assert max(result.load.values()) - min(result.load.values()) <= 1
    assert result.short == {}


def test_conflicts_are_never_assigned_and_balance_holds_where_possible():
    excluded = {(case, 100) for case in range(1, 11)} | {(1, 101), (2, 101)}
    result = plan(range(1, 21), range(100, 106), k=3, excluded=excluded)
    assert not set(result.new) & excluded
    assert max(result.load.values()) - min(result.load.values()) <= 1


def test_cases_without_enough_eligible_experts_are_reported_short():
    excluded = {(1, 100), (1, 101)}
    result = plan([1, 2], [100, 101, 102], k=2, excluded=excluded)
    assert [pair for pair in result.new if pair[0] == 1] == [(1, 102)]
    assert result.short == {1: 1}


def test_existing_assignments_are_kept_and_counted():
    result = plan([1, 2], [100, 101, 102], k=2, existing={1: {100, 101}})
    assert all(case == 2 for case, _ in result.new)
    # 100 and 101 already carry one case each, so 102 goes first.
    assert (2, 102) in result.new
    assert max(result.load.values()) - min(result.load.values()) <= 1


def test_the_same_inputs_always_give_the_same_plan():
    args = (range(1, 40), range(200, 211))
    kwargs = {"k": 4, "excluded": {(c, 200 + c % 11) for c in range(1, 40)}}
    assert (
        plan(*args, **kwargs).new
        == plan(reversed(list(args[0])), reversed(list(args[1])), **kwargs).new
    )
