"""The public case library: which cases are shown and how the filters narrow them.

Every listing loads its cases with their related rows in a fixed number of queries, so a
page of results costs the same whether the library holds ten cases or a thousand.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch

from cases.models import CaseMetric, CasePage
from cases.models.recognition import RECOGNITION_LEVELS
from library.models import Campaign, CertificationBody, District, Industry, PilotRegion
from library.tree import descendants


def public_cases():
    return (
        CasePage.objects.live()
        .public()
        .select_related(
            "district", "industry", "pilot_region", "campaign", "helping_body", "recognition"
        )
        .prefetch_related(Prefetch("metrics", queryset=CaseMetric.objects.order_by("sort_order")))
        .defer("body")  # a card shows the summary; the body (all of the case's text) stays unread
        .order_by("-campaign__year", "district__sort_order", "path")
    )


class YearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year}年"


class CaseLibraryFilter(forms.Form):
    district = forms.ModelChoiceField(
        label="区", queryset=District.objects.all(), required=False, empty_label="全部区"
    )
    industry = forms.ModelChoiceField(
        label="行业", queryset=Industry.objects.all(), required=False, empty_label="全部行业"
    )
    pilot = forms.ModelChoiceField(
        label="试点区域",
        queryset=PilotRegion.objects.all(),
        required=False,
        empty_label="全部",
    )
    year = YearChoiceField(
        label="年度",
        queryset=Campaign.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label="全部年度",
    )
    body = forms.ModelChoiceField(
        label="帮扶机构",
        queryset=CertificationBody.objects.all(),
        required=False,
        empty_label="全部机构",
    )
    recognition = forms.ChoiceField(
        label="认定",
        choices=[("", "不限"), ("any", "已获认定"), *RECOGNITION_LEVELS],
        required=False,
    )

    def __init__(self, data=None, *, area=None):
        super().__init__(data or None)
        self.area = area

    def cases(self):
        cases = public_cases()
        if self.area is not None:
            cases = descendants(cases, self.area)
        if not self.is_bound or not self.is_valid():
            return cases
        data = self.cleaned_data
        lookups = {
            "district": "district",
            "industry": "industry",
            "pilot": "pilot_region",
            "year": "campaign",
            "body": "helping_body",
        }
        for key, field in lookups.items():
            if data.get(key):
                cases = cases.filter(**{field: data[key]})
        if data.get("recognition") == "any":
            cases = cases.filter(recognition__isnull=False)
        elif data.get("recognition"):
            cases = cases.filter(recognition__level=data["recognition"])
        return cases

    def cache_key(self):
        """What decides the list: the section and the valid filters (invalid ones are
        ignored, as ``cases()`` ignores them)."""
        chosen = []
        if self.is_bound and self.is_valid():
            chosen = [
                f"{name}={getattr(value, 'pk', value)}"
                for name, value in sorted(self.cleaned_data.items())
                if value
            ]
        return ":".join(["cases", str(getattr(self.area, "pk", "")), *chosen])

    def active(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def query_string(self):
        """The filters as a query string, to keep them across pages."""
        if not self.is_bound:
            return ""
        pairs = [(key, value) for key, value in self.data.items() if key != "page" and value]
        return urlencode(pairs)
