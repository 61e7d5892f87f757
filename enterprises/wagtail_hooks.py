"""The enterprise register, the help ledger and the training register in the Wagtail admin,
under one menu 企业帮扶与培训, each listing scoped to the user (``enterprises.access``).

Docs: https://docs.wagtail.org/en/stable/topics/snippets/customising.html
"""

from django.urls import include, path
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from enterprises import views
from enterprises.merge import MERGE_ACTION
from enterprises.models import Enterprise, HelpLedger, MaturityLevel, TrainingSession


class ScopedViewSet(SnippetViewSet):
    index_view_class = views.ScopedIndexView
    edit_view_class = views.ScopedEditView
    delete_view_class = views.ScopedDeleteView
    copy_view_class = views.ScopedCopyView
    usage_view_class = views.ScopedUsageView
    history_view_class = views.ScopedHistoryView
    inspect_view_class = views.ScopedInspectView
    revisions_compare_view_class = views.ScopedCompareView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None  # the database, never the search index (personal data)


class EnterpriseEditView(views.ScopedEditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        button = views.merge_button(self.object, self.request.user)
        if button:
            buttons.append(button)
        return buttons


class EnterpriseViewSet(ScopedViewSet):
    model = Enterprise
    edit_view_class = EnterpriseEditView
    icon = "home"
    menu_label = "企业名录"
    list_display = ["name", "credit_code", "size_label", "district", "industry", "merged_into"]
    list_filter = ["district", "industry", "size"]
    search_fields = ["name", "credit_code"]
    inspect_view_fields = [
        "name",
        "credit_code",
        "size",
        "district",
        "industry",
        "pilot_region",
        "contact_person",
        "contact_phone",
        "contact_email",
        "merged_into",
    ]


class LedgerViewSet(ScopedViewSet):
    model = HelpLedger
    inspect_view_class = views.LedgerInspectView
    icon = "clipboard-list"
    menu_label = "帮扶台账"
    list_display = [
        "enterprise",
        Column("district", label="所在区", accessor="enterprise.district"),
        "campaign",
        "body",
        Column("stage", label="进度", accessor="stage"),
        "operation_started_on",
        "updated_at",
    ]
    list_filter = ["campaign", "body", "certification_outcome"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]


class SessionViewSet(ScopedViewSet):
    model = TrainingSession
    inspect_view_class = views.SessionInspectView
    icon = "group"
    menu_label = "培训登记"
    list_display = [
        "title",
        "held_on",
        "kind",
        "organiser_body",
        "organiser_district",
        Column("attendance", label="参训人数", accessor="attendances.count"),
    ]
    list_filter = ["campaign", "kind", "organiser_district", "organiser_body"]
    search_fields = ["title", "place"]


class MaturityLevelViewSet(SnippetViewSet):
    model = MaturityLevel
    icon = "order"
    menu_label = "成熟度等级"
    list_display = ["rank", "name", "description"]


class EnterpriseGroup(SnippetViewSetGroup):
    menu_label = "企业帮扶与培训"
    menu_icon = "clipboard-list"
    menu_order = 230
    items = (LedgerViewSet, SessionViewSet, EnterpriseViewSet, MaturityLevelViewSet)


register_snippet(EnterpriseGroup)


@hooks.register("register_admin_urls")
def register_enterprises_admin_urls():
    urls = [
        path("ledgers/<int:pk>/comment/", views.ledger_comment_view, name="ledger_comment"),
        path("sessions/<int:pk>/import/", views.session_import_view, name="session_import"),
        path("register/<int:pk>/merge/", views.merge_view, name="merge"),
    ]
    return [
        path(
            "enterprises-admin/",
            include((urls, "enterprises_admin"), namespace="enterprises_admin"),
        )
    ]


class MergeLog(LogFormatter):
    label = "合并重复企业"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return (
            f"重复记录 {data.get('duplicate_code', '')} 合并到 {data.get('keep_code', '')}；"
            f"理由：{data.get('reason', '')}"
        )


class CommentLog(LogFormatter):
    label = "区意见"

    def format_message(self, log_entry):
        return "区意见：" + (log_entry.data or {}).get("text", "")


class AttendanceImportLog(LogFormatter):
    label = "导入签到表"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return f"导入签到表：新增 {data.get('added', 0)} 人，{data.get('refused', 0)} 行未导入"


@hooks.register("register_log_actions")
def register_enterprise_log_actions(actions):
    actions.register_action(MERGE_ACTION)(MergeLog)
    actions.register_action("enterprises.comment")(CommentLog)
    actions.register_action("enterprises.attendance_import")(AttendanceImportLog)
