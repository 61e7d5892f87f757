"""The commission's decisions: 市级优良案例 and 推荐至市场监管总局, within the round's cap.

A decision is the round's record (``Decision``); the public recognition on the case page
(``cases.CaseRecognition``, docs/contracts.md) is updated from it in the same transaction,
and so is a new stored snapshot of the round (``selection.lifecycle``). Only ranked cases
of a closed round can be decided.
"""

from django.db import transaction
from django.utils import timezone

from cases.models import CaseRecognition
from selection import audit
from selection.lifecycle import ensure_closed, take_snapshot
from selection.models import Decision, RoundSnapshot, SelectionRound
from selection.ranking import round_results

LEVEL_LABELS = dict(Decision.LEVELS)


def decide(selection_round, case, level, reason, user, moment=None):
    attempt = {"case": case.pk, "case_title": case.title, "level": level}
    reason = (reason or "").strip()
    if level not in LEVEL_LABELS:
        audit.refuse(selection_round, user, "评选决定", "请选择认定级别", **attempt)
    if not reason:
        audit.refuse(selection_round, user, "评选决定", "请填写认定理由", **attempt)
    if not selection_round.candidates.filter(pk=case.pk).exists():
        audit.refuse(selection_round, user, "评选决定", "该案例不是本轮候选案例", **attempt)
    if selection_round.is_scoring_open(moment) or not ensure_closed(selection_round, user):
        audit.refuse(selection_round, user, "评选决定", "评分截止后才能作出评选决定", **attempt)
    result = round_results(selection_round).by_case().get(case.pk)
    if result is None or not result.ranked:
        why = result.unranked_reason if result else "尚无评分"
        audit.refuse(
            selection_round, user, "评选决定", f"该案例未参加排名（{why}），不能认定", **attempt
        )
    cap_message = (
        f"推荐至市场监管总局的案例已达本轮名额 {selection_round.recommend_count} 个，不能再推荐"
    )
    with transaction.atomic():
        # Lock the round so two editors recommending at once cannot both pass the cap.
        SelectionRound.objects.select_for_update().filter(pk=selection_round.pk).first()
        over_cap = level == Decision.NATIONAL and (
            _national_taken(selection_round, case) >= selection_round.recommend_count
        )
        if not over_cap:
            decision, _ = Decision.objects.update_or_create(
                round=selection_round,
                case=case,
                defaults={
                    "level": level,
                    "reason": reason,
                    "decided_by": user,
                    "decided_at": timezone.now(),
                },
            )
            _sync_recognition(decision)
            snapshot = take_snapshot(
                selection_round,
                RoundSnapshot.DECISION,
                user,
                f"《{case.title}》认定为{LEVEL_LABELS[level]}",
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


def _national_taken(selection_round, case):
    return selection_round.decisions.filter(level=Decision.NATIONAL).exclude(case=case).count()


def withdraw(selection_round, case, user):
    """Remove the round's decision on ``case``; False when there was none to remove."""
    with transaction.atomic():
        SelectionRound.objects.select_for_update().filter(pk=selection_round.pk).first()
        deleted, _ = selection_round.decisions.filter(case=case).delete()
        if deleted:
            CaseRecognition.objects.filter(case=case, source=selection_round.title).delete()
            snapshot = take_snapshot(
                selection_round, RoundSnapshot.WITHDRAWAL, user, f"撤销《{case.title}》的认定"
            )
            audit.record(
                selection_round,
                "selection.undecide",
                user,
                case=case.pk,
                case_title=case.title,
                sha256=snapshot.sha256,
            )
    return bool(deleted)


def _sync_recognition(decision):
    CaseRecognition.objects.update_or_create(
        case=decision.case,
        defaults={
            "level": decision.level,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at,
            "source": decision.round.title,
        },
    )
