"""Admin views of the 附件3 statistics: the list of pilot regions per campaign, the form (fill,
submit, review, send back, refill from the records), the print view and the xlsx."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library.campaigns import chosen_or_404
from library.models import Campaign, PilotRegion
from library.roles import is_city_editor
from library.xlsx import xlsx_response
from reports import access, figures
from reports.annex3 import PART_ONE, PART_TWO, layout
from reports.exports import pilot_statistics_workbook
from reports.models import PilotStatistics
from reports.pilot_statistics import PilotStatisticsForm, refill, sections, statistics_for


class PilotStatisticsListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/pilot_statistics_list.html"
    page_title = "区域试点工作统计表（附件3）"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        regions = access.regions_visible(request.user, PilotRegion.objects.all())
        if not regions.exists():
            raise PermissionDenied
        self.regions = regions.select_related("industry").prefetch_related("districts")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, campaigns = chosen_or_404(self.request)
        existing = {s.region_id: s for s in PilotStatistics.objects.filter(campaign=campaign)}
        context.update(
            campaign=campaign,
            campaigns=campaigns,
            rows=[(region, existing.get(region.pk)) for region in self.regions],
            is_editor=is_city_editor(self.request.user),
        )
        return context


def _statistics(request, region_id, year):
    region = get_object_or_404(PilotRegion, pk=region_id)
    if not access.may_view(request.user, region):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, year=year)
    return statistics_for(region, campaign)


def edit_view(request, region_id, year):
    statistics = _statistics(request, region_id, year)
    user = request.user
    editable = access.may_edit(user, statistics)
    prefill = figures.pilot_prefill(statistics.region, statistics.campaign)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    form = PilotStatisticsForm(
        request.POST if action in ("save", "submit") else None, instance=statistics
    )
    if action in ("save", "submit", "refill") and not editable:
        raise PermissionDenied
    if action == "submit" and not access.may_submit(user, statistics):
        raise PermissionDenied
    if action == "refill":
        refill(statistics, prefill)
        statistics.updated_by = user
        statistics.save()
        messages.success(request, "已按帮扶台账、培训记录和案例重新预填可计算的数值。")
        return redirect(request.path)
    if action in ("save", "submit"):
        if form.is_valid():
            statistics = form.save(commit=False)
            statistics.updated_by = user
            statistics.save()
            if action == "submit":
                statistics.submit(user)
                messages.success(request, "统计表已提交，等待市级编辑审核。")
            else:
                messages.success(request, "统计表已保存。")
            return redirect(request.path)
        messages.error(request, "统计表有需要修改的地方，请查看下方提示。")
    if action in ("review", "reopen"):
        comment = request.POST.get("review_comment", "")[:2000]
        if action == "review" and access.may_review(user, statistics):
            statistics.review(user, comment)
            messages.success(request, "统计表已审核。")
        elif action == "reopen" and access.may_reopen(user, statistics):
            statistics.reopen(user, comment)
            messages.success(request, "统计表已退回各区修改。")
        else:
            raise PermissionDenied
        return redirect(request.path)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    year = statistics.campaign.year
    return render(
        request,
        "reports/admin/pilot_statistics_form.html",
        {
            "page_title": f"{statistics.region.name} · {year}年区域试点工作统计表",
            "header_icon": "table",
            "statistics": statistics,
            "form": form,
            "sections": sections(form, prefill),
            "editable": editable,
            "may_submit": access.may_submit(user, statistics),
            "may_review": access.may_review(user, statistics),
            "may_reopen": access.may_reopen(user, statistics),
            "print_url": reverse("reports_admin:pilot_statistics_print", args=[region_id, year]),
            "xlsx_url": reverse("reports_admin:pilot_statistics_xlsx", args=[region_id, year]),
            "list_url": reverse("reports_admin:pilot_statistics") + f"?year={year}",
        },
    )


def print_view(request, region_id, year):
    statistics = _statistics(request, region_id, year)
    parts = []
    for part in (PART_ONE, PART_TWO):
        header, body, height, _ = layout(part, statistics.value)
        rows = [[cell for cell in body if cell.row == index] for index in range(height)]
        for row in rows:
            row.sort(key=lambda cell: cell.col)
        parts.append({"header": header, "rows": rows})
    return render(
        request,
        "reports/pilot_statistics_print.html",
        {"statistics": statistics, "parts": parts, "printed_on": timezone.localdate()},
    )


def xlsx_view(request, region_id, year):
    statistics = _statistics(request, region_id, year)
    content = pilot_statistics_workbook([statistics])
    return xlsx_response(content, f"{year}年{statistics.region.name}区域试点工作统计表.xlsx")


def campaign_xlsx_view(request):
    """Every pilot region's table of a campaign (city editors)."""
    if not is_city_editor(request.user):
        raise PermissionDenied
    campaign, _ = chosen_or_404(request)
    tables = [statistics_for(region, campaign) for region in PilotRegion.objects.all()]
    content = pilot_statistics_workbook(tables)
    return xlsx_response(content, f"{campaign.year}年区域试点工作统计表（附件3）.xlsx")


# 附件2: importing a self-assessment report from Word ---------------------------------------


def importable_report_sections(user):
    from reports.pages import PilotReportsSection

    sections = PilotReportsSection.objects.select_related("region").order_by("path")
    regions = access.regions_visible(user, PilotRegion.objects.all())
    return sections.filter(region__in=regions)


class ReportImportForm(forms.Form):
    section = forms.ModelChoiceField(label="试点区域", queryset=None, empty_label=None)
    campaign = forms.ModelChoiceField(label="所属年度", queryset=Campaign.objects.order_by("-year"))
    document = forms.FileField(label="Word 文档（.docx）")

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        current = Campaign.objects.current()
        if current:
            self.fields["campaign"].initial = current.pk


def report_import_view(request):
    from library.docx_outline import DocxImportError
    from reports.docx_import import import_report

    sections = importable_report_sections(request.user)
    if not sections.exists():
        raise PermissionDenied
    form = ReportImportForm(request.POST or None, request.FILES or None, sections=sections)
    context = {"page_title": "从 Word 导入区域试点自评报告", "header_icon": "doc-full-inverse"}
    if request.method == "POST" and form.is_valid():
        section = form.cleaned_data["section"]
        if not section.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            page, unmapped = import_report(
                form.cleaned_data["document"], section, request.user, form.cleaned_data["campaign"]
            )
        except DocxImportError as error:
            form.add_error("document", str(error))
        else:
            messages.success(request, f"已从 Word 创建自评报告草稿“{page.title}”。")
            context.update(page=page, unmapped=unmapped)
            return render(request, "reports/admin/report_import_form.html", context)
    context["form"] = form
    return render(request, "reports/admin/report_import_form.html", context)
