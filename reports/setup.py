"""The reports area: 报告 under the home page (logged-in readers only), and a section per
pilot region that the groups of the region's districts may add reports to and edit."""

from django.utils.text import slugify
from wagtail.models import PageViewRestriction

from library.models import PilotRegion
from library.roles import grant_page_subtree
from reports.pages import PilotReportsSection, ReportsIndexPage


def ensure_reports_area(home_page):
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
