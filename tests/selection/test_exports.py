"""The ranking workbook and the recommendation report, opened and read back."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from selection.decisions import decide
from selection.exports import canonical_record, digest, ranking_xlsx, report_pdf
from selection.models import Decision, Recusal
from tests.selection.factories import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_round(closed_round, editor):
    cases = list(closed_round.candidate_cases())
    # One expert scores the last case 0 everywhere: totals 60, 60, 0 → a disagreement flag.
    from selection.models import Score

    last = closed_round.assignments.filter(case=cases[3]).order_by("expert_id").first()
    Score.objects.filter(assignment=last).update(value=0)
    decide(closed_round, cases[0], Decision.NATIONAL, "帮扶成效突出", editor)
    Recusal.objects.create(
        round=closed_round,
        case=cases[1],
        expert=make_expert("回避专家"),
        reason=Recusal.DECLARED,
        detail="曾提供咨询",
    )
    return closed_round


def test_xlsx_has_each_experts_scores_the_trimmed_mean_and_flags(decided_round):
    content, sha256 = ranking_xlsx(decided_round)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["排名", "评分明细", "评分标准", "回避记录", "评选决定", "数据摘要"]
    ranking = list(book["排名"].iter_rows(values_only=True))
    assert ranking[0][:7] == ("名次", "案例编号", "案例", "企业", "区", "有效评分数", "截尾均值")
    assert [row[0] for row in ranking[1:]] == [1, 2, 3, 4]
    assert (
        ranking[1][2] == "案例1号"
        and ranking[1][6] == 90
        and ranking[1][11] == "推荐至市场监管总局"
    )
    assert not ranking[1][9]  # no flags: three scores each, no disagreement
    assert ranking[4][2] == "案例4号" and ranking[4][6] == 40 and ranking[4][9] == "评分分歧"
    detail = list(book["评分明细"].iter_rows(values_only=True))
    header = detail[0]
    assert header[5:13] == (
        "运营绩效",
        "产品服务质量",
        "质量管理水平",
        "信用品牌",
        "数字化信息化",
        "持续性",
        "典型性与引领性",
        "可复制可推广",
    )
    assert len(detail) == 1 + 4 * 3
    first = detail[1]
    assert first[2] == "案例1号" and first[5] == 9 and first[13] == 90
    assert first[3].startswith("评审专家")
    zeroed = [row for row in detail[1:] if row[2] == "案例4号" and row[13] == 0]
    assert len(zeroed) == 1 and zeroed[0][5:13] == (0,) * 8
    assert list(book["回避记录"].iter_rows(values_only=True))[1][2:4] == (
        "回避专家",
        "评审前自行申报利益冲突",
    )
    summary = dict(book["数据摘要"].iter_rows(min_row=2, values_only=True))
    assert summary["数据摘要 SHA-256"] == sha256 == digest(canonical_record(decided_round))


def test_pdf_report_in_chinese_carries_the_digest(decided_round):
    content, sha256 = report_pdf(decided_round)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    for expected in (
        "评选结果及推荐报告",
        "运营绩效",
        "可复制可推广",
        "案例1号",
        "推荐至市场监管总局",
        "帮扶成效突出",
        "回避专家",
        "曾提供咨询",
    ):
        assert expected in compact, expected
    assert sha256 in compact


def test_the_digest_changes_when_any_score_changes(decided_round):
    before = digest(canonical_record(decided_round))
    assert digest(canonical_record(decided_round)) == before  # recomputed, same
    from selection.models import Score

    score = Score.objects.filter(assignment__round=decided_round).first()
    score.value = 1
    score.save()
    assert digest(canonical_record(decided_round)) != before


def test_verify_page_confirms_a_matching_digest_and_rejects_others(client, decided_round):
    sha256 = digest(canonical_record(decided_round))
    ok = client.get("/selection/verify/", {"sha256": sha256})
    assert "核验通过" in ok.content.decode() and decided_round.title in ok.content.decode()
    bad = client.get("/selection/verify/", {"sha256": "0" * 64})
    assert "核验未通过" in bad.content.decode()
