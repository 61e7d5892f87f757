"""Weighted totals, trimmed mean, flags and the tie-break chain on hand-computed examples."""

from decimal import Decimal as D

import pytest

from selection.aggregation import (
    FLAG_DISAGREEMENT,
    FLAG_SHORT,
    TIE_BREAK_CHAIN,
    Criterion,
    rank_cases,
    trimmed_mean,
    weighted_total,
)

# Two criteria: 成效 (weight 60, max 10) and 典型性 (weight 40, max 5).
IMPACT = Criterion(1, "运营绩效", D("60"), D("10"), is_impact=True)
TYPICAL = Criterion(2, "典型性与引领性", D("40"), D("5"))
CRITERIA = [IMPACT, TYPICAL]


def sheet(impact, typical):
    return {1: D(impact), 2: D(typical)}


def rank(scores, k=3, min_scores=1, threshold="20"):
    return rank_cases(scores, CRITERIA, k=k, min_scores=min_scores, threshold=D(threshold))


def test_weighted_total_scales_each_criterion_by_weight_over_max():
    # 8/10×60 + 3/5×40 = 48 + 24 = 72
    assert weighted_total(sheet("8", "3"), CRITERIA) == D("72.00")
    # 7.5/10×60 + 4.25/5×40 = 45 + 34 = 79
    assert weighted_total(sheet("7.5", "4.25"), CRITERIA) == D("79.00")
    # thirds round half-up at the cent: 1/3 of 10 → 0.333…; 60×(1/3)/10 is 2.00 exactly
    third = Criterion(3, "x", D("10"), D("3"))
    assert weighted_total({3: D("1")}, [third]) == D("3.33")
    assert weighted_total({3: D("2")}, [third]) == D("6.67")


def totals(*values):
    """Expert ids 101, 102, … → the given totals."""
    return {100 + n: D(v) for n, v in enumerate(values, start=1)}


def test_trimmed_mean_drops_one_highest_and_one_lowest_from_five():
    # [60, 70, 80, 90, 100] → mean of 70, 80, 90 = 80 (a plain mean would also be 80,
    # so the second example is the one that tells trimming from not trimming)
    score, _, dropped = trimmed_mean(totals(90, 60, 100, 70, 80))
    assert score == D("80.00") and set(dropped) == {102, 103}
    # [10, 50, 50, 50, 99] → 50; the plain mean would be 51.80
    assert trimmed_mean(totals(10, 50, 50, 50, 99))[0] == D("50.00")


def test_trimming_starts_at_exactly_five_scores():
    # Four totals: the plain mean, nothing dropped. (60 + 100 + 65 + 99) / 4 = 81;
    # trimming would give (65 + 99) / 2 = 82.
    score, kept, dropped = trimmed_mean(totals(60, 100, 65, 99))
    assert (score, dropped) == (D("81.00"), ())
    assert sorted(kept) == [101, 102, 103, 104]
    # Five totals: 60 and 100 go. (65 + 99 + 70) / 3 = 78; the plain mean would be 78.80.
    score, _, dropped = trimmed_mean(totals(60, 100, 65, 99, 70))
    assert score == D("78.00") and set(dropped) == {101, 102}
    # The ranking uses the same rule: the same four and five sheets through rank_cases.
    four = {1: {e: sheet(str(t / 10), "0") for e, t in enumerate((60, 100, 65, 99))}}
    five = {1: {e: sheet(str(t / 10), "0") for e, t in enumerate((60, 100, 65, 99, 70))}}
    # 成效 only (典型 0): totals t × 60 / 100 → 36, 60, 39, 59.4 (, 42); plain mean of 5: 47.28
    assert rank(four, k=4, threshold="100")[0].score == D("48.60")  # (36+60+39+59.4)/4
    assert rank(five, k=5, threshold="100")[0].score == D("46.80")  # (39+59.4+42)/3


def test_fewer_than_five_scores_use_the_plain_mean():
    # (60 + 70 + 81) / 3 = 70.333… → 70.33
    assert trimmed_mean(totals(60, 70, 81))[0] == D("70.33")


def test_case_score_and_which_experts_were_trimmed():
    scores = {
        7: {
            101: sheet("10", "5"),  # 100
            102: sheet("5", "0"),  # 30
            103: sheet("8", "3"),  # 72
            104: sheet("7", "4"),  # 74
            105: sheet("6", "4"),  # 68
        }
    }
    [result] = rank(scores, k=5, threshold="100")
    assert result.totals == {
        101: D("100.00"),
        102: D("30.00"),
        103: D("72.00"),
        104: D("74.00"),
        105: D("68.00"),
    }
    assert result.score == D("71.33")  # (72 + 74 + 68) / 3
    assert set(result.trimmed) == {101, 102}
    assert result.spread == D("70.00")
    assert result.rank == 1


def test_disagreement_flag_when_spread_passes_the_threshold():
    scores = {1: {1: sheet("9", "4"), 2: sheet("5", "2")}}  # 86 and 46 → spread 40
    [flagged] = rank(scores, k=2, threshold="39.99")
    [calm] = rank(scores, k=2, threshold="40")
    assert FLAG_DISAGREEMENT in flagged.flags
    assert FLAG_DISAGREEMENT not in calm.flags


