"""附件3 per pilot region: every header of the notice's table (parsed from the seed file) is in
the form, the print view and the xlsx; the prefilled values equal a hand count of the ledger,
the training register and the cases; only the pilot's districts fill it, editors review."""

import datetime
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CaseMetric
from library.models import Campaign, PilotRegion
from reports import figures
from reports.annex3 import COLUMNS, field_names
from reports.models import PilotStatistics
from tests.cases.factories import complete_case, open_campaign
from tests.enterprises.factories import code, enterprise, ledger, session
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user
from tests.selection.factories import make_expert

pytestmark = pytest.mark.django_db
SEEDS = Path("/work/shared/seeds")


def seed_annex3():
    """(headers, sub-row labels) of 附件3 as the 2024 notice's text has them."""
    text = next(
        p.read_text(encoding="utf-8")
        for p in sorted(SEEDS.glob("*.txt"))
        if "提升行动区域试点工作统计表" in p.read_text(encoding="utf-8")
    )
    table = text.split("提升行动区域试点工作统计表")[-1]
    rows = [
        [cell.strip() for cell in block.split("\n") if cell.startswith("\t")]
        for block in re.split(r"\n[ \r]*\n", table)
    ]
    headers, subs = [], set()
    for row in rows:
        cells = [cell for cell in row if cell]
        if not cells:
            continue
        if row[0]:  # a header row; the sub-rows start under the first, merged column
            headers += cells
        else:
            subs |= {cell.rstrip("：: ") for cell in cells}
    return headers, subs


def test_the_seed_parses_to_the_tables_columns():
    headers, subs = seed_annex3()
    assert len(headers) == 31
    assert headers == [column.header for column in COLUMNS]
    assert {"提升前", "提升后", "国家级", "省级", "市级", "县级", "省级及以下", "专家"} <= subs


@pytest.fixture
def campaign(site_tree):
    return open_campaign()


@pytest.fixture
def ebike():
    return PilotRegion.objects.get(name="电动自行车试点")


def test_the_form_print_view_and_xlsx_carry_every_header_and_sub_row(
    client, editor, campaign, ebike
):
    headers, subs = seed_annex3()
    client.force_login(editor)
    edit = reverse("reports_admin:pilot_statistics_edit", args=[ebike.pk, campaign.year])
    html = client.get(edit).content.decode()
    for header in headers:
        assert header in html, header
    for name in field_names():
        assert f'name="{name}"' in html, name
    for sub in subs:
        assert sub in html, sub

    printed = client.get(
        reverse("reports_admin:pilot_statistics_print", args=[ebike.pk, campaign.year])
    ).content.decode()
    for text in headers + sorted(subs):
        assert text in printed, text

    statistics = PilotStatistics.objects.get(region=ebike, campaign=campaign)
    statistics.sme_total = 320
    statistics.pass_rate_before = Decimal("91.50")
    statistics.award_provincial = 2
    statistics.save()
    response = client.get(
        reverse("reports_admin:pilot_statistics_xlsx", args=[ebike.pk, campaign.year])
    )
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    texts = {str(c.value) for c in cells if c.value is not None}
    formats = " ".join(c.number_format for c in cells)
    for header in headers:
        assert header in texts, header
    for sub in subs:
        assert any(sub in t for t in texts) or f'"{sub}：' in formats, sub
    # Numbers stay numbers, the sub-row's name is their format.
    total = next(c for c in cells if c.value == 320)
    assert total.number_format == "0"
    rate = next(c for c in cells if c.value == 91.5)
    assert rate.number_format == '"提升前："0.00'
    award = next(c for c in cells if c.value == 2 and "省级" in c.number_format)
    assert award.number_format == '"省级："0'
    # 提升前/提升后 and 国家级… sub-rows merged like the notice: the single columns span them.
    assert any("B4:B9" == str(r) for r in sheet.merged_cells.ranges)


