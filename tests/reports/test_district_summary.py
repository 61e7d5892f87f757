"""A district's 评估总结 against 附件1: the indicators are the seed's, a district user writes and
submits only their own district's (with evidence files only the district, the editors and the
experts judging it read), the deadline locks it until an editor reopens it, and the ledger and
training figures beside the indicators equal a hand count of the records."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from library.models import Campaign
from reports import figures
from reports.annex1 import INDICATORS, ITEMS
from reports.district_summary import DistrictSummary, IndicatorAccount, SummaryEvidence
from reports.models import DRAFT, REVIEWED, SUBMITTED
from tests.cases.factories import complete_case, open_campaign
from tests.enterprises.factories import enterprise, ledger, session
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    body_user,
    district,
    district_user,
)
from tests.selection.factories import make_expert

pytestmark = pytest.mark.django_db
SEEDS = Path("/work/shared/seeds")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_annex1():
    """The numbered indicators of 附件1 in the seed, as lists restarting at 1."""
    text = next(
        p.read_text(encoding="utf-8")
        for p in sorted(SEEDS.glob("*.txt"))
        if "提升行动工作成效评估内容及指标一览表" in p.read_text(encoding="utf-8")
    )
    table = text.split("附件1\n提升行动工作成效评估内容及指标一览表")[1].split("附件2")[0]
    groups = []
    for line in table.splitlines():
        match = re.match(r"^\t?(\d+)\.(.+)$", line)
        if not match:
            continue
        if match[1] == "1":
            groups.append([])
        groups[-1].append(match[2].strip().rstrip("；;。：:"))
    return table, groups


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def summary_url(district_obj, campaign):
    return reverse("reports_admin:district_summary", args=[district_obj.pk, campaign.year])


@pytest.fixture
def campaign(site_tree):
    return open_campaign()


def test_the_indicators_are_the_seeds_annex1():
    table, groups = seed_annex1()
    assert [len(group) for group in groups] == [7, 6, 6, 10, 6]
    assert [len(item.indicators) for item in ITEMS] == [7, 6, 6, 10, 6, 1]
    for item, group in zip(ITEMS, groups, strict=False):
        assert [indicator.text for indicator in item.indicators] == group, item.title
        assert item.title in table and item.area in table
        assert item.method.split("：")[0] in table
    assert ITEMS[-1].indicators[0].text in table  # 被帮扶小微企业对提升行动的满意度测评
    assert len(INDICATORS) == 36


def test_a_district_user_writes_and_submits_only_their_own_summary(site_tree, editor, campaign):
    beichen, heping = district("北辰区"), district("和平区")
    writer = district_user(beichen)
    client = login(writer)
    own = summary_url(beichen, campaign)
    page = client.get(own)
    assert page.status_code == 200
    html = page.content.decode()
    for key, indicator in INDICATORS.items():
        assert f'name="account-{key}"' in html
        assert indicator.text in html

    response = client.post(
        own,
        {
            "action": "save",
            "overview": "北辰区召开启动会，统筹部署2024年提升行动。",
            "account-organise-1": "区政府办公室印发《北辰区提升行动实施方案》。",
        },
    )
    assert response.status_code == 302
    summary = DistrictSummary.objects.get(district=beichen, campaign=campaign)
    assert summary.overview.startswith("北辰区召开启动会")
    assert summary.accounts.get(indicator="organise-1").text.startswith("区政府办公室")
    assert summary.updated_by == writer

    # Another district's summary: neither read, created nor written.
    other = summary_url(heping, campaign)
    assert refused(client.get(other))
    assert refused(client.post(other, {"action": "save", "account-organise-1": "越权填写"}))
    assert not DistrictSummary.objects.filter(district=heping).exists()
    assert not IndicatorAccount.objects.filter(text="越权填写").exists()
    listing = client.get(reverse("reports_admin:district_summaries") + f"?year={campaign.year}")
    assert "北辰区" in listing.content.decode() and "和平区" not in listing.content.decode()
    assert "<td>1 / 36</td>" in listing.content.decode()  # one indicator written so far
    # A body's user and an unassigned expert see none.
    assert refused(login(body_user(CertificationBodyFactory())).get(own))
    assert refused(login(make_expert("孙专家").user).get(own))

    # Submitted: waits for the editor, the district can no longer change it.
    client.post(own, {"action": "submit", "account-organise-1": "区政府办公室印发方案。"})
    summary.refresh_from_db()
    assert summary.status == SUBMITTED and summary.submitted_at
    assert refused(client.post(own, {"action": "save", "account-organise-1": "提交后修改"}))
    assert summary.accounts.get(indicator="organise-1").text == "区政府办公室印发方案。"
    assert refused(client.post(own, {"action": "review"}))
    login(editor).post(own, {"action": "review", "review_comment": "材料齐全"})
    summary.refresh_from_db()
    assert (summary.status, summary.reviewed_by, summary.review_comment) == (
        REVIEWED,
        editor,
        "材料齐全",
    )


def test_the_deadline_locks_the_summary_until_an_editor_reopens_it(site_tree, editor):
    past = Campaign.objects.get(year=2024)
    assert past.is_past_deadline()
    beichen = district("北辰区")
    client = login(district_user(beichen))
    url = summary_url(beichen, past)
    page = client.get(url).content.decode()
    assert "评估总结已锁定" in page and 'name="action" value="save"' not in page
    assert refused(client.post(url, {"action": "save", "account-help-1": "截止后补写"}))
    assert not IndicatorAccount.objects.filter(text="截止后补写").exists()

    login(editor).post(url, {"action": "reopen", "review_comment": "请补充需求调研材料"})
    summary = DistrictSummary.objects.get(district=beichen, campaign=past)
    assert summary.reopened and summary.status == DRAFT
    client.post(url, {"action": "submit", "account-help-1": "走访企业42家，形成需求清单。"})
    summary.refresh_from_db()
    assert summary.status == SUBMITTED and not summary.reopened
    assert summary.accounts.get(indicator="help-1").text == "走访企业42家，形成需求清单。"
    # Sent back again after review? Only an editor can; the district alone stays locked.
    assert refused(client.post(url, {"action": "reopen"}))


def test_evidence_is_stored_in_the_districts_collection_and_read_by_few(
    site_tree, editor, campaign
):
    beichen, heping = district("北辰区"), district("和平区")
    client = login(district_user(beichen))
    url = summary_url(beichen, campaign)
    client.post(
        url,
        {
            "action": "save",
            "account-training-2": "举办区域集中培训2场。",
            "evidence-training-2": SimpleUploadedFile("培训签到表.pdf", PDF, "application/pdf"),
        },
    )
    evidence = SummaryEvidence.objects.get(account__indicator="training-2")
    assert evidence.document.collection_id == beichen.collection_id
    assert evidence.document.title == "培训签到表.pdf"
    download = reverse("reports_admin:district_summary_evidence", args=[evidence.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert login(editor).get(download).status_code == 200
    assert refused(login(district_user(heping)).get(download))
    assert Client().get(download).status_code == 302  # to the login page
    # Wagtail's own document URL: not public either (ops.documents.may_read).
    assert Client().get(evidence.document.url).status_code != 200

    # A file that is not what its name says is refused with the site's message; text kept.
    documents = get_document_model().objects.count()
    page = client.post(
        url,
        {
            "action": "save",
            "account-training-3": "组建专家团队12人。",
            "evidence-training-3": SimpleUploadedFile(
                "专家名单.pdf", b"not a pdf", "application/pdf"
            ),
        },
    )
    assert page.status_code == 200
    assert "不是有效的 PDF 文件" in page.content.decode()
    assert get_document_model().objects.count() == documents
    assert IndicatorAccount.objects.get(indicator="training-3").text == "组建专家团队12人。"

    # Only the district (or an editor) removes it, and the stored file goes with it.
    assert refused(login(district_user(heping)).post(url, {"remove_evidence": str(evidence.pk)}))
    assert SummaryEvidence.objects.filter(pk=evidence.pk).exists()
    client.post(url, {"remove_evidence": str(evidence.pk)})
    assert not SummaryEvidence.objects.filter(pk=evidence.pk).exists()
    assert not get_document_model().objects.filter(pk=evidence.document_id).exists()


def test_figures_beside_the_indicators_equal_a_hand_count(site_tree, editor, campaign):
    beichen = district("北辰区")
    body_x, body_y = CertificationBodyFactory(), CertificationBodyFactory()
    e1, e2 = make_expert("赵专家"), make_expert("钱专家")
    a = enterprise("北辰区")
    b = enterprise("北辰区")
    c = enterprise("北辰区")  # trained only
    d = enterprise("和平区")  # another district
    ledger_a = ledger(
        a, campaign, body_x, certification_outcome="certified", certified_on=datetime.date.today()
    )
    ledger_a.helper_experts.set([e1, e2])
    ledger_a.save()
    ledger_b = ledger(b, campaign, body_y, started_on=False, plan="")
    ledger_b.helper_experts.set([e2])
    ledger_b.save()
    ledger(d, campaign, body_x, certification_outcome="certified")
    ledger(c, Campaign.objects.get(year=2024), body_x)  # another year
    session(
        campaign,
        district_obj=beichen,
        people=[(a.credit_code, a.name, "王一"), (c.credit_code, c.name, "李二")],
    )
    session(
        campaign,
        kind="industry",
        district_obj=beichen,
        people=[(c.credit_code, c.name, "李 二"), (c.credit_code, c.name, "张三")],
    )
    session(campaign, people=[(d.credit_code, d.name, "孙四")])
    # The cases' enterprises are a and b (their ledgers already counted).
    complete_case(campaign=campaign, publish=True, credit_code=a.credit_code, helping_body=body_x)
    complete_case(campaign=campaign, credit_code=b.credit_code, helping_body=body_y)  # a draft

    values = {key: f.value for key, f in figures.district_figures(beichen, campaign).items()}
    assert values["helped"] == 2  # a, b
    assert values["diagnosed"] == 1  # b has no system start, so no diagnosis date either
    assert values["with_plan"] == 1  # a
    assert values["qms_established"] == 1  # a
    assert values["certified"] == 1  # a (d is in 和平区)
    assert values["helping_bodies"] == 2
    assert values["helper_experts"] == 2
    assert values["regional_sessions"] == 1 and values["industry_sessions"] == 1
    assert values["trained_enterprises"] == 2  # a, c
    assert values["trained_people"] == 3  # 王一, 李二 (twice), 张三
    assert values["cases_counted"] == 1 and values["cases_published"] == 1  # drafts not counted
    assert values["survey_responses"] == 0 and values["satisfaction_average"] is None

    html = login(editor).get(summary_url(beichen, campaign)).content.decode()

    def block(key):
        start = html.index(f'id="indicator-{key}"')
        return html[start : html.index('class="annex1-row"', start + 1)]

    training = block("training-2")
    assert re.search(r'data-figure="培训企业"><strong>2家', training)
    assert re.search(r'data-figure="培训人员"><strong>3人', training)
    helping = block("help-1")
    assert re.search(r'data-figure="建立帮扶台账的企业"><strong>2家', helping)
    assert "培训企业" not in helping
    assert re.search(r'data-figure="帮扶专家"><strong>2人', block("help-5"))
    assert "台账与培训数据" not in block("publicity-1")
