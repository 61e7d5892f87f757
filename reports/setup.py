"""The reports area: 报告 under the home page (logged-in readers only), and a section per
pilot region that the groups of the region's districts may add reports to and edit."""

from django.utils.text import slugify
from wagtail.models import PageViewRestriction

from library.models import PilotRegion
from library.roles import CITY_EDITORS, grant_page_subtree, role_group
from reports.pages import PilotReportsSection, ReportsIndexPage

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
