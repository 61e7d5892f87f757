"""What an expert does with an assigned case: confirm no conflict (or recuse), then score.

Every refusal is logged to the round's audit log before it is raised, and nothing is written
until every value has been checked, so a refused sheet leaves no partial scores behind.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from selection import audit
from selection.models import Assignment, Recusal, Score


def plain(value: Decimal) -> str:
    """8.00 → "8", 9.50 → "9.5", 10 → "10" (for messages and the log)."""
    return f"{Decimal(value).normalize():f}"


def expert_of(user):
    return getattr(user, "expert", None) if user.is_authenticated else None


def open_case(selection_round, case_id, user):
    """The caller's own assignment for the case, or a logged refusal."""
    expert = expert_of(user)
    assignment = (
        selection_round.assignments.filter(case_id=case_id, expert=expert)
        .select_related("case", "expert")
        .first()
        if expert
        else None
    )
    if assignment is None:
        audit.refuse(
            selection_round, user, "查看案例", "该案例未分配给您评审，不能查看", case=case_id
        )
    if assignment.status == Assignment.RECUSED:
        audit.refuse(
            selection_round, user, "查看案例", "您已回避该案例，不能查看或评分", case=case_id
        )
    return assignment


def _context(assignment):
    return {
        "case": assignment.case_id,
        "case_title": assignment.case.title,
        "expert": assignment.expert_id,
        "expert_name": assignment.expert.name,
    }


def _own(assignment, user, attempt):
    if expert_of(user) is None or expert_of(user).pk != assignment.expert_id:
        audit.refuse(
            assignment.round, user, attempt, "只能处理分配给本人的评审任务", **_context(assignment)
        )


def confirm_no_conflict(assignment, user):
    _own(assignment, user, "确认无利益冲突")
    if assignment.status == Assignment.RECUSED:
        audit.refuse(
            assignment.round, user, "确认无利益冲突", "您已回避该案例", **_context(assignment)
        )
    if assignment.status == Assignment.CONFIRMED:
        return assignment
    with transaction.atomic():
        assignment.status = Assignment.CONFIRMED
        assignment.confirmed_at = timezone.now()
        assignment.save(update_fields=["status", "confirmed_at"])
        audit.record(assignment.round, "selection.confirm", user, **_context(assignment))
    return assignment


def declare_conflict(assignment, user, detail):
    """Recuse before scoring. Once a sheet is stored the expert can no longer withdraw
    from the case themselves (an editor handles it), and nothing changes after the close."""
    _own(assignment, user, "申报利益冲突")
    if assignment.round.is_closed():
        audit.refuse(
            assignment.round,
            user,
            "申报利益冲突",
            "评分已截止，不能再申报回避",
            **_context(assignment),
        )
    detail = (detail or "").strip()
    if not detail:
        audit.refuse(
            assignment.round, user, "申报利益冲突", "请说明利益冲突的情况", **_context(assignment)
        )
    if assignment.scores.exists():
        audit.refuse(
            assignment.round,
            user,
            "申报利益冲突",
            "已评分的案例请联系市级编辑处理回避",
            **_context(assignment),
        )
    with transaction.atomic():
        assignment.status = Assignment.RECUSED
        assignment.save(update_fields=["status"])
        Recusal.objects.get_or_create(
            round=assignment.round,
            case_id=assignment.case_id,
            expert_id=assignment.expert_id,
            reason=Recusal.DECLARED,
            defaults={"detail": detail[:300], "recorded_by": user},
        )
        audit.record(
            assignment.round, "selection.recuse", user, detail=detail, **_context(assignment)
        )
    return assignment


def parse_values(criteria, raw: dict):
    """criterion id → Decimal, or a list of Chinese error messages naming the criterion."""
    values, errors = {}, []
    for criterion in criteria:
        text = str(raw.get(criterion.id, raw.get(str(criterion.id), "")) or "").strip()
        if not text:
            errors.append(f"请填写“{criterion.name}”的得分")
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors.append(f"“{criterion.name}”的得分“{text}”不是数字")
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            errors.append(
                f"“{criterion.name}”的得分应在 0 到 {plain(criterion.max_score)} 之间，收到 {text}"
            )
        elif value != value.quantize(Decimal("0.01")):
            errors.append(f"“{criterion.name}”的得分最多保留两位小数")
        else:
            values[criterion.id] = value
    return values, errors


def save_scores(assignment, user, raw_values: dict, comment="", moment=None):
    """Store a complete score sheet for one assignment (all criteria at once).

    Accepted up to and including the scoring deadline (``SelectionRound.is_scoring_open``).
    Every row records the case revision judged (the case's latest revision now); saving
    the sheet again after the case changed re-bases it on the newer revision.
    """
    selection_round = assignment.round
    context = _context(assignment)
    _own(assignment, user, "评分")
    if assignment.status == Assignment.RECUSED:
        audit.refuse(selection_round, user, "评分", "您已回避该案例，不能评分", **context)
    if assignment.status != Assignment.CONFIRMED:
        audit.refuse(selection_round, user, "评分", "请先确认与该案例无利益冲突", **context)
    if not selection_round.is_scoring_open(moment):
        audit.refuse(
            selection_round,
            user,
            "评分",
            f"评分已于 {timezone.localtime(selection_round.scoring_deadline):%Y-%m-%d %H:%M} 截止，评分已锁定",
            **context,
        )
    criteria = list(selection_round.criteria.order_by("sort_order", "id"))
    values, errors = parse_values(criteria, raw_values)
    if errors:
        audit.refuse(
            selection_round,
            user,
            "评分",
            "；".join(errors),
            submitted={str(k): str(v) for k, v in raw_values.items()},
            **context,
        )
    revision = (
        Page.objects.filter(pk=assignment.case_id)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    with transaction.atomic():
        stored = {s.criterion_id: s for s in assignment.scores.select_for_update()}
        changes = []
        rebased = False
        for criterion in criteria:
            value = values[criterion.id]
            old = stored.get(criterion.id)
            if old is None:
                Score.objects.create(
                    assignment=assignment,
                    criterion=criterion,
                    value=value,
                    case_revision_id=revision,
                )
                changes.append(f"{criterion.name} {plain(value)}")
                continue
            if old.value != value:
                changes.append(f"{criterion.name} {plain(old.value)}→{plain(value)}")
                old.value = value
            elif old.case_revision_id == revision:
                continue
            rebased = rebased or old.case_revision_id != revision
            old.case_revision_id = revision
            old.save(update_fields=["value", "case_revision", "updated_at"])
        if rebased:
            changes.append("依据案例最新版本评分")
        comment = (comment or "").strip()
        if comment != assignment.comment:
            changes.append("修改评审意见")
        if changes:
            assignment.comment = comment
            assignment.scored_at = timezone.now()
            assignment.save(update_fields=["comment", "scored_at"])
            audit.record(
                selection_round,
                "selection.score",
                user,
                changes="，".join(changes),
                values={str(c.id): str(values[c.id]) for c in criteria},
                case_revision=revision,
                **context,
            )
    return assignment
