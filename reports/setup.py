"""The reports area: 报告 under the home page (logged-in readers only), and a section per
pilot region that the groups of the region's districts may add reports to and edit; and the
public 专栏 of every campaign (``ensure_publicity_columns``), also created when an editor opens
the next campaign (``library.campaigns.campaign_opened``)."""

from django.utils.text import slugify
from wagtail.models import PageViewRestriction

from library.models import Campaign, HomePage, PilotRegion
from library.roles import CITY_EDITORS, grant_page_subtree, role_group
from reports.pages import PilotReportsSection, PublicityColumnPage, ReportsIndexPage

# City editors publish the 公示 and answer objections; nobody adds an objection in the admin.
PUBLICITY_PERMISSIONS = (
    "add_publicitynotice",
    "change_publicitynotice",
    "delete_publicitynotice",
    "view_publicitynotice",
    "change_objection",
    "view_objection",
)


def ensure_publicity_permissions():
    from django.contrib.auth.models import Permission

    editors = role_group(CITY_EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reports", codename__in=PUBLICITY_PERMISSIONS
        )
    )


def ensure_reports_area(home_page):
    ensure_publicity_permissions()
    area = ReportsIndexPage.objects.child_of(home_page).first()
    if area is None:
        area = home_page.add_child(
            instance=ReportsIndexPage(
                title="报告",
                slug="reports",
                introduction="<p>提升行动区域试点自评报告（附件2）等工作报告，仅限登录用户查看。</p>",
            )
        )
        area.save_revision().publish()
    if not PageViewRestriction.objects.filter(page=area).exists():
        PageViewRestriction.objects.create(page=area, restriction_type=PageViewRestriction.LOGIN)
    for region in PilotRegion.objects.prefetch_related("districts"):
        section = PilotReportsSection.objects.filter(region=region).first()
        if section is None:
            section = area.add_child(
                instance=PilotReportsSection(
                    title=region.name,
                    slug=slugify(region.name, allow_unicode=True) or f"pilot-{region.pk}",
                    region=region,
                )
            )
            section.save_revision().publish()
        for district in region.districts.all():
            if district.group_id:
                grant_page_subtree(district.group, section)
    return area


def ensure_publicity_column(home_page, campaign):
    """The campaign's 专栏 under the home page, published (public), made once."""
    column = PublicityColumnPage.objects.filter(campaign=campaign).first()
    if column is None:
        column = home_page.add_child(
            instance=PublicityColumnPage(
                title=f"{campaign.year}年提升行动专栏",
                slug=f"campaign-{campaign.year}",
                campaign=campaign,
                introduction=(
                    f"<p>{campaign.year}年小微企业质量管理体系认证提升行动的评选结果公示、"
                    "优良案例、提升行动优秀认证机构和表现突出的区。</p>"
                ),
            )
        )
        column.save_revision().publish()
    return column


def ensure_publicity_columns(home_page):
    """A 专栏 for every campaign; returns the current campaign's (or None)."""
    for campaign in Campaign.objects.all():
        ensure_publicity_column(home_page, campaign)
    current = Campaign.objects.current()
    return PublicityColumnPage.objects.filter(campaign=current).first() if current else None


def column_for_opened_campaign(sender, campaign, **kwargs):
    """``campaign_opened``: the new campaign gets its 专栏 at once."""
    home = HomePage.objects.first()
    if home is not None:
        ensure_publicity_column(home, campaign)
