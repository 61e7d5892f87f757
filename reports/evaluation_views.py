"""Admin views of the 附件1 evaluation material: the districts' 评估总结 (list, the form with the
figures beside each indicator, evidence uploads, submit / review / send back) and the
complaints and 通报批评 about certification bodies (editors record them, a body reads its own).
Who may do what is ``reports.evaluation_access``."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library import params
from library.campaigns import chosen as chosen_campaign
from library.campaigns import chosen_or_404
from library.models import Campaign, CertificationBody, District
from library.roles import is_city_editor
from reports import district_summary as summaries
from reports import evaluation_access as access
from reports import figures
from reports.annex1 import INDICATORS, areas
from reports.complaints import BodyComplaint, evidence_collection
from reports.district_summary import DistrictSummary, SummaryEvidence
from reports.evidence import serve, store_document
from reports.views import BodyFiguresView

MAX_TEXT = 5000


def summary_url(district, campaign):
    return reverse("reports_admin:district_summary", args=[district.pk, campaign.year])


def body_figures_url(body, campaign=None):
    url = reverse("reports_admin:body_figures_of", args=[body.pk])
    return f"{url}?year={campaign.year}" if campaign else url


def complaints_url(body, campaign=None):
    url = reverse("reports_admin:body_complaints", args=[body.pk])
    return f"{url}?year={campaign.year}" if campaign else url


# 评估总结 ----------------------------------------------------------------------------------


class SummaryListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/district_summary_list.html"
    page_title = "提升行动评估总结（附件1）"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.districts = access.districts_visible(request.user, District.objects.all())
        if not self.districts.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, campaigns = chosen_or_404(self.request)
        existing = {
            s.district_id: s
            for s in DistrictSummary.objects.filter(campaign=campaign).annotate(
                written=Count("accounts", filter=~Q(accounts__text=""))
            )
        }
        context.update(
            campaign=campaign,
            campaigns=campaigns,
            rows=[(district, existing.get(district.pk)) for district in self.districts],
            locked=campaign.is_past_deadline(),
            indicator_count=len(INDICATORS),
        )
        return context


def _indicator_sections(summary, texts, errors, district_figures):
    """[(考核内容, [(item, [row])])]: per indicator its text, evidence and figures."""
    accounts = summary.accounts_by_key()
    result = []
    for area, items in areas():
        rendered = []
        for item in items:
            rows = []
            for indicator in item.indicators:
                account = accounts.get(indicator.key)
                rows.append(
                    {
                        "indicator": indicator,
                        "name": f"account-{indicator.key}",
                        "file_name": f"evidence-{indicator.key}",
                        "text": texts.get(indicator.key, account.text if account else ""),
                        "evidence": list(account.evidence.all()) if account else [],
                        "figures": [district_figures[key] for key in indicator.figures],
                        "errors": errors.get(indicator.key, []),
                    }
                )
            rendered.append((item, rows))
        result.append((area, rendered))
    return result


def summary_view(request, district_id, year):
    district = get_object_or_404(District, pk=district_id)
    campaign = get_object_or_404(Campaign, year=year)
    user = request.user
    if not access.may_view_summary(user, district, campaign):
        raise PermissionDenied
    summary = summaries.summary_for(district, campaign)
    editable = access.may_edit_summary(user, summary)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    if request.POST.get("remove_evidence"):
        action = "remove_evidence"
    texts, errors = {}, {}
    if action in ("save", "submit", "remove_evidence") and not editable:
        raise PermissionDenied
    if action == "submit" and not access.may_submit_summary(user, summary):
        raise PermissionDenied
    if action == "remove_evidence":
        evidence = get_object_or_404(
            SummaryEvidence,
            pk=params.model_id(request.POST, "remove_evidence", label="证明材料"),
            account__summary=summary,
        )
        title = evidence.document.title
        evidence.document.delete()  # uploaded here for this indicator only; the row goes with it
        messages.success(request, f"已移除证明材料“{title}”。")
        return redirect(request.path)
    if action in ("save", "submit"):
        texts = {
            key: request.POST.get(f"account-{key}", "").strip()[:MAX_TEXT] for key in INDICATORS
        }
        uploads = {key: request.FILES.get(f"evidence-{key}") for key in INDICATORS}
        collection = district.collection
        for key, upload in uploads.items():
            if upload is None:
                continue
            if collection is None:
                errors[key] = ["本区尚未建立媒体文件夹，请联系系统管理员"]
                continue
            document, problems = store_document(upload, collection, user)
            if problems:
                errors[key] = problems
            else:
                summaries.add_evidence(summary, key, document, user)
        summary.overview = request.POST.get("overview", "").strip()[:MAX_TEXT]
        summaries.save_accounts(summary, texts, user)
        if errors:
            messages.error(request, "文字已保存，但有证明材料未能上传，请查看下方提示。")
        elif action == "submit":
            summaries.submit(summary, user)
            messages.success(request, "评估总结已提交，等待市级编辑审核。")
            return redirect(request.path)
        else:
            messages.success(request, "评估总结已保存。")
            return redirect(request.path)
    if action in ("review", "reopen"):
        comment = request.POST.get("review_comment", "")[:2000]
        if action == "review" and access.may_review_summary(user, summary):
            summary.review(user, comment)
            messages.success(request, "评估总结已审核。")
        elif action == "reopen" and access.may_reopen_summary(user, summary):
            summaries.reopen(summary, user, comment)
            messages.success(request, "评估总结已退回本区修改。")
        else:
            raise PermissionDenied
        return redirect(request.path)
    return render(
        request,
        "reports/admin/district_summary_form.html",
        {
            "page_title": f"{district.name} · {campaign.year}年提升行动评估总结",
            "header_icon": "doc-full",
            "summary": summary,
            "campaign": campaign,
            "overview": request.POST.get("overview", summary.overview)
            if action
            else summary.overview,
            "areas": _indicator_sections(
                summary, texts, errors, figures.district_figures(district, campaign)
            ),
            "editable": editable,
            "locked": access.is_locked(summary),
            "may_submit": access.may_submit_summary(user, summary),
            "may_review": access.may_review_summary(user, summary),
            "may_reopen": access.may_reopen_summary(user, summary),
            "list_url": reverse("reports_admin:district_summaries") + f"?year={campaign.year}",
        },
    )


def summary_evidence_view(request, evidence_id):
    """An evidence file, for whoever may read the summary (the editors, the district, the
    experts judging it). Through Wagtail's own document URL ``ops.documents.may_read`` decides:
    the district's group and the editors, as for any file of the district's collection."""
    evidence = get_object_or_404(
        SummaryEvidence.objects.select_related(
            "document", "account__summary__district", "account__summary__campaign"
        ),
        pk=evidence_id,
    )
    summary = evidence.account.summary
    if not access.may_view_summary(request.user, summary.district, summary.campaign):
        raise PermissionDenied
    return serve(evidence.document)


# A body's figures, for the editors and the experts judging it ------------------------------


class BodyFiguresForView(BodyFiguresView):
    """One body's courses and training (what the body sees of itself), for the city editors,
    the body and the experts assigned to judge it in the chosen campaign."""

    def dispatch(self, request, *args, **kwargs):
        self.body = get_object_or_404(CertificationBody, pk=kwargs["body_id"])
        return super().dispatch(request, *args, **kwargs)

    def may_see(self, user):
        campaign, _ = chosen_campaign(self.request, required=False)
        return (
            is_city_editor(user)
            or access.own_body(user, self.body)
            or (campaign is not None and access.assigned_expert(user, "body", self.body, campaign))
        )

    def get_page_title(self):
        return f"{self.body.name} · 课程培训情况"

    def organisation(self):
        return self.body


# Complaints and 通报批评 ----------------------------------------------------------------------


class ComplaintForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label="证明材料",
        required=False,
        help_text="PDF、Word、Excel 等文件，仅市级编辑和该机构可见",
    )

    class Meta:
        model = BodyComplaint
        fields = ["body", "campaign", "kind", "date", "summary"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["campaign"].queryset = Campaign.objects.order_by("-year")
        self.fields["date"].initial = datetime.date.today

    def clean(self):
        data = super().clean()
        upload = data.get("evidence_file")
        if upload and not self.errors:  # stored only with an otherwise valid record
            document, problems = store_document(upload, evidence_collection(), self.user)
            if problems:
                self.add_error("evidence_file", problems)
            else:
                self.instance.evidence = document
        return data


class ComplaintListView(WagtailAdminTemplateMixin, TemplateView):
    """Editors: every body's records (filter by body); a body: its own, read-only."""

    template_name = "reports/admin/body_complaints.html"
    page_title = "认证机构投诉与通报批评"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.body = None
        if "body_id" in kwargs:
            self.body = get_object_or_404(CertificationBody, pk=kwargs["body_id"])
        bodies = access.bodies_with_visible_complaints(
            request.user, CertificationBody.objects.all()
        )
        if self.body is not None:
            campaign, _ = chosen_campaign(request, required=False)
            if not access.may_view_complaints(request.user, self.body, campaign):
                raise PermissionDenied
        elif not bodies.exists():
            raise PermissionDenied
        elif not is_city_editor(request.user):
            self.body = bodies.first()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_page_subtitle(self):
        return self.body.name if self.body else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = BodyComplaint.objects.select_related("body", "campaign", "evidence")
        if self.body is not None:
            records = records.filter(body=self.body)
        year = params.year(self.request.GET)
        if year is not None:
            records = records.filter(campaign__year=year)
        context.update(
            records=records,
            body=self.body,
            may_record=access.may_record_complaints(self.request.user),
        )
        return context


