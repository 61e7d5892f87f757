"""Word import: a case written the usual way becomes a draft with its sections, images
and metrics; what cannot be placed is listed; a broken file creates nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from cases.blocks import SECTIONS
from cases.docx_import import DocxImportError, import_case
from cases.models import CasePage
from library.models import Expert
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "docx"


def sample(name):
    return SimpleUploadedFile(
        f"{name}.docx",
        (SAMPLES / f"{name}.docx").read_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.fixture
def helpers(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    experts = [
        Expert.objects.create(name="王建华", certification_body=body),
        Expert.objects.create(name="李秀英", certification_body=body),
    ]
    return body, experts


@pytest.fixture
def author(site_tree):
    return district_user(district("北辰区"))


def test_a_realistic_case_maps_completely(helpers, author):
    body, experts = helpers
    result = import_case(sample("full_case"), district("北辰区").cases_section, author)
    case = CasePage.objects.get(pk=result.page.pk)

    assert result.unmapped == []
    # Clauses the text speaks of are suggested, for the author to confirm, never "not imported".
    assert result.loose_matches == ["按正文建议的条款：9.2、9.3，请核对"]
    assert [c.number for c in case.clauses.all()] == ["9.2", "9.3"]
    assert case.title == "小批量多品种也能稳住质量——天津市北辰区某电动自行车车架企业"
    assert not case.live
    assert (case.enterprise_name, case.credit_code, case.enterprise_size) == (
        "天津市津北精工车架有限公司",
        "91120113MA05T8QX48",
        "small",
    )
    assert case.industry.name == "电动自行车"
    assert case.pilot_region.name == "电动自行车试点"
    assert case.campaign.year == 2024
    assert case.district.name == "北辰区"
    assert case.helping_body == body
    assert set(case.helping_experts.all()) == set(experts)
    assert case.summary.startswith("企业以焊接车架为主")
    assert [key for key, _, _ in case.sections()] == [key for key, _ in SECTIONS]
    assert case.missing_sections() == []

    images = [
        child.value
        for _, _, contents in case.sections()
        for content in contents
        for child in content
        if child.block_type == "image"
    ]
    assert [image["caption"] for image in images] == [
        "图1 改造前的焊接工位",
        "图2 首件检验记录看板",
    ]
    assert all(image["image"].collection == district("北辰区").collection for image in images)

    metrics = {m.name: m for m in case.metrics.all()}
    assert list(metrics) == [
        "产品合格率",
        "一次合格率",
        "残次品率",
        "客户满意度",
        "投诉率",
        "产值",
        "返工工时",
    ]
    assert (metrics["一次合格率"].before, metrics["一次合格率"].after) == (
        Decimal("86.4"),
        Decimal("95.1"),
    )
    assert metrics["产值"].after == Decimal("2240")
    assert metrics["返工工时"].display_unit == "小时/月"
    assert metrics["返工工时"].improved is True  # fewer rework hours is the point
    assert case.get_latest_revision().user == author


def test_a_partial_case_lists_what_was_not_mapped(helpers, author):
    result = import_case(sample("partial_case"), district("北辰区").cases_section, author)
    case = result.page
    unmapped = "\n".join(result.unmapped)

    for expected in (
        "企业信息表中的“联系人”未能识别",
        "统一社会信用代码“91120114MA05XXXXX1”无效",
        "所属行业“纺织”不在行业列表中",
        "正文开头的段落“本文由区市场监管局整理。”不在任何章节之下",
        "指标“产品合格率”的提升后数值 104% 超过 100%",
        "绩效指标“产值”的数值“约一千万”不是数字",
        "标题“附录：企业荣誉”不属于案例提纲的章节",
        "文档中没有“帮扶措施”章节的正文",
        "文档中没有“经验与推广价值”章节的正文",
    ):
        assert expected in unmapped
    assert len(result.unmapped) == 10
    # The third table stands under 成效: it is kept there as a table, not dropped.
    assert any(
        child.block_type == "table"
        for _, _, contents in case.sections()
        for content in contents
        for child in content
    )
    assert case.credit_code == "" and case.industry is None
    assert [m.name for m in case.metrics.all()] == ["客户满意度"]
    # 成效 holds the kept table.
    assert case.missing_sections() == ["帮扶措施", "体系建设与运行", "经验与推广价值"]


def test_a_corrupt_file_is_refused_and_nothing_is_saved(helpers, author):
    pages, images = CasePage.objects.count(), get_image_model().objects.count()
    with pytest.raises(DocxImportError, match="不是有效的 Word"):
        import_case(sample("corrupt_case"), district("北辰区").cases_section, author)
    assert (CasePage.objects.count(), get_image_model().objects.count()) == (pages, images)


def test_a_failure_half_way_leaves_no_page_and_no_image_files(helpers, author, monkeypatch):
    Image = get_image_model()
    storage = Image._meta.get_field("file").storage
    saved = []
    original_save = Image.save

    def remember(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        saved.append(self.file.name)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Image, "save", remember)
    monkeypatch.setattr(CasePage, "save_revision", explode)
    with pytest.raises(DocxImportError, match="未创建任何内容") as refused:
        import_case(sample("full_case"), district("北辰区").cases_section, author)
    assert "disk full" not in str(refused.value)  # the author sees Chinese, the log the cause
    assert len(saved) == 2
    assert not CasePage.objects.filter(enterprise_name="天津市津北精工车架有限公司").exists()
    assert not Image.objects.filter(file__in=saved).exists()
    assert not any(storage.exists(name) for name in saved)


def test_the_import_page_creates_a_draft_in_the_users_own_district(client, helpers, author):
    client.login(username=author.username, password=PASSWORD)
    url = reverse("cases_admin:import")
    form = client.get(url)
    assert "导入到哪个区" not in form.content.decode()  # a district user has one place to import to

    response = client.post(url, {"document": sample("partial_case")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "以下 10 项未能导入" in html
    assert "所属行业“纺织”不在行业列表中" in html
    case = CasePage.objects.get(title="某地毯企业的质量提升")
    assert case.get_parent().specific.district == district("北辰区")


def test_the_import_page_refuses_a_non_docx_and_a_broken_file(client, author):
    client.login(username=author.username, password=PASSWORD)
    url = reverse("cases_admin:import")
    text = client.post(url, {"document": SimpleUploadedFile("case.pdf", b"%PDF-1.4")})
    assert "只能导入 Word 2007 及以上版本的 .docx 文件" in text.content.decode()
    broken = client.post(url, {"document": sample("corrupt_case")})
    assert "不是有效的 Word（.docx）文档" in broken.content.decode()
    assert not CasePage.objects.filter(owner=author).exists()


def test_a_district_user_cannot_import_into_another_district(client, author):
    client.login(username=author.username, password=PASSWORD)
    other = district("武清区").cases_section
    client.post(
        reverse("cases_admin:import"), {"document": sample("full_case"), "section": other.pk}
    )
    assert not CasePage.objects.child_of(other).exists()
    assert CasePage.objects.child_of(district("北辰区").cases_section).filter(owner=author).exists()


def test_users_without_a_district_cannot_import(client, site_tree):
    from tests.factories import UserFactory

    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("cases_admin:import")).status_code in (302, 403)
