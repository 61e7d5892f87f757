"""Admin wiring: the 优良案例评选 menu for editors, 我的评审任务 for experts, the audit actions.

Docs: https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from selection import audit
from selection.scoring import expert_of
from selection.views import experts
from selection.views.rounds import SelectionGroup


@hooks.register("register_admin_viewset")
def register_selection_viewsets():
    return SelectionGroup()


@hooks.register("register_log_actions")
def register_selection_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_urls")
def register_expert_urls():
    return [
        path("selection/my/", experts.dashboard_view, name="selection_my_tasks"),
        path(
            "selection/my/<int:round_id>/<int:case_id>/",
            experts.case_view,
            name="selection_expert_case",
        ),
    ]


class ExpertMenuItem(MenuItem):
    def is_shown(self, request):
        return expert_of(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_expert_menu_item():
    return ExpertMenuItem(
        "我的评审任务", reverse("selection_my_tasks"), icon_name="tasks", order=50
    )


class ExpertTasksPanel(Component):
    """The expert's assignments on the admin home page, so nobody has to find the menu."""

    name = "selection_expert_tasks"
    order = 40
    template_name = "selection/expert_tasks_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        assignments = list(experts.my_assignments(self.request.user)[:20])
        return {"assignments": assignments}


@hooks.register("construct_homepage_panels")
def add_expert_tasks_panel(request, panels):
    if expert_of(request.user) is not None:
        panels.append(ExpertTasksPanel(request))
