"""年度评估报告 in the admin: the campaigns with a PDF and a Word button each (city editors)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from library.campaigns import for_year
from library.models import Campaign
from library.roles import is_city_editor
from reports import annual_report
from reports.views import ReportView

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AnnualReportListView(ReportView):
    template_name = "reports/admin/annual_report_list.html"
    page_title = "年度评估报告"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = Campaign.objects.order_by("-year")
        return context


def download_view(request, year, kind):
    if not is_city_editor(request.user):
        raise PermissionDenied
    campaign = for_year(year)
    if campaign is None or kind not in ("pdf", "docx"):
        raise Http404("没有该年度的提升行动")
    stem = annual_report.file_stem(campaign)
    if kind == "pdf":
        response = HttpResponse(annual_report.render_pdf(campaign), content_type="application/pdf")
    else:
        response = HttpResponse(annual_report.render_docx(campaign), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return response
