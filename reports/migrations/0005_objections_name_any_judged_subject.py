"""Objections name the judged subject's selection entry (a case, a course, a district or a
body) instead of a case, so the 公示 of every kind of round takes objections. Existing
objections keep their case through the round's entry for it."""

import django.db.models.deletion
from django.db import migrations, models


def carry_over(apps, schema_editor):
    Objection = apps.get_model("reports", "Objection")
    SelectionEntry = apps.get_model("selection", "SelectionEntry")
    for objection in Objection.objects.select_related("notice"):
        entry, _ = SelectionEntry.objects.get_or_create(
            round_id=objection.notice.round_id, case_id=objection.case_id
        )
        objection.entry = entry
        objection.save(update_fields=["entry"])


def carry_back(apps, schema_editor):
    Objection = apps.get_model("reports", "Objection")
    for objection in Objection.objects.select_related("entry"):
        if objection.entry.case_id is None:
            raise RuntimeError("异议针对的不是案例，无法回退到只支持案例的版本")
        objection.case_id = objection.entry.case_id
        objection.save(update_fields=["case"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_case_section_tables"),
        ("reports", "0004_district_summaries_and_body_complaints"),
        ("selection", "0005_entries_replace_case_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="entry",
            field=models.ForeignKey(
                help_text="公示的认定结果所针对的案例、课程、区或认证机构",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="selection.selectionentry",
                verbose_name="异议对象",
            ),
        ),
        migrations.AlterField(
            model_name="objection",
            name="case",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.casepage",
                verbose_name="异议案例",
            ),
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(model_name="objection", name="case"),
        migrations.AlterField(
            model_name="objection",
            name="entry",
            field=models.ForeignKey(
                help_text="公示的认定结果所针对的案例、课程、区或认证机构",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="selection.selectionentry",
                verbose_name="异议对象",
            ),
        ),
    ]
