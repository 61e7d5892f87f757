"""「开启下一年度行动」: a city editor opens next year's campaign from the last one.

The form is prefilled by ``library.campaigns.next_year_initial`` (phases, deadline, quotas
shifted by a year) and editable before saving; ``library.campaigns.open_next_campaign``
saves it and sends ``campaign_opened`` so the apps copy their own per-campaign content
(the questionnaire as a draft, ``cases.signals``; each kind's selection round with its
rubric, ``selection.rollover``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library import campaigns
from library.models import Campaign
from library.roles import is_city_editor

FIELDS = [
    "year",
    "title",
    "notice_number",
    "notice_date",
    "submission_deadline",
    "case_min_per_district",
    "case_max_per_district",
    "course_min_per_body",
    "reminder_days",
    "summary",
    "notice_text",
]


class NextCampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = FIELDS
        widgets = {
            "notice_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "submission_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class PhaseForm(forms.Form):
    name = forms.CharField(label="阶段名称", max_length=40)
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="工作内容", max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期")
        return cleaned


PhaseFormSet = forms.formset_factory(PhaseForm, extra=0, can_delete=True)


class OpenNextCampaignView(WagtailAdminTemplateMixin, FormView):
    template_name = "library/admin/open_next_campaign.html"
    page_title = "开启下一年度行动"
    header_icon = "date"
    form_class = NextCampaignForm

    def dispatch(self, request, *args, **kwargs):
        if not is_city_editor(request.user):  # city editors and superusers
            raise PermissionDenied
        self.source = campaigns.latest()
        if self.source is None:
            messages.error(request, "尚无年度行动可供沿用，请先新建一个年度行动")
            return redirect("wagtailsnippets_library_campaign:list")
        self.initial_fields, self.initial_phases = campaigns.next_year_initial(self.source)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return dict(self.initial_fields)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source
        context.setdefault("phases", self.phase_formset())
        return context

    def phase_formset(self):
        if self.request.method == "POST":
            return PhaseFormSet(self.request.POST, prefix="phases")
        return PhaseFormSet(initial=self.initial_phases, prefix="phases")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        phases = self.phase_formset()
        if not (form.is_valid() and phases.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, phases=phases))
        kept = [
            {k: v for k, v in row.cleaned_data.items() if k != "DELETE"}
            for row in phases.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]
        try:
            campaign = campaigns.open_next_campaign(
                self.source, form.cleaned_data, kept, user=request.user
            )
        except IntegrityError:
            form.add_error("year", "该年度的行动已存在")
            return self.render_to_response(self.get_context_data(form=form, phases=phases))
        copied = f"，已复制{'；'.join(campaign.copied)}，请检查后发布" if campaign.copied else ""
        messages.success(request, f"已开启“{campaign.title}”{copied}")
        return redirect("wagtailsnippets_library_campaign:edit", campaign.pk)
