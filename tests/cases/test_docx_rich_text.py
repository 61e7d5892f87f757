"""Word import keeps the author's writing: lists (bulleted and numbered), bold, italics,
links and tables come through as the rich text the case fields allow, and short names of
bodies and industries are matched to the registered ones and listed for the author."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cases.docx_import import import_case
from cases.models import CasePage
from library.docx_outline import rich_text_html
from library.models import Industry
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user

pytestmark = pytest.mark.django_db


def add_link(paragraph, text, url):
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run, node = OxmlElement("w:r"), OxmlElement("w:t")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def written_case(*, body="华正认证", industry="金属制品业"):
    document = docx.Document()
    document.add_heading("标准件车间的质量提升", level=0)
    info = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        info.rows,
        [("企业名称", "天津市某标准件有限公司"), ("所属行业", industry), ("帮扶认证机构", body)],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("一、企业概况与背景", level=1)
    paragraph = document.add_paragraph("企业生产")
    paragraph.add_run("高强度螺栓").bold = True
    paragraph.add_run("，以")
    paragraph.add_run("小批量").italic = True
    paragraph.add_run("订单为主。")
    document.add_heading("二、问题诊断", level=1)
    document.add_paragraph("来料检验记录不全", style="List Bullet")
    document.add_paragraph("热处理参数凭经验", style="List Bullet")
    document.add_heading("三、帮扶措施", level=1)
    document.add_paragraph("梳理工艺流程", style="List Number")
    document.add_paragraph("建立首件检验", style="List Number")
    paragraph = document.add_paragraph("依据 ")
    add_link(paragraph, "GB/T 19001", "https://openstd.samr.gov.cn/")
    steps = document.add_table(rows=3, cols=2)
    for row, values in zip(
        steps.rows,
        [("工序", "做法"), ("热处理", "记录炉温曲线"), ("包装", "按批次贴码")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = values
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("case.docx", buffer.getvalue())


@pytest.fixture
def registered(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    CertificationBodyFactory(name="中国质量认证中心")
    metal = Industry.objects.create(code="metal-products", name="金属制品")
    return body, metal


def section_blocks(case, kind):
    return [
        child
        for key, _, contents in case.sections()
        if key == kind
        for content in contents
        for child in content
    ]


def test_lists_emphasis_links_and_tables_are_kept(registered, site_tree):
    author = district_user(district("北辰区"))
    result = import_case(written_case(), district("北辰区").cases_section, author)
    case = CasePage.objects.get(pk=result.page.pk)

    (background,) = section_blocks(case, "background")
    assert background.value.source == (
        "<p>企业生产<b>高强度螺栓</b>，以<i>小批量</i>订单为主。</p>"
    )
    (diagnosis,) = section_blocks(case, "diagnosis")  # one list, not two paragraphs
    assert diagnosis.value.source == "<ul><li>来料检验记录不全</li><li>热处理参数凭经验</li></ul>"
    steps, link, table = section_blocks(case, "measures")
    assert steps.value.source == "<ol><li>梳理工艺流程</li><li>建立首件检验</li></ol>"
    assert link.value.source == '<p>依据 <a href="https://openstd.samr.gov.cn/">GB/T 19001</a></p>'
    assert table.block_type == "table"
    assert table.value["data"] == [
        ["工序", "做法"],
        ["热处理", "记录炉温曲线"],
        ["包装", "按批次贴码"],
    ]
    assert not any("表格" in item for item in result.unmapped)


def test_only_the_features_the_field_allows_are_kept():
    html = (
        '<h2>小标题</h2><p><strong>粗</strong><em>斜</em><u>下划线</u><img src="x.png">'
        '<a href="javascript:alert(1)">坏链接</a><sup>2</sup></p>'
    )
    assert rich_text_html(html) == "<p>小标题</p><p><b>粗</b><i>斜</i>下划线坏链接2</p>"
    assert rich_text_html("<ol><li><strong>一</strong></li></ol>", ["bold"]) == "<b>一</b>"


def test_short_names_are_matched_and_listed_for_the_author(registered, site_tree):
    body, metal = registered
    author = district_user(district("北辰区"))
    result = import_case(written_case(), district("北辰区").cases_section, author)

    assert (result.page.helping_body, result.page.industry) == (body, metal)
    assert result.loose_matches == [
        "所属行业“金属制品业”已对应为“金属制品”，请核对",
        "帮扶认证机构“华正认证”已对应为“天津华正认证有限公司”，请核对",
    ]
    assert not any("华正" in item or "金属" in item for item in result.unmapped)


def test_exact_names_are_not_listed_and_ambiguous_ones_are_not_guessed(registered, site_tree):
    CertificationBodyFactory(name="天津市华正认证中心")  # a second 华正: which one is meant?
    author = district_user(district("北辰区"))
    result = import_case(
        written_case(body="华正认证", industry="金属制品"), district("北辰区").cases_section, author
    )
    assert result.loose_matches == []
    assert result.page.industry.name == "金属制品"
    assert result.page.helping_body is None
    assert "帮扶认证机构“华正认证”不在认证机构名录中，未导入" in result.unmapped


def test_the_result_page_shows_the_loose_matches_apart(client, registered, site_tree):
    author = district_user(district("北辰区"))
    client.login(username=author.username, password=PASSWORD)
    response = client.post(reverse("cases_admin:import"), {"document": written_case()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-loose-matches" in html
    assert "帮扶认证机构“华正认证”已对应为“天津华正认证有限公司”，请核对" in html
    unmapped = html.split("data-unmapped", 1)[1] if "data-unmapped" in html else ""
    assert "华正认证" not in unmapped
