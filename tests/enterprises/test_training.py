"""The training register: sign-in sheets imported row by row (bad rows reported in Chinese
with their row number, good rows kept), and the training figures against hand-computed
numbers (one enterprise and one person at two sessions and online, counted once)."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from courses.models import Attempt, LearnerProfile
from enterprises.attendance import MAX_ROWS, SheetRefused, import_sign_in_sheet
from enterprises.models import Attendance, Enterprise
from library.models import Campaign, Industry
from reports import figures
from tests.cases.factories import open_campaign
from tests.courses.factories import make_course
from tests.enterprises.factories import code, enterprise, session
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    UserFactory,
    body_user,
    district,
)

pytestmark = pytest.mark.django_db


def sheet(rows, header=("序号", "企业名称", "统一社会信用代码", "姓名", "职务", "联系电话")):
    book = Workbook()
    ws = book.active
    ws.append(["2027年北辰区质量管理体系集中培训签到表"])  # a title row above the header
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "签到表.xlsx"
    return buffer


@pytest.fixture
def campaign(site_tree):
    return open_campaign()


def test_good_rows_are_kept_and_each_bad_row_is_reported_with_its_number(campaign):
    good = code(900001)
    item = session(campaign, district_obj=district("北辰区"))
    upload = sheet(
        [
            (1, "天津甲公司", good, "张三", "质量负责人", "13800000001"),
            (2, "天津甲公司", good, "李四", "", ""),
            (3, "天津乙公司", good[:-1] + ("0" if good[-1] != "0" else "1"), "王五", "", ""),
            (4, "天津丙公司", code(900002), "", "", ""),
            (5, "天津甲公司", good, "张三", "", ""),  # the same person twice
            (),  # an empty row is skipped, not reported
            (7, "天津丁公司", code(900003), "赵" * 41, "", ""),
        ]
    )
    result = import_sign_in_sheet(item, upload)
    assert result.added == 2
    assert [a.person_name for a in item.attendances.order_by("pk")] == ["张三", "李四"]
    assert len(result.problems) == 4
    assert (
        result.problems[0].startswith("第5行：统一社会信用代码")
        and "校验位不正确" in result.problems[0]
    )
    assert result.problems[1] == "第6行：“姓名”为空"
    assert (
        result.problems[2].startswith("第7行：张三")
        and "已在本次培训的参训名单中" in result.problems[2]
    )
    assert result.problems[3] == "第9行：“姓名”超过 40 个字"
    # The attendees' enterprise is in the register, in the session's district.
    record = Enterprise.objects.get(credit_code=good)
    assert record.name == "天津甲公司" and record.district == district("北辰区")


def test_a_sheet_without_the_header_or_too_long_is_refused_whole(campaign):
    item = session(campaign, district_obj=district("北辰区"))
    with pytest.raises(SheetRefused, match="没有找到"):
        import_sign_in_sheet(item, sheet([("a", "b")], header=("单位", "人")))
    rows = [(n, "天津甲公司", code(910000 + n), f"学员{n}", "", "") for n in range(MAX_ROWS + 1)]
    with pytest.raises(SheetRefused, match=f"超过 {MAX_ROWS} 行"):
        import_sign_in_sheet(item, sheet(rows))
    with pytest.raises(SheetRefused, match="无法读取"):
        broken = io.BytesIO(b"not a workbook")
        broken.name = "x.xlsx"
        import_sign_in_sheet(item, broken)
    assert not Attendance.objects.exists()


def test_the_import_page_reports_rows_in_chinese(client, campaign):
    body = CertificationBodyFactory()
    item = session(campaign, body=body, district_obj=district("北辰区"))
    assert client.login(username=body_user(body).username, password=PASSWORD)
    upload = sheet(
        [(1, "天津甲公司", code(920001), "张三", "", ""), (2, "天津乙公司", "123", "李四", "", "")]
    )
    url = reverse("enterprises_admin:session_import", args=(item.pk,))
    page = client.post(url, {"sheet": upload}).content.decode()
    assert "新增参训人员 1 名" in page
    assert "第4行：统一社会信用代码“123”无效：应为 18 位" in page


def test_training_figures_count_each_enterprise_and_person_once(campaign):
    body_a, body_b = CertificationBodyFactory(), CertificationBodyFactory()
    e1 = enterprise("北辰区", name="E1")
    e2 = enterprise("北辰区", name="E2")
    e3 = enterprise("武清区", name="E3")
    session(
        campaign,
        kind="regional",
        body=body_a,
        district_obj=district("北辰区"),
        people=[
            (e1.credit_code, "E1", "张三"),
            (e1.credit_code, "E1", "李四"),
            (e2.credit_code, "E2", "王五"),
        ],
    )
    session(
        campaign,
        kind="industry",
        district_obj=district("北辰区"),
        people=[(e1.credit_code, "E1", "张三"), (e3.credit_code, "E3", "赵六")],
    )
    # Another year's session counts for that year only.
    session(
        Campaign.objects.get(year=2024),
        kind="regional",
        body=body_a,
        district_obj=district("武清区"),
        people=[(code(930001), "E9", "钱七")],
    )
    # Online: 李四 of E1 (typed with a space) and a learner of a new enterprise E4.
    course = make_course(body_b, year=campaign.year)
    for name, credit_code, district_name in (
        ("李 四", e1.credit_code, "北辰区"),
        ("孙丽", code(930002), "武清区"),
    ):
        user = UserFactory()
        LearnerProfile.objects.create(
            user=user,
            full_name=name,
            enterprise_name="线上企业",
            credit_code=credit_code,
            district=district(district_name),
            industry=Industry.objects.first(),
        )
        Attempt.objects.create(
            user=user, course=course, answers={}, correct=1, total=1, score=100, passed=True
        )

    data = figures.build(campaign).trained
    assert (data.total.enterprise_count, data.total.person_count) == (4, 5)
    by_body = {row.body.pk: row for row in data.bodies}
    assert (by_body[body_a.pk].sessions, by_body[body_a.pk].trained.enterprise_count) == (1, 2)
    assert by_body[body_a.pk].trained.person_count == 3
    assert (
        by_body[body_b.pk].trained.enterprise_count,
        by_body[body_b.pk].trained.person_count,
    ) == (2, 2)
    by_district = {row.district.name: row for row in data.districts}
    beichen, wuqing = by_district["北辰区"], by_district["武清区"]
    assert (beichen.regional, beichen.industry, beichen.missing) == (1, 1, [])
    assert (beichen.trained.enterprise_count, beichen.trained.person_count) == (2, 3)
    assert (
        wuqing.missing == ["区域集中培训", "行业培训"]
        and wuqing.status == "尚缺区域集中培训、行业培训"
    )
    assert (wuqing.trained.enterprise_count, wuqing.trained.person_count) == (2, 2)


def test_the_dashboard_shows_training_minimums_and_impartiality(client, campaign, editor):
    from library.models import Expert
    from tests.enterprises.factories import ledger

    session(campaign, kind="regional", district_obj=district("北辰区"))
    item = ledger(enterprise("北辰区", name="公正性测试企业"), campaign)
    helper = Expert.objects.create(name="钱帮扶", certification_body=item.body)
    item.helper_experts.add(helper)
    item.audit_team.add(helper)
    item.save()
    assert client.login(username=editor.username, password=PASSWORD)
    page = client.get(
        reverse("reports_admin:dashboard") + f"?year={campaign.year}"
    ).content.decode()
    assert "尚缺行业培训" in page
    assert "帮扶专家不得进审核组" in page and "钱帮扶" in page
    export = client.get(reverse("reports_admin:dashboard_export") + f"?year={campaign.year}")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.content))
    assert "培训（按区）" in book.sheetnames and "帮扶公正性" in book.sheetnames
    values = [cell for row in book["帮扶公正性"].iter_rows(values_only=True) for cell in row]
    assert any("钱帮扶" in str(v) for v in values)
