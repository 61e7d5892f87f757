"""The campaign's figures in the Wagtail admin: 案例报送看板 and 课程报送情况 for city editors,
本机构课程培训情况 for a certification body. The paths are those the views had under the cases
and courses apps, so bookmarks keep working.

Docs: https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from library.models import CertificationBody, District, PilotRegion
from library.roles import is_city_editor, organisation_of
from reports import access, annual_report_views, evaluation_access, pilot_views, views
from reports import evaluation_views as evaluation
from reports.publicity import (
    FINAL,
    Objection,
    PublicityNotice,
    PublicityRefused,
    answer_objection,
)


class CityEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_city_editor(request.user)


class BodyUserMenuItem(MenuItem):
    def is_shown(self, request):
        return isinstance(organisation_of(request.user), CertificationBody)


@hooks.register("register_admin_urls")
def register_reports_admin_urls():
    urls = [
        path("cases/dashboard/", views.DashboardView.as_view(), name="dashboard"),
        path("cases/dashboard/export.xlsx", views.dashboard_export_view, name="dashboard_export"),
        path("courses/requirement/", views.CourseReportView.as_view(), name="course_report"),
        path("courses/my-figures/", views.BodyFiguresView.as_view(), name="body_figures"),
        path(
            "reports/pilot-statistics/",
            pilot_views.PilotStatisticsListView.as_view(),
            name="pilot_statistics",
        ),
        path(
            "reports/pilot-statistics/export.xlsx",
            pilot_views.campaign_xlsx_view,
            name="pilot_statistics_campaign_xlsx",
        ),
        path(
            "reports/pilot-statistics/<int:region_id>/<int:year>/",
            pilot_views.edit_view,
            name="pilot_statistics_edit",
        ),
        path(
            "reports/pilot-statistics/<int:region_id>/<int:year>/print/",
            pilot_views.print_view,
            name="pilot_statistics_print",
        ),
        path(
            "reports/pilot-statistics/<int:region_id>/<int:year>/annex3.xlsx",
            pilot_views.xlsx_view,
            name="pilot_statistics_xlsx",
        ),
        path("reports/pilot-report-import/", pilot_views.report_import_view, name="report_import"),
        path(
            "reports/annual-report/",
            annual_report_views.AnnualReportListView.as_view(),
            name="annual_reports",
        ),
        path(
            "reports/annual-report/<int:year>.<str:kind>",
            annual_report_views.download_view,
            name="annual_report",
        ),
        path(
            "reports/district-summaries/",
            evaluation.SummaryListView.as_view(),
            name="district_summaries",
        ),
        path(
            "reports/district-summaries/<int:district_id>/<int:year>/",
            evaluation.summary_view,
            name="district_summary",
        ),
        path(
            "reports/district-summaries/evidence/<int:evidence_id>/",
            evaluation.summary_evidence_view,
            name="district_summary_evidence",
        ),
        path(
            "reports/bodies/<int:body_id>/figures/",
            evaluation.BodyFiguresForView.as_view(),
            name="body_figures_of",
        ),
        path("reports/complaints/", evaluation.ComplaintListView.as_view(), name="complaints"),
        path(
            "reports/complaints/body/<int:body_id>/",
            evaluation.ComplaintListView.as_view(),
            name="body_complaints",
        ),
        path("reports/complaints/add/", evaluation.complaint_edit_view, name="complaint_add"),
        path(
            "reports/complaints/<int:complaint_id>/",
            evaluation.complaint_edit_view,
            name="complaint_edit",
        ),
        path(
            "reports/complaints/<int:complaint_id>/evidence/",
            evaluation.complaint_evidence_view,
            name="complaint_evidence",
        ),
    ]
    return [path("", include((urls, "reports_admin"), namespace="reports_admin"))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return CityEditorMenuItem(
        "案例报送看板", reverse("reports_admin:dashboard"), icon_name="table", order=220
    )


@hooks.register("register_admin_menu_item")
def register_course_report_menu_item():
    return CityEditorMenuItem(
        "课程报送情况", reverse("reports_admin:course_report"), icon_name="table", order=320
    )


@hooks.register("register_admin_menu_item")
def register_body_figures_menu_item():
    return BodyUserMenuItem(
        "本机构课程培训情况", reverse("reports_admin:body_figures"), icon_name="pick", order=321
    )


@hooks.register("register_admin_menu_item")
def register_annual_report_menu_item():
    return CityEditorMenuItem(
        "年度评估报告", reverse("reports_admin:annual_reports"), icon_name="doc-full", order=232
    )


class PilotStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.regions_visible(request.user, PilotRegion.objects.all()).exists()


@hooks.register("register_admin_menu_item")
def register_pilot_statistics_menu_item():
    return PilotStatisticsMenuItem(
        "区域试点统计表", reverse("reports_admin:pilot_statistics"), icon_name="table", order=230
    )


@hooks.register("register_admin_menu_item")
def register_report_import_menu_item():
    return PilotStatisticsMenuItem(
        "导入试点自评报告",
        reverse("reports_admin:report_import"),
        icon_name="doc-full-inverse",
        order=231,
    )


class DistrictSummaryMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluation_access.districts_visible(request.user, District.objects.all()).exists()


class ComplaintsMenuItem(MenuItem):
    def is_shown(self, request):
        bodies = CertificationBody.objects.all()
        return evaluation_access.bodies_with_visible_complaints(request.user, bodies).exists()


@hooks.register("register_admin_menu_item")
def register_district_summary_menu_item():
    return DistrictSummaryMenuItem(
        "提升行动评估总结",
        reverse("reports_admin:district_summaries"),
        icon_name="doc-full",
        order=229,
    )


@hooks.register("register_admin_menu_item")
def register_complaints_menu_item():
    return ComplaintsMenuItem(
        "投诉与通报批评", reverse("reports_admin:complaints"), icon_name="warning", order=233
    )


class ObjectionEditView(EditView):
    """Answering an objection records who answered and when (reports.publicity)."""

    def save_instance(self):
        objection = self.form.instance
        try:
            answer_objection(objection, self.form.cleaned_data.get("answer"), self.request.user)
        except PublicityRefused as error:
            self.form.add_error("answer", error.messages[0])
            raise
        return objection

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PublicityRefused:
            return self.form_invalid(form)


class PublicityNoticeEditView(EditView):
    def save_instance(self):
        notice = self.form.instance
        if notice.status == FINAL and notice.finalised_by_id is None:
            notice.finalised_by = self.request.user
        return super().save_instance()


class PublicityNoticeViewSet(ModelViewSet):
    model = PublicityNotice
    icon = "date"
    menu_label = "评选结果公示"
    form_fields = ["round", "title", "starts_on", "ends_on", "status"]
    list_display = ["title", "starts_on", "ends_on", "status"]
    edit_view_class = PublicityNoticeEditView
    inspect_view_enabled = True


class ObjectionViewSet(ModelViewSet):
    model = Objection
    icon = "warning"
    menu_label = "公示异议"
    form_fields = ["answer"]
    list_display = ["entry", "name", "contact", "submitted_at", "status_label"]
    list_filter = ["notice"]
    edit_view_class = ObjectionEditView
    inspect_view_enabled = True


class PublicityViewSetGroup(ViewSetGroup):
    menu_label = "公示与异议"
    menu_icon = "date"
    menu_order = 240
    items = (PublicityNoticeViewSet, ObjectionViewSet)


@hooks.register("register_admin_viewset")
def register_publicity_viewsets():
    return PublicityViewSetGroup()
