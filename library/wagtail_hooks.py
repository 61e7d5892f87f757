"""The shared domain in the Wagtail admin, under one menu item: 行动基础数据.

Docs: https://docs.wagtail.org/en/stable/topics/snippets/customising.html
"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms import choosers
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from library.choosers import ClauseChooserViewSet, restrict_page_chooser
from library.drafts import add_drafts_panel, offer_drafts_on_create
from library.models import (
    Campaign,
    CertificationBody,
    Clause,
    District,
    Expert,
    Industry,
    Membership,
    PilotRegion,
)
from library.roles import is_city_editor
from library.rollover import OpenNextCampaignView
from library.users import ManagedUserFieldForm, refuse_bulk_action

hooks.register("before_bulk_action", refuse_bulk_action)
hooks.register("construct_page_chooser_queryset", restrict_page_chooser)
# Autosaved drafts: listed on the dashboard and offered on the create form (library.drafts).
hooks.register("construct_homepage_panels", add_drafts_panel)
hooks.register("before_create_page", offer_drafts_on_create)


# The link choosers' forms name their fields without translations (labels made from the
# field names): in Chinese here (tests/admin_i18n walks the choosers).
for form_class, labels in (
    (choosers.ExternalLinkChooserForm, {"link_text": "链接文字"}),
    (choosers.AnchorLinkChooserForm, {"link_text": "链接文字"}),
    (
        choosers.EmailLinkChooserForm,
        {
            "email_address": "电子邮箱",
            "link_text": "链接文字",
            "subject": "邮件主题",
            "body": "邮件正文",
        },
    ),
    (choosers.PhoneLinkChooserForm, {"phone_number": "电话号码", "link_text": "链接文字"}),
):
    for name, label in labels.items():
        form_class.base_fields[name].label = label


@hooks.register("insert_global_admin_js")
def datetimepicker_in_chinese():
    """The date/time picker's own English ("Save Selected") in Chinese (static/js/)."""
    return format_html('<script src="{}"></script>', static("js/admin-datetimepicker-zh.js"))


class CampaignIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if is_city_editor(self.request.user) and Campaign.objects.exists():
            buttons.append(
                HeaderButton(
                    "开启下一年度行动",
                    url=reverse("wagtailsnippets_library_campaign:next"),
                    icon_name="plus",
                )
            )
        return buttons


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    index_view_class = CampaignIndexView
    icon = "date"
    menu_label = "年度行动"
    list_display = [
        "title",
        "year",
        "submission_deadline",
        "case_min_per_district",
        "case_max_per_district",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("next/", OpenNextCampaignView.as_view(), name="next"),
        ]


class CertificationBodyViewSet(SnippetViewSet):
    model = CertificationBody
    icon = "group"
    menu_label = "认证机构"
    list_display = ["name", "approval_number", "contact_person", "contact_phone"]
    search_fields = ["name", "approval_number"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = "区"
    list_display = ["name", "code"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = "行业"
    list_display = ["name", "code"]


class PilotRegionViewSet(SnippetViewSet):
    model = PilotRegion
    icon = "pick"
    menu_label = "试点区域"
    list_display = ["name", "industry", "district_names"]


class ClauseViewSet(SnippetViewSet):
    model = Clause
    icon = "list-ol"
    menu_label = "标准条款"
    list_display = ["number", "title"]
    list_per_page = 100
    # Finds "8.4.1" by number as well as by title (library.choosers).
    chooser_viewset_class = ClauseChooserViewSet


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = "专家"
    list_display = ["name", "affiliation", "specialty"]
    search_fields = ["name"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = "机构与区用户"
    list_display = ["user", "certification_body", "district"]
    # Saving a membership adds the account to groups: only accounts within reach.
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("certification_body"), FieldPanel("district")],
        base_form_class=ManagedUserFieldForm,
    )


class ActionReferenceGroup(SnippetViewSetGroup):
    menu_label = "行动基础数据"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        CampaignViewSet,
        CertificationBodyViewSet,
        DistrictViewSet,
        IndustryViewSet,
        PilotRegionViewSet,
        ClauseViewSet,
        ExpertViewSet,
        MembershipViewSet,
    )


register_snippet(ActionReferenceGroup)
