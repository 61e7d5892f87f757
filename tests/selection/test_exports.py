"""The ranking workbook and the recommendation report, opened and read back."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from selection.decisions import decide, withdraw
from selection.exports import canonical_record, digest, ranking_xlsx, report_pdf
from selection.lifecycle import latest_snapshot
from selection.models import Decision, Recusal, RoundSnapshot, Score
from selection.scoring import save_scores
from tests.selection.conftest import close
from tests.selection.factories import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_round(scored_round, editor):
    cases = list(scored_round.candidate_cases())
    # One expert scores the last case 0 everywhere: totals 60, 60, 0 → a disagreement flag.
    last = scored_round.assignments.filter(entry__case=cases[3]).order_by("expert_id").first()
    save_scores(last, last.expert.user, {c.id: "0" for c in scored_round.criteria.all()})
    Recusal.objects.create(
        round=scored_round,
        entry=scored_round.entry_for(cases[1].pk),
        expert=make_expert("回避专家"),
        reason=Recusal.DECLARED,
        detail="曾提供咨询",
    )
    close(scored_round)
    decide(scored_round, cases[0], Decision.NATIONAL, "帮扶成效突出", editor)
    return scored_round


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
    snapshot = latest_snapshot(decided_round)
    assert summary["数据摘要 SHA-256"] == sha256 == snapshot.sha256
    assert summary["所证明的状态"].startswith("第2号记录：评选决定（")
    assert "《案例1号》认定为推荐至市场监管总局" in summary["所证明的状态"]


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


def test_a_snapshot_is_stored_at_close_and_at_each_decision(decided_round, editor):
    kinds = list(decided_round.snapshots.values_list("sequence", "kind"))
    assert kinds == [(1, RoundSnapshot.CLOSE), (2, RoundSnapshot.DECISION)]
    close_record = decided_round.snapshots.get(sequence=1).record
    assert [d["case_title"] for d in close_record["decisions"]] == []
    assert close_record["snapshot"]["kind"] == "评分截止"
    withdraw(decided_round, decided_round.candidate_cases()[0], editor)
    latest = latest_snapshot(decided_round)
    assert (latest.sequence, latest.kind, latest.record["decisions"]) == (
        3,
        RoundSnapshot.WITHDRAWAL,
        [],
    )
    # Each stored text hashes to its stored digest, and the states differ.
    assert all(s.matches_digest() for s in decided_round.snapshots.all())
    assert len(set(decided_round.snapshots.values_list("sha256", flat=True))) == 3


def test_exports_certify_the_stored_snapshot_even_after_live_data_change(decided_round):
    stored = latest_snapshot(decided_round)
    # Live data change behind the round's back: a score and a case title.
    Score.objects.filter(assignment__round=decided_round).update(value=1)
    case = decided_round.candidate_cases()[0]
    type(case).objects.filter(pk=case.pk).update(title="改过的标题")
    assert digest(canonical_record(decided_round)) != stored.sha256  # live data differ now
    content, sha256 = ranking_xlsx(decided_round)
    assert sha256 == stored.sha256
    book = load_workbook(io.BytesIO(content))
    ranking = list(book["排名"].iter_rows(values_only=True))
    assert ranking[1][2] == "案例1号" and ranking[1][6] == 90  # as certified, not as now
    _, pdf_sha256 = report_pdf(decided_round)
    assert pdf_sha256 == stored.sha256
    assert decided_round.snapshots.count() == 2  # exporting stores nothing new


def test_verify_page_names_the_certified_state_and_rejects_others(client, decided_round, editor):
    first_close = decided_round.snapshots.get(sequence=1)
    decision = latest_snapshot(decided_round)
    ok = client.get("/selection/verify/", {"sha256": decision.sha256}).content.decode()
    assert "核验通过" in ok and decided_round.title in ok
    assert "第2号评选记录快照" in ok and "评选决定" in ok and "这是本轮最新的评选记录" in ok
    old = client.get("/selection/verify/", {"sha256": first_close.sha256}).content.decode()
    assert "核验通过" in old and "第1号评选记录快照" in old and "评分截止" in old
    assert "此后本轮还有更新的记录：第2号" in old
    # A digest recomputed from live data that no snapshot stored does not verify.
    Score.objects.filter(assignment__round=decided_round).update(value=2)
    live = digest(canonical_record(decided_round))
    assert "核验未通过" in client.get("/selection/verify/", {"sha256": live}).content.decode()
    bad = client.get("/selection/verify/", {"sha256": "0" * 64})
    assert "核验未通过" in bad.content.decode()


def test_exports_are_refused_while_the_round_is_open(scored_round):
    from selection.audit import SelectionRefused

    with pytest.raises(SelectionRefused, match="评分截止前不公开"):
        ranking_xlsx(scored_round)
    with pytest.raises(SelectionRefused, match="评分截止前不公开"):
        report_pdf(scored_round)
    assert not scored_round.snapshots.exists()
