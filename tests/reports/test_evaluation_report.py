"""The 评估报告 lists the 附件1 evaluation: per district and body round its ranking (trimmed
mean) and decisions, and the complaints recorded about bodies; without such rounds or
records the section is left out. The experts judging a district or a body find its 评估总结,
figures and complaints beside it (``selection.subjects.evidence_links``) and may open them."""

import datetime
from io import BytesIO
from types import SimpleNamespace

import docx
import pytest
from django.test import Client
from pypdf import PdfReader

from library.models import Campaign
from reports import annual_report
from reports.complaints import CRITICISM, BodyComplaint
from reports.evaluation_views import body_figures_url, complaints_url, summary_url
from selection import subjects
from selection.assignment import auto_assign
from selection.decisions import decide
from selection.scoring import confirm_no_conflict, save_scores
from tests.factories import PASSWORD, CertificationBodyFactory, district
from tests.selection.conftest import close
from tests.selection.factories import make_expert, make_round

pytestmark = pytest.mark.django_db


def squeeze(text):
    return text.replace(" ", "").replace("\n", "")


def score_with(selection_round, values):
    """Each active assignment scored ``values[subject id][i]`` on every criterion, the i-th
    expert of the subject (by expert id)."""
    by_subject = {}
    for assignment in selection_round.assignments.select_related("expert__user", "entry").order_by(
        "expert_id"
    ):
        by_subject.setdefault(assignment.entry.subject_id, []).append(assignment)
    for subject_id, assignments in by_subject.items():
        for assignment, value in zip(assignments, values[subject_id], strict=False):
            user = assignment.expert.user
            confirm_no_conflict(assignment, user)
            save_scores(assignment, user, {c.id: value for c in selection_round.criteria.all()})


@pytest.fixture
def evaluated(site_tree, editor):
    campaign = Campaign.objects.get(year=2024)
    beichen, hexi = district("北辰区"), district("河西区")
    experts = [make_expert(f"附件1评估专家{i}") for i in range(5)]
    districts = make_round(
        [beichen, hexi],
        experts,
        subject_kind="district",
        title="2024年度各区提升行动评估",
        campaign=campaign,
        k=5,
        min_scores=3,
    )
    auto_assign(districts)
    # 北辰区: 10, 9, 8, 6, 3 per criterion → (90 + 80 + 60) / 3 = 76.67; 河西区: 7 → 70.
    score_with(districts, {beichen.pk: ["10", "9", "8", "6", "3"], hexi.pk: ["7"] * 5})
    close(districts)
    decide(districts, beichen, subjects.OUTSTANDING, "组织发动有力", editor)
    decide(districts, hexi, subjects.IMPROVED, "较上年进步明显", editor)

    good, weak = CertificationBodyFactory(), CertificationBodyFactory()
    bodies = make_round(
        [good, weak],
        experts,
        subject_kind="body",
        title="2024年度认证机构提升行动评估",
        campaign=campaign,
        k=3,
        min_scores=3,
    )
    auto_assign(bodies)
    score_with(bodies, {good.pk: ["9"] * 3, weak.pk: ["5"] * 3})
    close(bodies)
    decide(bodies, good, subjects.EXCELLENT_BODY, "帮扶成效突出", editor)
    BodyComplaint.objects.create(
        body=weak,
        campaign=campaign,
        kind=CRITICISM,
        date=datetime.date(2024, 9, 20),
        summary="照搬模板编写体系文件",
        recorded_by=editor,
    )
    return SimpleNamespace(
        campaign=campaign,
        districts=districts,
        bodies=bodies,
        beichen=beichen,
        good=good,
        weak=weak,
        experts=experts,
    )


def test_the_report_pdf_lists_the_evaluation_results(evaluated):
    campaign, good, weak = evaluated.campaign, evaluated.good, evaluated.weak
    reader = PdfReader(BytesIO(annual_report.render_pdf(campaign)))
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    text = "".join(pages)
    assert "五、各区与认证机构评估结果" in pages[1]  # in the table of contents
    assert "2024年度各区提升行动评估：排名与认定" in text
    assert "北辰区" in text and "76.67" in text and "70" in text
    assert "表现突出" in text and "进步提升较大" in text
    assert "2024年度认证机构提升行动评估：排名与认定" in text
    assert good.name in text and "提升行动优秀认证机构" in text
    assert weak.name in text and "通报批评" in text and "照搬模板编写体系文件" in text
    # Ranking order: 北辰区 first.
    section = text.split("2024年度各区提升行动评估：排名与认定")[-1]
    assert section.index("北辰区") < section.index("河西区")
    # The .docx for editing carries the same section.
    document = docx.Document(BytesIO(annual_report.render_docx(campaign)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "五、各区与认证机构评估结果" in [p.text for p in document.paragraphs]
    assert "76.67" in cells and good.name in cells and "进步提升较大" in cells


def test_without_evaluation_rounds_the_section_is_left_out(site_tree):
    sections = annual_report.build(Campaign.objects.get(year=2023))
    assert all("评估结果" not in s.title for s in sections)


def test_the_judging_experts_find_and_open_the_evidence(evaluated, client):
    campaign, beichen, weak = evaluated.campaign, evaluated.beichen, evaluated.weak
    districts, bodies, experts = evaluated.districts, evaluated.bodies, evaluated.experts
    links = subjects.evidence_links(beichen, campaign)
    assert (
        f"北辰区{campaign.year}年提升行动评估总结（附件1）",
        summary_url(beichen, campaign),
    ) in links
    body_links = [url for _, url in subjects.evidence_links(weak, campaign)]
    assert body_links == [body_figures_url(weak, campaign), complaints_url(weak, campaign)]

    judge = next(e for e in experts if districts.assignments.filter(expert=e).exists())
    reader = Client()
    assert reader.login(username=judge.user.username, password=PASSWORD)
    assert reader.get(summary_url(beichen, campaign)).status_code == 200
    judged = bodies.assignments.filter(entry__body=weak).values_list("expert_id", flat=True)
    body_judge = next(e for e in experts if e.pk in judged)
    reader.login(username=body_judge.user.username, password=PASSWORD)
    complaints = reader.get(complaints_url(weak, campaign))
    assert complaints.status_code == 200 and "照搬模板编写体系文件" in complaints.content.decode()
    assert reader.get(body_figures_url(weak, campaign)).status_code == 200
    # An expert of the pool not asked to judge this body reads neither.
    idle = next(e for e in experts if e.pk not in judged)  # k = 3 of a pool of 5
    other = Client()
    other.login(username=idle.user.username, password=PASSWORD)
    assert other.get(complaints_url(weak, campaign)).status_code in (302, 403)
    # Without the campaign the expert's assignment does not count.
    outsider = Client()
    outsider.login(username=make_expert("局外专家").user.username, password=PASSWORD)
    assert outsider.get(summary_url(beichen, campaign)).status_code in (302, 403)
