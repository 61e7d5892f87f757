"""Every round so far judged cases: each candidate, and each case an assignment, recusal or
decision names, becomes the round's entry, and those rows point at it. Reversible: the case
keys are filled back from the entries."""

from django.db import migrations


def forward(apps, schema_editor):
    Round = apps.get_model("selection", "SelectionRound")
    Entry = apps.get_model("selection", "SelectionEntry")
    Assignment = apps.get_model("selection", "Assignment")
    Recusal = apps.get_model("selection", "Recusal")
    Decision = apps.get_model("selection", "Decision")
    for selection_round in Round.objects.all():
        case_ids = set(selection_round.candidates.values_list("id", flat=True))
        for model in (Assignment, Recusal, Decision):
            case_ids |= set(
                model.objects.filter(round=selection_round).values_list("case_id", flat=True)
            )
        entries = {}
        for case_id in sorted(case_ids):
            entries[case_id], _ = Entry.objects.get_or_create(
                round=selection_round, case_id=case_id
            )
        for model in (Assignment, Recusal, Decision):
            for row in model.objects.filter(round=selection_round):
                row.entry = entries[row.case_id]
                row.save(update_fields=["entry"])


def backward(apps, schema_editor):
    Entry = apps.get_model("selection", "SelectionEntry")
    for model_name in ("Assignment", "Recusal", "Decision"):
        model = apps.get_model("selection", model_name)
        for row in model.objects.select_related("entry"):
            row.case_id = row.entry.case_id
            row.save(update_fields=["case"])
    for entry in Entry.objects.exclude(case=None).select_related("round"):
        entry.round.candidates.add(entry.case_id)


class Migration(migrations.Migration):
    dependencies = [("selection", "0003_selection_entries_and_subject_kind")]

    operations = [migrations.RunPython(forward, backward)]
