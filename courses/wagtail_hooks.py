"""The courses app in the Wagtail admin: the requirement report for city editors and each
body's own training figures.

Docs: https://docs.wagtail.org/en/stable/reference/hooks.html#register-admin-urls
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.admin_views import BodyFiguresView, RequirementReportView
from library.models import CertificationBody
from library.roles import is_city_editor, organisation_of


class CityEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_city_editor(request.user)


class BodyUserMenuItem(MenuItem):
    def is_shown(self, request):
        return isinstance(organisation_of(request.user), CertificationBody)


@hooks.register("register_admin_urls")
def course_admin_urls():
    return [
        path(
            "courses/requirement/",
            RequirementReportView.as_view(),
            name="courses_requirement_report",
        ),
        path("courses/my-figures/", BodyFiguresView.as_view(), name="courses_body_figures"),
    ]


@hooks.register("register_admin_menu_item")
def requirement_report_menu_item():
    return CityEditorMenuItem(
        "课程报送情况", reverse("courses_requirement_report"), icon_name="table", order=320
    )


@hooks.register("register_admin_menu_item")
def body_figures_menu_item():
    return BodyUserMenuItem(
        "本机构课程培训情况", reverse("courses_body_figures"), icon_name="pick", order=321
    )
