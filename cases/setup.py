"""The cases area under the home page and one section per district."""

from cases.models import CaseIndexPage, DistrictCasesPage
from library.models import District
from library.sections import ensure_area, ensure_section


def ensure_cases_area(home_page):
    area = ensure_area(
        home_page,
        CaseIndexPage,
        home_field="cases_page",
        title="案例",
        slug="cases",
        introduction="<p>各区推荐的小微企业质量管理优良实践案例：问题怎么诊断、帮扶怎么做、成效用数据说话。</p>",
    )
    for district in District.objects.all():
        ensure_section(area, DistrictCasesPage, district, organisation_field="district")
    return area
