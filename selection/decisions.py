"""The commission's decisions, at the levels the round's kind allows
(``selection.subjects``): 市级优良案例 and 推荐至市场监管总局 (within the round's cap) for
cases, 精品课程 for courses, 表现突出 and 进步提升较大 for districts, 提升行动优秀认证机构
for bodies.

A decision is the round's record (``Decision``); for cases the public recognition on the
case page (``cases.CaseRecognition``, docs/contracts.md) is updated from it in the same
transaction, and so is a new stored snapshot of the round (``selection.lifecycle``). Only
ranked subjects of a closed round can be decided.
"""

from django.db import transaction
from django.utils import timezone

from cases.models import CaseRecognition
from selection import audit
from selection.assignment import candidate_entry
from selection.lifecycle import ensure_closed, take_snapshot
from selection.models import Decision, RoundSnapshot, SelectionRound
from selection.ranking import round_results

LEVEL_LABELS = dict(Decision.LEVELS)


def decide(selection_round, case, level, reason, user, moment=None):
    """Decide on ``case`` (a subject of the round's kind: case, course, district or body)."""
    chosen = selection_round.kind
    noun = chosen.label
    title = chosen.title(case)
    attempt = {"case": case.pk, "case_title": title, "level": level}
    reason = (reason or "").strip()
    if level not in LEVEL_LABELS:
        audit.refuse(selection_round, user, "评选决定", "请选择认定级别", **attempt)
    if not chosen.allows(level):
        allowed = "、".join(label for _, label in chosen.levels)
        audit.refuse(
            selection_round,
            user,
            "评选决定",
            f"“{LEVEL_LABELS[level]}”不适用于{chosen.round_label}，本轮只能认定为：{allowed}",
            **attempt,
        )
    if not reason:
        audit.refuse(selection_round, user, "评选决定", "请填写认定理由", **attempt)
    entry = candidate_entry(selection_round, case)
    if entry is None:
        audit.refuse(selection_round, user, "评选决定", f"该{noun}不是本轮候选{noun}", **attempt)
    if selection_round.is_scoring_open(moment) or not ensure_closed(selection_round, user):
        audit.refuse(selection_round, user, "评选决定", "评分截止后才能作出评选决定", **attempt)
    result = round_results(selection_round).by_case().get(case.pk)
    if result is None or not result.ranked:
        why = result.unranked_reason if result else "尚无评分"
        audit.refuse(
            selection_round,
            user,
            "评选决定",
            f"该{noun}未参加排名（{why}），不能认定",
            **attempt,
        )
    cap_message = (
        f"推荐至市场监管总局的案例已达本轮名额 {selection_round.recommend_count} 个，不能再推荐"
    )
    with transaction.atomic():
        # Lock the round so two editors recommending at once cannot both pass the cap.
        SelectionRound.objects.select_for_update().filter(pk=selection_round.pk).first()
        over_cap = level == Decision.NATIONAL and (
            _national_taken(selection_round, entry) >= selection_round.recommend_count
        )
        if not over_cap:
            decision, _ = Decision.objects.update_or_create(
                entry=entry,
                defaults={
                    "round": selection_round,
                    "level": level,
                    "reason": reason,
                    "decided_by": user,
                    "decided_at": timezone.now(),
                },
            )
            if chosen.key == "case":
                _sync_recognition(decision, case)
            snapshot = take_snapshot(
                selection_round,
                RoundSnapshot.DECISION,
                user,
                f"《{title}》认定为{LEVEL_LABELS[level]}",
            )
            audit.record(
                selection_round,
                "selection.decide",
                user,
                reason=reason,
                level_label=LEVEL_LABELS[level],
                rank=result.rank,
                score=result.score,
                sha256=snapshot.sha256,
                **attempt,
            )
    if over_cap:  # logged after the transaction, so the refusal itself is kept
        audit.refuse(selection_round, user, "评选决定", cap_message, **attempt)
    return decision


def _national_taken(selection_round, entry):
    return selection_round.decisions.filter(level=Decision.NATIONAL).exclude(entry=entry).count()


def withdraw(selection_round, case, user):
    """Remove the round's decision on ``case`` (any kind); False when there was none."""
    entry = candidate_entry(selection_round, case)
    if entry is None:
        return False
    title = selection_round.kind.title(case)
    with transaction.atomic():
        SelectionRound.objects.select_for_update().filter(pk=selection_round.pk).first()
        deleted, _ = selection_round.decisions.filter(entry=entry).delete()
        if deleted:
            if selection_round.kind.key == "case":
                CaseRecognition.objects.filter(
                    case_id=case.pk, source=selection_round.title
                ).delete()
            snapshot = take_snapshot(
                selection_round, RoundSnapshot.WITHDRAWAL, user, f"撤销《{title}》的认定"
            )
            audit.record(
                selection_round,
                "selection.undecide",
                user,
                case=case.pk,
                case_title=title,
                sha256=snapshot.sha256,
            )
    return bool(deleted)


def _sync_recognition(decision, case):
    CaseRecognition.objects.update_or_create(
        case_id=case.pk,
        defaults={
            "level": decision.level,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at,
            "source": decision.round.title,
        },
    )
