"""Admin views: the yearly course requirement report (city editors) and a body's own figures."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.export import report_workbook
from courses.stats import body_course_rows, recent_comments, requirement_report
from library.models import Campaign, CertificationBody
from library.roles import is_city_editor, organisation_of
from library.xlsx import xlsx_response


class RequirementReportView(WagtailAdminTemplateMixin, TemplateView):
    """Per campaign: which bodies met the course minimum, and the training figures (附件1)."""

    template_name = "courses/admin/requirement_report.html"
    page_title = "课程报送情况"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not is_city_editor(request.user):
            raise PermissionDenied
        self.campaigns = list(Campaign.objects.order_by("-year"))
        year = request.GET.get("year")
        self.campaign = (
            next((c for c in self.campaigns if str(c.year) == year), None)
            or Campaign.objects.current()
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        if self.campaign is None:
            return super().get(request, *args, **kwargs)
        report = requirement_report(self.campaign)
        if request.GET.get("format") == "xlsx":
            return xlsx_response(
                report_workbook(report), f"course-report-{self.campaign.year}.xlsx"
            )
        return self.render_to_response(self.get_context_data(report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = self.campaigns
        context["campaign"] = self.campaign
        if self.campaign:
            context["xlsx_url"] = (
                f"{reverse('courses_requirement_report')}?year={self.campaign.year}&format=xlsx"
            )
        return context


class BodyFiguresView(WagtailAdminTemplateMixin, TemplateView):
    """A body's own courses with learners, passes and satisfaction, and learners' comments."""

    template_name = "courses/admin/body_figures.html"
    page_title = "本机构课程培训情况"
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        organisation = organisation_of(request.user)
        if not isinstance(organisation, CertificationBody):
            raise PermissionDenied
        self.body = organisation
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = body_course_rows(self.body)
        context["body"] = self.body
        context["rows"] = rows
        context["comments"] = recent_comments([row.course for row in rows])
        return context