def test_prefilled_values_equal_a_hand_count_of_the_records(campaign, ebike):
    other_year = Campaign.objects.get(year=2024)
    body_x, body_y = CertificationBodyFactory(), CertificationBodyFactory()
    e1, e2 = make_expert("赵专家"), make_expert("钱专家")
    a = enterprise("北辰区", pilot_region=ebike)
    b = enterprise("武清区", pilot_region=ebike)
    c = enterprise("静海区", pilot_region=ebike)
    d = enterprise("北辰区", pilot_region=ebike)  # helped another year only
    e = enterprise("北辰区")  # not in the pilot
    ledger_a = ledger(
        a, campaign, body_x, certification_outcome="certified", certified_on=datetime.date.today()
    )
    ledger_a.helper_experts.set([e1, e2])
    ledger_a.save()  # a ParentalManyToManyField is written on save
    ledger_b = ledger(b, campaign, body_y, started_on=False)
    ledger_b.helper_experts.set([e2])
    ledger_b.save()
    ledger(d, other_year, body_x)
    ledger(e, campaign, body_x)
    session(
        campaign,
        people=[
            (a.credit_code, a.name, "王一"),
            (c.credit_code, c.name, "李二"),
            (c.credit_code, c.name, "张三"),
            (e.credit_code, e.name, "孙四"),
        ],
    )
    session(campaign, kind="industry", people=[(c.credit_code, c.name, "张 三")])
    session(other_year, people=[(d.credit_code, d.name, "周五")])
    for before, after in (("90", "96"), ("80", "90")):
        complete_case(
            campaign=campaign,
            publish=True,
            pilot_region=ebike,
            metrics=[CaseMetric(kind="pass_rate", before=Decimal(before), after=Decimal(after))],
        )
    complete_case(campaign=campaign, pilot_region=ebike)  # a draft: not counted
    complete_case(
        "武清区",
        campaign=campaign,
        publish=True,
        pilot_region=PilotRegion.objects.get(name="地毯试点"),
    )

    values = {k: v.value for k, v in figures.pilot_prefill(ebike, campaign).items()}
    assert values["industry_name"] == "电动自行车"
    assert values["helped"] == 2  # a, b
    assert values["trained"] == 2  # a, c
    assert values["participating"] == 3  # a, b, c
    assert values["qms_established"] == 1  # a (b's system not yet running)
    assert values["standard_compliant"] == 1  # a certified
    assert values["talents"] == 3  # 王一, 李二, 张三 (twice, once with a space)
    assert values["stakeholder_bodies"] == 2
    assert values["stakeholder_experts"] == 2
    assert values["maturity_cases"] == 2
    assert values["pass_rate_before"] == Decimal("85.00")
    assert values["pass_rate_after"] == Decimal("93.00")
    assert "first_pass_yield_before" not in values  # the two cases report no such metric
    # The table is created with them, and says how each was derived.
    from reports.pilot_statistics import statistics_for

    statistics = statistics_for(ebike, campaign)
    assert (statistics.helped, statistics.pass_rate_after, statistics.sme_total) == (
        2,
        Decimal("93.00"),
        None,
    )
    assert code(1)  # the factory's codes are valid credit codes


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_only_the_pilots_districts_fill_it_and_editors_review(client, editor, campaign, ebike):
    edit = reverse("reports_admin:pilot_statistics_edit", args=[ebike.pk, campaign.year])
    outsider = district_user(district("和平区"))
    client.login(username=outsider.username, password=PASSWORD)
    assert refused(client.get(edit))
    assert refused(client.get(reverse("reports_admin:pilot_statistics")))
    assert not PilotStatistics.objects.exists()

    member = district_user(district("武清区"))
    client.login(username=member.username, password=PASSWORD)
    assert client.get(reverse("reports_admin:pilot_statistics")).status_code == 200
    data = {"sme_total": "320", "participating": "5", "helped": "9"}
    response = client.post(edit, {**data, "action": "save"})
    assert response.status_code == 200
    assert "不应大于" in response.content.decode()  # helped > participating
    response = client.post(edit, {**data, "helped": "5", "action": "submit"})
    assert response.status_code == 302
    statistics = PilotStatistics.objects.get(region=ebike, campaign=campaign)
    assert (statistics.status, statistics.sme_total, statistics.updated_by) == (
        "submitted",
        320,
        member,
    )
    assert refused(client.post(edit, {**data, "sme_total": "1", "action": "save"}))
    statistics.refresh_from_db()
    assert statistics.sme_total == 320  # submitted: the district no longer changes it

    client.force_login(editor)
    client.post(edit, {"action": "reopen", "review_comment": "请补充区域小微企业总数口径"})
    statistics.refresh_from_db()
    assert statistics.status == "draft"
    client.force_login(member)
    client.post(edit, {**data, "helped": "5", "action": "submit"})
    client.force_login(editor)
    client.post(edit, {"action": "review", "review_comment": "同意"})
    statistics.refresh_from_db()
    assert (statistics.status, statistics.reviewed_by) == ("reviewed", editor)
    client.force_login(member)
    assert refused(client.post(edit, {"action": "refill"}))
    statistics.refresh_from_db()
    assert (statistics.status, statistics.helped) == ("reviewed", 5)
