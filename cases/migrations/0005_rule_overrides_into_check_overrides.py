"""One override mechanism: the cases app's rule exceptions (``CaseRuleOverride``) become the
review app's per-check exceptions (``review.CheckOverride``), under the name of the check
each one lifts, and appear in the page history like any other recorded exception."""

import uuid

from django.db import migrations

# CaseRuleOverride.rule -> the name of the check it lifts (cases.rules as of this migration).
CHECK_NAMES = {
    "quota": "每区推荐名额",
    "deadline": "报送截止日期",
    "ledger": "帮扶台账",
    "impartiality": "公正性",
}
OVERRIDE_ACTION = "review.override"


def forwards(apps, schema_editor):
    CaseRuleOverride = apps.get_model("cases", "CaseRuleOverride")
    CheckOverride = apps.get_model("review", "CheckOverride")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Page = apps.get_model("wagtailcore", "Page")
    for old in CaseRuleOverride.objects.order_by("created_at", "pk"):
        name = CHECK_NAMES.get(old.rule, old.rule)
        new = CheckOverride.objects.create(
            page_id=old.case_id,
            check_name=name,
            messages=[],
            reason=old.reason,
            editor_id=old.editor_id,
        )
        # auto_now_add stamped the migration's time: keep when the editor decided.
        CheckOverride.objects.filter(pk=new.pk).update(created_at=old.created_at)
        page = Page.objects.filter(pk=old.case_id).only("content_type_id", "title").first()
        if page is None:
            continue
        PageLogEntry.objects.create(
            content_type_id=page.content_type_id,
            page_id=old.case_id,
            label=page.title,
            action=OVERRIDE_ACTION,
            data={"check": name, "reason": old.reason, "messages": []},
            timestamp=old.created_at,
            user_id=old.editor_id,
            uuid=uuid.uuid4(),
        )


def backwards(apps, schema_editor):
    CaseRuleOverride = apps.get_model("cases", "CaseRuleOverride")
    CheckOverride = apps.get_model("review", "CheckOverride")
    CasePage = apps.get_model("cases", "CasePage")
    rules = {name: rule for rule, name in CHECK_NAMES.items()}
    case_ids = set(CasePage.objects.values_list("pk", flat=True))
    for override in CheckOverride.objects.filter(check_name__in=rules, page_id__in=case_ids):
        if override.messages:
            continue  # recorded on the review form, not moved here
        old = CaseRuleOverride.objects.create(
            case_id=override.page_id,
            rule=rules[override.check_name],
            reason=override.reason,
            editor_id=override.editor_id,
        )
        CaseRuleOverride.objects.filter(pk=old.pk).update(created_at=override.created_at)
        override.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_enterprise_links"),
        ("review", "0002_check_override"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="CaseRuleOverride"),
    ]
