"""From stored scores to a ranking that always comes out the same.

Pure functions over Decimals: no floats, no dict-order dependence, every tie broken by the
published chain ending in the case id, so recomputing from the same scores gives the same
ranking on any machine.

- An expert's total for a case is Σ score × weight ÷ max score (points out of Σ weights),
  rounded half-up to 0.01.
- The case score is the mean of the totals, after dropping one highest and one lowest when
  at least 5 experts scored (trimmed mean), rounded half-up to 0.01.
- A case ranks only with at least ``min_scores`` scores.
- Flags: 评分分歧 when the spread (max − min) of totals exceeds the round's threshold; 评分人数不足
  when fewer than k experts scored.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TRIM_FROM = 5

FLAG_DISAGREEMENT = "评分分歧"
FLAG_SHORT = "评分人数不足"

TIE_BREAK_CHAIN = (
    "案例得分（截尾均值）高者在前",
    "帮扶成效指标得分高者在前",
    "标记少者在前",
    "有效评分人数多者在前",
    "案例编号小者在前",
)


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    weight: Decimal
    max_score: Decimal
    is_impact: bool = False


@dataclass
class CaseResult:
    case_id: int
    totals: dict  # expert id → weighted total
    impact_totals: dict  # expert id → weighted total over 成效 criteria only
    score: Decimal | None
    impact_score: Decimal | None
    spread: Decimal | None
    trimmed: tuple = ()  # expert ids left out of the mean
    flags: list = field(default_factory=list)
    ranked: bool = False
    rank: int | None = None
    unranked_reason: str = ""

    @property
    def count(self):
        return len(self.totals)

    def sort_key(self):
        return (
            -self.score,
            -(self.impact_score or Decimal(0)),
            len(self.flags),
            -self.count,
            self.case_id,
        )


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(values: dict, criteria, only_impact=False) -> Decimal:
    total = Decimal(0)
    for criterion in criteria:
        if only_impact and not criterion.is_impact:
            continue
        total += Decimal(values[criterion.id]) * criterion.weight / criterion.max_score
    return q(total)


def mean(values) -> Decimal:
    values = list(values)
    return q(sum(values, Decimal(0)) / len(values))


def trimmed_mean(totals: dict) -> tuple[Decimal, list, tuple]:
    """The case score: (mean, expert ids kept, expert ids dropped).

    ``totals`` maps expert id → weighted total. From ``TRIM_FROM`` (5) totals on, one
    lowest and one highest are dropped; below that every total counts (plain mean). Ties
    are dropped by expert id, so the result is stable.
    """
    order = sorted(totals, key=lambda expert: (totals[expert], expert))
    kept, dropped = order, ()
    if len(order) >= TRIM_FROM:
        kept, dropped = order[1:-1], (order[0], order[-1])
    return mean(totals[e] for e in kept), kept, dropped


def case_result(case_id, expert_values: dict, criteria, *, k, min_scores, threshold):
    """``expert_values``: expert id → {criterion id: score} (complete score sheets only)."""
    totals = {e: weighted_total(v, criteria) for e, v in expert_values.items()}
    impact = {e: weighted_total(v, criteria, only_impact=True) for e, v in expert_values.items()}
    result = CaseResult(case_id, totals, impact, None, None, None)
    if not totals:
        result.unranked_reason = "尚无评分"
        return result
    result.score, kept, result.trimmed = trimmed_mean(totals)
    result.impact_score = mean(impact[e] for e in kept)
    result.spread = max(totals.values()) - min(totals.values())
    if result.spread > Decimal(threshold):
        result.flags.append(FLAG_DISAGREEMENT)
    if len(totals) < k:
        result.flags.append(FLAG_SHORT)
    if len(totals) < min_scores:
        result.unranked_reason = f"有效评分 {len(totals)} 份，少于 {min_scores} 份"
    else:
        result.ranked = True
    return result


def rank_cases(scores_by_case: dict, criteria, *, k, min_scores, threshold) -> list[CaseResult]:
    """Ranked cases in order (rank 1 first), then the unranked ones by case id."""
    criteria = list(criteria)
    results = [
        case_result(
            case_id,
            scores_by_case[case_id],
            criteria,
            k=k,
            min_scores=min_scores,
            threshold=threshold,
        )
        for case_id in sorted(scores_by_case)
    ]
    ranked = sorted((r for r in results if r.ranked), key=CaseResult.sort_key)
    for position, result in enumerate(ranked, start=1):
        result.rank = position
    return ranked + [r for r in results if not r.ranked]
