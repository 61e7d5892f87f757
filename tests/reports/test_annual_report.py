"""The city's 评估报告: ``campaign_report --year`` and the admin's buttons write a Chinese PDF
with a table of contents and a .docx with the same content: the campaign's figures per
district, the pilot regions' 附件3 tables and the selected cases with their metrics."""

from io import BytesIO

import docx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from library.models import PilotRegion
from reports.models import PilotStatistics
from tests.factories import PASSWORD, district, district_user
from tests.reports.publicity_factories import decided_round, notice_for
from tests.selection.factories import campaign

pytestmark = pytest.mark.django_db


def squeeze(text):
    return text.replace(" ", "").replace("\n", "")


@pytest.fixture
def report_data(site_tree, editor):
    selection_round, first, second, other = decided_round(editor)
    notice_for(selection_round)
    PilotStatistics.objects.create(
        region=PilotRegion.objects.get(name="电动自行车试点"),
        campaign=campaign(2024),
        sme_total=3261,
        participating=87,
    )
    return first, second, other


def test_command_writes_pdf_and_docx(report_data, tmp_path):
    first, second, other = report_data
    call_command("campaign_report", "--year", "2024", "--output", str(tmp_path), "--no-progress")

    reader = PdfReader(tmp_path / "2024-evaluation-report.pdf")
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    text = "".join(pages)
    assert "天津市2024年小微企业质量管理体系认证提升行动评估报告" in pages[0]
    # The contents page lists every section with the page it starts on.
    assert "目录" in pages[1]
    for heading in ("一、总体情况", "二、企业满意度与提升成效", "三、区域试点工作统计（附件3）"):
        assert heading in pages[1]
    assert "四、优良案例评选结果" in pages[1] and first.title in pages[1]
    # Figures per district, the pilot table, the selected cases and a metric.
    assert "北辰区" in text and "各区案例报送情况" in text
    assert "区域小微企业总数" in text and "3,261" in text
    assert "电动自行车试点" in text
    assert first.title in text and second.title in text and other.title not in text
    assert "推荐至市场监管总局" in text and "公示中" in text
    assert "91.5%" in text and "98.2%" in text

    document = docx.Document(tmp_path / "2024-evaluation-report.docx")
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert paragraphs[0] == "天津市2024年小微企业质量管理体系认证提升行动评估报告"
    assert "目录" in headings and "四、优良案例评选结果" in headings and first.title in headings
    assert document.element.body.xml.count("TOC \\o") == 1
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"3,261", "91.5%", "98.2%", "北辰区", second.title} <= cells
    assert other.title not in cells


def test_admin_buttons_for_city_editors_only(report_data, editor):
    client = Client()
    client.force_login(editor)
    listing = client.get(reverse("reports_admin:annual_reports"))
    assert listing.status_code == 200
    pdf_url = reverse("reports_admin:annual_report", args=[2024, "pdf"])
    docx_url = reverse("reports_admin:annual_report", args=[2024, "docx"])
    assert pdf_url in listing.content.decode() and docx_url in listing.content.decode()
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert report_data[0].title in squeeze(PdfReader(BytesIO(pdf.content)).pages[1].extract_text())
    word = client.get(docx_url)
    assert word.status_code == 200
    assert any(p.text == "目录" for p in docx.Document(BytesIO(word.content)).paragraphs)
    assert client.get(reverse("reports_admin:annual_report", args=[2024, "txt"])).status_code == 404

    outsider = Client()
    outsider.login(username=district_user(district("北辰区")).username, password=PASSWORD)
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    for url in (pdf_url, docx_url, reverse("reports_admin:annual_reports")):
        refused = outsider.get(url)
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")
