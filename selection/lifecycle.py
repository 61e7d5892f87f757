"""A round's life: open → closed → decided, and the stored snapshots that certify it.

- **Open** (until the scoring deadline, inclusive): experts score; everybody else, editors
  included, sees progress only (assigned / confirmed / scored), never a value or a rank.
  The deadline may move only now, to a moment still ahead, with a reason (audit log).
- **Closed** (after the deadline): the first time the round is handled afterwards the
  close is recorded (``closed_at``) and a canonical snapshot is stored. Scores,
  assignments, recusals, ranking rules and the deadline are fixed; it never reopens.
- **Decided** (a decision exists): also the title and the cap are frozen; each decision
  and each withdrawal stores a new snapshot.

Exports and the verify page certify a stored snapshot (``latest_snapshot``), never a
recomputation from live data.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from selection import audit
from selection.models import RoundSnapshot, SelectionRound

OPEN_MESSAGE = "评分截止前不公开评分和排名，只能查看评审进度"


def change_deadline(selection_round, new_deadline, reason, user):
    """Move the scoring deadline of an open round, with the reason in the audit log."""
    stored = SelectionRound.objects.get(pk=selection_round.pk)
    error = selection_round.deadline_change_error(stored, new_deadline, reason)
    if error:
        audit.refuse(
            selection_round,
            user,
            "修改评分截止时间",
            error,
            new=timezone.localtime(new_deadline).isoformat(timespec="minutes"),
        )
    selection_round.scoring_deadline = new_deadline
    selection_round._deadline_change = (reason, user)
    selection_round.save(update_fields=["scoring_deadline"])
    return selection_round


def ensure_closed(selection_round, user=None):
    """Record the close (and store its snapshot) once the deadline has passed.

    Returns True when the round is closed. Safe to call on every request: the close is
    recorded once, under a lock on the round.
    """
    if selection_round.closed_at is not None:
        return True
    if selection_round.is_scoring_open():
        return False
    with transaction.atomic():
        locked = SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
        if locked.closed_at is None:
            locked.closed_at = timezone.now()
            # update(): the close is not an edit of the round's settings.
            SelectionRound.objects.filter(pk=locked.pk).update(closed_at=locked.closed_at)
            snapshot = take_snapshot(locked, RoundSnapshot.CLOSE, user, "评分截止")
            audit.record(
                locked, "selection.close", user, sha256=snapshot.sha256, sequence=snapshot.sequence
            )
        selection_round.closed_at = locked.closed_at
    return True


def take_snapshot(selection_round, kind, user=None, note=""):
    """Store the round's canonical record now; call inside the transaction that changed it."""
    from selection.exports import canonical_json, canonical_record, digest

    sequence = (selection_round.snapshots.aggregate(n=Max("sequence"))["n"] or 0) + 1
    taken_at = timezone.now()
    record = canonical_record(selection_round)
    record["snapshot"] = {
        "sequence": sequence,
        "kind": dict(RoundSnapshot.KINDS)[kind],
        "note": note,
        "taken_at": timezone.localtime(taken_at).isoformat(timespec="seconds"),
    }
    return RoundSnapshot.objects.create(
        round=selection_round,
        sequence=sequence,
        kind=kind,
        note=note[:300],
        taken_at=taken_at,
        taken_by=user if user is not None and user.is_authenticated else None,
        canonical=canonical_json(record).decode(),
        sha256=digest(record),
    )


def latest_snapshot(selection_round):
    return selection_round.snapshots.order_by("-sequence").first()


def find_snapshot(sha256):
    """The stored snapshot with this digest (checked against its own text), or None."""
    sha256 = (sha256 or "").strip().lower()
    if len(sha256) != 64:
        return None
    for snapshot in RoundSnapshot.objects.filter(sha256=sha256).select_related("round"):
        if snapshot.matches_digest():
            return snapshot
    return None
