"""What an expert does with an assigned subject (a case, course, district or body): confirm
no conflict (or recuse), then score.

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


def open_subject(selection_round, subject_id, user):
    """The caller's own assignment for the subject, or a logged refusal."""
    expert = expert_of(user)
    noun = selection_round.kind.label
    assignment = (
        selection_round.assignments.filter(entry__subject_id=subject_id, expert=expert)
        .select_related("entry", "expert")
        .first()
        if expert
        else None
    )
    if assignment is None:
        audit.refuse(
            selection_round,
            user,
            f"查看{noun}",
            f"该{noun}未分配给您评审，不能查看",
            case=subject_id,
        )
    if assignment.status == Assignment.RECUSED:
        audit.refuse(
            selection_round,
            user,
            f"查看{noun}",
            f"您已回避该{noun}，不能查看或评分",
            case=subject_id,
        )
    return assignment


open_case = open_subject


def _noun(assignment):
    return assignment.round.kind.label


def _context(assignment):
    return {
        "case": assignment.entry.subject_id,
        "case_title": assignment.entry.title,
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
            assignment.round,
            user,
            "确认无利益冲突",
            f"您已回避该{_noun(assignment)}",
            **_context(assignment),
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
            f"已评分的{_noun(assignment)}请联系市级编辑处理回避",
            **_context(assignment),
        )
    with transaction.atomic():
        assignment.status = Assignment.RECUSED
        assignment.save(update_fields=["status"])
        Recusal.objects.get_or_create(
            round=assignment.round,
            entry_id=assignment.entry_id,
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
    For page kinds (cases, courses) every row records the revision judged (the page's latest
    revision now); saving the sheet again after the page changed re-bases it on the newer
    revision. Districts and bodies have no revisions.
    """
    selection_round = assignment.round
    context = _context(assignment)
    _own(assignment, user, "评分")
    noun = _noun(assignment)
    if assignment.status == Assignment.RECUSED:
        audit.refuse(selection_round, user, "评分", f"您已回避该{noun}，不能评分", **context)
    if assignment.status != Assignment.CONFIRMED:
        audit.refuse(selection_round, user, "评分", f"请先确认与该{noun}无利益冲突", **context)
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
        Page.objects.filter(pk=assignment.entry.subject_id)
        .values_list("latest_revision_id", flat=True)
        .first()
        if selection_round.kind.is_page
        else None
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
                    revision_id=revision,
                )
                changes.append(f"{criterion.name} {plain(value)}")
                continue
            if old.value != value:
                changes.append(f"{criterion.name} {plain(old.value)}→{plain(value)}")
                old.value = value
            elif old.revision_id == revision:
                continue
            rebased = rebased or old.revision_id != revision
            old.revision_id = revision
            old.save(update_fields=["value", "revision", "updated_at"])
        if rebased:
            changes.append(f"依据{noun}最新版本评分")
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
