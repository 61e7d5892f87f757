"""Admin views of the campaign's figures: the city editors' 案例报送看板 and 课程报送情况
(each with its xlsx export), and a certification body's own 本机构课程培训情况."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library import params
from library.campaigns import chosen as chosen_campaign
from library.campaigns import chosen_or_404
from library.models import CertificationBody
from library.roles import is_city_editor, organisation_of
from library.xlsx import xlsx_response
from reports import charts as dashboard_charts
from reports import figures as campaign_figures
from reports.exports import course_report_workbook, dashboard_workbook


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"

    def may_see(self, user):
        return is_city_editor(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class DashboardView(ReportView):
    """Per campaign: districts' cases and bodies' courses against the notices' numbers, the
    pilot statistics (附件3) and the satisfaction questionnaire."""

    template_name = "reports/admin/dashboard.html"
    page_title = "案例与课程报送看板"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, campaigns = chosen_or_404(self.request)
        dashboard = campaign_figures.build(campaign)
        context.update(
            campaign=campaign,
            campaigns=campaigns,
            dashboard=dashboard,
            charts=dashboard_charts.build(dashboard),
            export_url=reverse("reports_admin:dashboard_export") + f"?year={campaign.year}",
        )
        return context


def dashboard_export_view(request):
    if not is_city_editor(request.user):
        raise PermissionDenied
    campaign, _ = chosen_or_404(request)
    content = dashboard_workbook(campaign_figures.build(campaign))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"{campaign.year}年案例报送统计-{stamp}.xlsx")


class CourseReportView(ReportView):
    """Per campaign: which bodies met the course minimum, and the training figures (附件1)."""

    template_name = "reports/admin/course_report.html"
    page_title = "课程报送情况"

    def get(self, request, *args, **kwargs):
        self.campaign, self.campaigns = chosen_campaign(request)
        if self.campaign is None:
            return super().get(request, *args, **kwargs)
        report = campaign_figures.build(self.campaign)
        if params.choice(request.GET, "format", ["html", "xlsx"], default="html") == "xlsx":
            return xlsx_response(
                course_report_workbook(report), f"course-report-{self.campaign.year}.xlsx"
            )
        return self.render_to_response(self.get_context_data(report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = self.campaigns
        context["campaign"] = self.campaign
        if self.campaign:
            context["xlsx_url"] = (
                f"{reverse('reports_admin:course_report')}?year={self.campaign.year}&format=xlsx"
            )
        return context


class BodyFiguresView(ReportView):
    """A body's own courses with learners, passes and satisfaction, and learners' comments."""

    template_name = "reports/admin/body_figures.html"
    page_title = "本机构课程培训情况"
    header_icon = "pick"

    def may_see(self, user):
        return isinstance(organisation_of(user), CertificationBody)

    def organisation(self):
        return organisation_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.organisation()
        rows = campaign_figures.body_course_rows(body)
        context["body"] = body
        context["rows"] = rows
        context["comments"] = campaign_figures.recent_comments([row.course for row in rows])
        return context