def complaint_edit_view(request, complaint_id=None):
    if not access.may_record_complaints(request.user):
        raise PermissionDenied
    complaint = get_object_or_404(BodyComplaint, pk=complaint_id) if complaint_id else None
    instance = complaint or BodyComplaint(recorded_by=request.user)
    initial = {}
    if complaint is None:
        body_id = params.model_id(request.GET, "body", required=False, label="认证机构")
        if body_id is not None:
            initial["body"] = body_id
        current = Campaign.objects.current()
        if current:
            initial["campaign"] = current.pk
    form = ComplaintForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial=initial,
        user=request.user,
    )
    if request.method == "POST":
        if request.POST.get("action") == "delete" and complaint is not None:
            complaint.delete()
            if complaint.evidence is not None:
                complaint.evidence.delete()
            messages.success(request, "记录已删除。")
            return redirect("reports_admin:complaints")
        previous = complaint.evidence if complaint else None
        if form.is_valid():
            saved = form.save()
            if previous is not None and saved.evidence_id != previous.pk:
                previous.delete()  # replaced by the new upload
            messages.success(request, f"已保存：{saved}")
            return redirect("reports_admin:complaints")
        messages.error(request, "记录有需要修改的地方，请查看下方提示。")
    title = "修改投诉与通报批评记录" if complaint else "记录投诉或通报批评"
    return render(
        request,
        "reports/admin/body_complaint_form.html",
        {
            "page_title": title,
            "header_icon": "warning",
            "form": form,
            "complaint": complaint,
        },
    )


def complaint_evidence_view(request, complaint_id):
    complaint = get_object_or_404(BodyComplaint.objects.select_related("evidence"), pk=complaint_id)
    if complaint.evidence is None:
        raise Http404("该记录没有证明材料")
    if not access.may_view_complaints(request.user, complaint.body, complaint.campaign):
        raise PermissionDenied
    return serve(complaint.evidence)
