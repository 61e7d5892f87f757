"""附件2 self-assessment reports: a Word report written to the outline becomes a draft report
page under its pilot region, every section in place, through the editors' review; the case
import and this one read headings with one reader (library.docx_outline)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from library.models import PilotRegion
from reports.models import PilotReportPage
from reports.outline import REPORT_OUTLINE
from tests.cases.factories import open_campaign
from tests.factories import PASSWORD, district, district_user

pytestmark = pytest.mark.django_db


def png():
    buffer = BytesIO()
    PILImage.new("RGB", (60, 40), (30, 120, 200)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def report_docx():
    """A report as a pilot district writes it: styled and unstyled numbered headings, a
    picture with its caption, a table and a heading outside the outline."""
    import docx

    document = docx.Document()
    document.add_heading("武清区电动自行车产业区域试点自评报告", level=0)
    document.add_heading("一、背景需求", level=1)
    document.add_paragraph("武清区是全市电动自行车产业集聚区。")
    document.add_paragraph("（一）试点区域产业基本情况")  # no heading style
    document.add_paragraph("区内整车及零部件小微企业 326 家，年产值约 41 亿元。")
    document.add_picture(png())
    document.add_paragraph("图1 试点企业分布")
    document.add_heading("（二）区域产业质量提升主要需求分析", level=2)
    document.add_paragraph("企业普遍缺少进货检验和过程检验制度。")
    document.add_heading("（三）区域产业共性质量“痛点”梳理", level=2)
    document.add_paragraph("共梳理出车架焊接一致性等 6 个共性痛点。")
    document.add_heading("二、工作举措", level=1)
    document.add_paragraph("1. 区政府主要领导部署，成立工作专班。")
    document.add_paragraph("2. 组织 4 家认证机构开展一企一策帮扶。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(1, 0).text = "数值"
    document.add_heading("三、试点成效", level=1)
    document.add_paragraph("试点企业产品合格率由 91.2% 提升到 97.6%。")
    document.add_heading("四、经验模式", level=1)
    document.add_heading("（一）工作亮点", level=2)
    document.add_paragraph("“链主+配套”联合帮扶。")
    document.add_heading("（二）帮扶模式", level=2)
    document.add_paragraph("专家驻企诊断、认证机构跟踪。")
    document.add_heading("（三）典型经验", level=2)
    document.add_paragraph("形成《电动自行车小微企业质量管理帮扶工作指南》。")
    document.add_heading("五、存在问题", level=1)
    document.add_paragraph("部分企业数字化基础薄弱。")
    document.add_heading("六、下一步工作计划及建议", level=1)
    document.add_paragraph("扩大试点范围至零部件企业。")
    document.add_heading("七、联系人", level=1)
    document.add_paragraph("王科长 022-00000000")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_report_becomes_a_draft_with_every_outline_section(client, site_tree):
    campaign = open_campaign()
    ebike = PilotRegion.objects.get(name="电动自行车试点")
    url = reverse("reports_admin:report_import")
    upload = {
        "section": ebike.reports_section.pk,
        "campaign": campaign.pk,
        "document": SimpleUploadedFile("自评报告.docx", report_docx()),
    }

    outsider = district_user(district("和平区"))
    client.login(username=outsider.username, password=PASSWORD)
    response = client.post(url, upload)
    assert response.status_code in (302, 403)
    assert not PilotReportPage.objects.exists()

    member = district_user(district("武清区"))
    client.login(username=member.username, password=PASSWORD)
    upload["document"].seek(0)
    response = client.post(url, upload)
    assert response.status_code == 200
    page = PilotReportPage.objects.get()
    html = response.content.decode()
    assert page.title == "武清区电动自行车产业区域试点自评报告"
    assert (page.live, page.campaign, page.region) == (False, campaign, ebike)
    sections = {block.value["kind"]: block.value["content"] for block in page.body}
    # Every part of the outline; 四、经验模式 has no text of its own, only its three parts.
    assert set(sections) == {key for key, _, _ in REPORT_OUTLINE} - {"experience"}
    assert "集聚区" in sections["background"][0].value.source
    industry = sections["background_industry"]
    assert [block.block_type for block in industry] == ["paragraph", "image"]
    assert industry[1].value["caption"] == "图1 试点企业分布"
    assert [b.value.source for b in sections["measures"]] == [
        "<p>1. 区政府主要领导部署，成立工作专班。</p>",
        "<p>2. 组织 4 家认证机构开展一企一策帮扶。</p>",
    ]
    assert "痛点" in sections["background_pain_points"][0].value.source
    assert "工作指南" in sections["typical_experience"][0].value.source
    assert "扩大试点" in sections["next_steps"][0].value.source
    assert "第1个表格未导入" in html
    assert "标题“七、联系人”不属于自评报告参考提纲的章节" in html
    assert page.missing_sections() == []

    # The editors' review applies to the reports area like the other areas.
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "市级编辑审核"
    assert page.permissions_for_user(member).can_edit()
    assert not page.permissions_for_user(outsider).can_edit()