def test_cases_below_the_minimum_number_of_scores_do_not_rank():
    scores = {
        1: {1: sheet("9", "5"), 2: sheet("9", "5")},
        2: {1: sheet("10", "5")},  # the best single score, but only one
        3: {},
    }
    results = rank(scores, k=2, min_scores=2)
    assert [(r.case_id, r.rank) for r in results] == [(1, 1), (2, None), (3, None)]
    assert "少于 2 份" in results[1].unranked_reason
    assert FLAG_SHORT in results[1].flags
    assert results[2].unranked_reason == "尚无评分"


def test_tie_break_chain_impact_then_flags_then_count_then_case_id():
    # Every case below scores 70.00 overall.
    scores = {
        # 成效 6/10 → 36; 典型 34/40 → 4.25/5: total 70, impact 36
        10: {1: sheet("6", "4.25"), 2: sheet("6", "4.25")},
        # impact 42 (7/10) + 28 (3.5/5) = 70: higher 成效 wins over case 10
        11: {1: sheet("7", "3.5"), 2: sheet("7", "3.5")},
        # same as 11 but the two experts disagree (90 and 50: spread 40 → flag)
        12: {1: sheet("9", "4.5"), 2: sheet("5", "2.5")},
        # same as 11, three scores instead of two (k=3, so 11 carries a 人数不足 flag)
        13: {1: sheet("7", "3.5"), 2: sheet("7", "3.5"), 3: sheet("7", "3.5")},
        # identical to 13, later case id
        14: {1: sheet("7", "3.5"), 2: sheet("7", "3.5"), 3: sheet("7", "3.5")},
    }
    results = rank(scores, k=3, threshold="20")
    assert all(r.score == D("70.00") for r in results)
    # 13, 14: impact 42, no flags; 11: impact 42, one flag (short);
    # 12: impact 42, two flags (short + disagreement); 10: impact 36.
    assert [r.case_id for r in results] == [13, 14, 11, 12, 10]
    assert [r.rank for r in results] == [1, 2, 3, 4, 5]


def test_ranking_is_the_same_whatever_order_the_scores_arrive_in():
    base = {
        case: {
            e: sheet(str((case * e) % 11 if (case * e) % 11 <= 10 else 10), str((case + e) % 6))
            for e in range(1, 6)
        }
        for case in range(1, 30)
    }
    shuffled = {case: dict(reversed(list(base[case].items()))) for case in reversed(list(base))}
    first = [(r.case_id, r.rank, r.score) for r in rank(base, k=5)]
    second = [(r.case_id, r.rank, r.score) for r in rank(shuffled, k=5)]
    assert first == second


# Sheets that all total 70.00 (成效 weight 60 of 10, 典型 weight 40 of 5):
CALM = sheet("7", "3.5")  # 42 + 28 = 70, impact 42
HIGH = sheet("9", "4.5")  # 54 + 36 = 90, impact 54
LOW = sheet("5", "2.5")  # 30 + 20 = 50, impact 30
LESS_IMPACT = sheet("6", "4.25")  # 36 + 34 = 70, impact 36


@pytest.mark.parametrize(
    ("rule", "winner", "loser"),
    [
        # Each pair ties on every earlier rule; the winner is better on ``rule`` and
        # worse (or equal) on every later one, so a swapped chain ranks the loser first.
        (
            "帮扶成效指标得分高者在前",
            # impact 42 but a disagreement flag (90/50/70), more scores, higher id
            {1: HIGH, 2: LOW, 3: CALM},
            # impact 36, no flag, fewer scores, lower id
            {1: LESS_IMPACT, 2: LESS_IMPACT},
        ),
        (
            "标记少者在前",
            # no flag, two scores, higher id
            {1: CALM, 2: CALM},
            # one flag (spread 40 > 20), three scores, lower id
            {1: HIGH, 2: LOW, 3: CALM},
        ),
        (
            "有效评分人数多者在前",
            # three scores, higher id
            {1: CALM, 2: CALM, 3: CALM},
            # two scores, lower id
            {1: CALM, 2: CALM},
        ),
    ],
)
def test_tie_break_each_rule_decides_in_the_published_order(rule, winner, loser):
    assert rule in TIE_BREAK_CHAIN
    # The loser has the lower case id, so only the rule under test can put the winner first.
    results = rank({5: loser, 9: winner}, k=2, threshold="20")
    assert [r.score for r in results] == [D("70.00"), D("70.00")]
    assert [r.case_id for r in results] == [9, 5], rule


def test_tie_break_chain_is_published_in_this_order():
    assert TIE_BREAK_CHAIN == (
        "案例得分（截尾均值）高者在前",
        "帮扶成效指标得分高者在前",
        "标记少者在前",
        "有效评分人数多者在前",
        "案例编号小者在前",
    )


def test_identical_cases_are_ordered_by_case_id():
    results = rank({9: {1: CALM, 2: CALM}, 5: {1: CALM, 2: CALM}}, k=2)
    assert [r.case_id for r in results] == [5, 9]
