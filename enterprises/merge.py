"""Merging a duplicate enterprise record into the one kept (an editor's action).

Every foreign key to ``Enterprise`` (cases, learner profiles, questionnaire answers, ledgers,
attendance, whatever app adds one later) is found through the model's relations and
repointed, so this module imports none of the apps that link here. The duplicate stays,
marked ``merged_into``, and both records' histories get a ``enterprises.merge`` entry.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

MERGE_ACTION = "enterprises.merge"


def _links(model):
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many and relation.field.name != "merged_into"
    ]


def _conflicts(duplicate, keep):
    """Unique constraints the merge would break: one ledger per enterprise and campaign."""
    from enterprises.models import HelpLedger

    clash = HelpLedger.objects.filter(
        enterprise=duplicate,
        campaign__in=HelpLedger.objects.filter(enterprise=keep).values("campaign"),
    ).select_related("campaign")
    return [
        f"两条记录在{ledger.campaign.year}年都有帮扶台账，请先删除或合并其中一本台账"
        for ledger in clash
    ]


@transaction.atomic
def merge_enterprises(duplicate, keep, user=None, reason=""):
    """Repoint every link from ``duplicate`` to ``keep``; returns {label: rows moved}."""
    from enterprises.models import Attendance, Enterprise

    if duplicate.pk == keep.pk:
        raise ValidationError("不能把企业合并到它自己")
    if keep.merged_into_id:
        raise ValidationError("保留的记录本身已被合并，请选择最终保留的记录")
    problems = _conflicts(duplicate, keep)
    if problems:
        raise ValidationError(problems)
    # The same person at the same session under both records: keep one row.
    kept_people = Attendance.objects.filter(enterprise=keep).values_list(
        "session_id", "person_name"
    )
    for session_id, person in list(kept_people):
        Attendance.objects.filter(
            enterprise=duplicate, session_id=session_id, person_name=person
        ).delete()
    moved = {}
    for relation in _links(Enterprise):
        count = relation.related_model._base_manager.filter(
            **{relation.field.name: duplicate}
        ).update(**{relation.field.name: keep})
        if count:
            moved[str(relation.related_model._meta.verbose_name)] = count
    Enterprise.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    data = {
        "duplicate": duplicate.pk,
        "duplicate_code": duplicate.credit_code,
        "keep": keep.pk,
        "keep_code": keep.credit_code,
        "reason": reason,
        "moved": moved,
    }
    log(instance=duplicate, action=MERGE_ACTION, user=user, data=data)
    log(instance=keep, action=MERGE_ACTION, user=user, data=data)
    return moved
