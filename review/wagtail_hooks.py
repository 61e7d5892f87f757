"""The review in the admin: the editors' queue, the forbidden claims list, dashboard
panels. Docs: https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from library.roles import is_city_editor
from review.four_eyes import REAPPROVAL_ACTION
from review.models import ForbiddenClaim
from review.panels import panels_for
from review.publication import OVERRIDE_ACTION, REFUSED_ACTION
from review.views import ReviewQueueView, override_view


class ForbiddenClaimViewSet(SnippetViewSet):
    model = ForbiddenClaim
    icon = "warning"
    menu_label = "禁用宣传用语"
    list_display = ["phrase", "reason", "active"]
    search_fields = ["phrase"]


register_snippet(ForbiddenClaimViewSet)


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("review/queue/", ReviewQueueView.as_view(), name="review_queue"),
        path("review/override/<int:page_id>/", override_view, name="review_override"),
    ]


class OverrideLog(LogFormatter):
    label = "记录自动检查例外"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return f"记录自动检查例外：{data.get('check', '')}；理由：{data.get('reason', '')}"


class RefusedLog(LogFormatter):
    label = "定时发布被拒绝"

    def format_message(self, log_entry):
        messages = (log_entry.data or {}).get("messages", [])
        return "定时发布时自动检查未通过，已取消定时发布：" + "；".join(messages)


class ReapprovalLog(LogFormatter):
    label = "修改后重新审核"

    def format_message(self, log_entry):
        return "审核期间内容被修改，审核从第一步重新开始"


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(OVERRIDE_ACTION)(OverrideLog)
    actions.register_action(REFUSED_ACTION)(RefusedLog)
    actions.register_action(REAPPROVAL_ACTION)(ReapprovalLog)


class EditorsOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_city_editor(request.user)


class ClaimsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("review.change_forbiddenclaim")


@hooks.register("register_admin_menu_item")
def review_menu():
    menu = Menu(
        items=[
            EditorsOnlyMenuItem("审核队列", reverse("review_queue"), icon_name="tasks", order=1),
            ClaimsMenuItem(
                "禁用宣传用语",
                reverse("wagtailsnippets_review_forbiddenclaim:list"),
                icon_name="warning",
                order=2,
            ),
        ]
    )
    return SubmenuMenuItem("编辑审核", menu, icon_name="tasks", order=250)


@hooks.register("construct_homepage_panels")
def add_review_panels(request, panels):
    panels.extend(panels_for(request.user))
