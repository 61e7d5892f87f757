"""The 附件3 table of one pilot region in one campaign: created prefilled, edited through one
form whose fields follow the notice's columns, and shown with how each prefilled value was
derived (``reports.figures.pilot_prefill``)."""

from django import forms
from django.db import transaction

from reports import figures
from reports.annex3 import AFTER, BEFORE, COLUMNS, PART_ONE, PART_TWO, field_names
from reports.models import PilotStatistics


def statistics_for(region, campaign):
    """The region's table for ``campaign``, created with the prefilled values the first time."""
    with transaction.atomic():
        statistics, created = PilotStatistics.objects.select_for_update().get_or_create(
            region=region, campaign=campaign
        )
        if created:
            refill(statistics)
            statistics.save()
    return statistics


def refill(statistics, prefill=None):
    """Write the derivable values into ``statistics`` (not saved); returns the derivations."""
    prefill = prefill or figures.pilot_prefill(statistics.region, statistics.campaign)
    for name, derived in prefill.items():
        setattr(statistics, name, derived.value)
    return prefill


class PilotStatisticsForm(forms.ModelForm):
    class Meta:
        model = PilotStatistics
        fields = [*field_names(), "output_unit", "export_unit", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField | forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "decimal")
            if isinstance(field, forms.IntegerField):
                field.min_value = 0

    def clean(self):
        data = super().clean()
        for low, high in (
            ("helped", "participating"),
            ("trained", "participating"),
            ("participating", "sme_total"),
            ("pain_points_solved", "pain_points_found"),
        ):
            if data.get(low) is not None and data.get(high) is not None:
                if data[low] > data[high]:
                    self.add_error(
                        low, f"不应大于“{self.fields[high].label}”（{data[high]}），请核对"
                    )
        return data


def sections(form, prefill):
    """The form's fields grouped as the notice's two parts and columns, each field with the
    derivation of its prefilled value (or None)."""
    result = []
    for title, part in (("第一部分", PART_ONE), ("第二部分", PART_TWO)):
        columns = []
        for column in part:
            rows = []
            if column.alias_of:
                columns.append({"header": column.header, "alias_of": column.alias_of, "rows": []})
                continue
            if column.kind == "paired":
                for label, (before, after) in column.fields:
                    rows.append(
                        {
                            "label": label,
                            "fields": [
                                (BEFORE, form[before], prefill.get(before)),
                                (AFTER, form[after], prefill.get(after)),
                            ],
                        }
                    )
            else:
                for label, name in column.fields:
                    rows.append({"label": label, "fields": [("", form[name], prefill.get(name))]})
            unit = None
            if column.fields and column.kind == "paired":
                first = column.fields[0][1][0]
                unit = {"output_value_before": "output_unit", "export_value_before": "export_unit"}
                unit = form[unit[first]] if first in unit else None
            columns.append({"header": column.header, "rows": rows, "unit": unit})
        result.append({"title": title, "columns": columns})
    return result


def all_headers():
    return [column.header for column in COLUMNS]
