"""The cases app in the Wagtail admin: Word import and rule exceptions, each shown only to the
users who may use it (the campaign dashboard is in ``reports``).

Docs: https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from cases import admin_views
from cases.models import CasePage, DistrictCasesPage
from library.roles import is_city_editor


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.importable_sections(request.user).exists()


@hooks.register("register_admin_urls")
def register_cases_admin_urls():
    urls = [
        path("import/", admin_views.import_case_view, name="import"),
        path("<int:page_id>/exception/", admin_views.rule_override_view, name="rule_override"),
    ]
    return [path("cases/", include((urls, "cases_admin"), namespace="cases_admin"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "从 Word 导入案例", reverse("cases_admin:import"), icon_name="doc-full-inverse", order=210
    )


@hooks.register("register_page_header_buttons")
def case_header_buttons(page, user, view_name=None, next_url=None):
    specific_class = page.specific_class
    if (
        specific_class is DistrictCasesPage
        and admin_views.importable_sections(user).filter(pk=page.pk).exists()
    ):
        yield Button(
            "从 Word 导入案例",
            reverse("cases_admin:import"),
            icon_name="doc-full-inverse",
            priority=40,
        )
    if specific_class is CasePage and is_city_editor(user):
        yield Button(
            "记录报送例外",
            reverse("review_override", args=(page.pk,)),
            icon_name="warning",
            priority=45,
        )
