"""The record the commission stands behind: ranking workbook, recommendation report, digest.

Both exports are built from one canonical record of the round (criteria, every score,
ranking, recusals, decisions) as stored in a snapshot (``selection.lifecycle``) at close
and at each decision. The snapshot's SHA-256 over canonical JSON (sorted keys, no spaces,
UTF-8) is printed in the PDF and the workbook with the state it certifies (which record,
taken when); the verify page looks the digest up among the stored snapshots. Nothing is
recomputed from live data, so a later change to a case or a score cannot alter what an
exported report certifies.
"""

import hashlib
import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from library.models import District, Expert
from library.pdf import render_pdf
from library.xlsx import Spreadsheet
from selection.aggregation import TIE_BREAK_CHAIN
from selection.audit import SelectionRefused
from selection.models import Decision
from selection.ranking import round_results


def money(value):
    return None if value is None else f"{value:.2f}"


def case_details(case_ids, kind=None):
    """subject id → title, enterprise, district (names) for the subjects of ``kind``
    (``selection.subjects``; cases when not given). Cases are read from CasePage per the
    contract; the other kinds have a title only (a district's district is itself)."""
    from cases.models import CasePage

    if kind is not None and kind.key != "case":
        field = "title" if kind.is_page else "name"
        return {
            pk: {
                "title": title,
                "enterprise": "",
                "district": title if kind.key == "district" else "",
            }
            for pk, title in kind.model.objects.filter(id__in=case_ids)
            .order_by("id")
            .values_list("id", field)
        }
    rows = CasePage.objects.filter(id__in=case_ids).order_by("id")
    districts = dict(District.objects.values_list("id", "name"))
    details = {}
    # values(): a workbench lists hundreds of cases; full pages (StreamField bodies) are not needed.
    for row in rows.values("id", "title", "enterprise_name", "district_id"):
        details[row["id"]] = {
            "title": row["title"],
            "enterprise": row["enterprise_name"] or "",
            "district": districts.get(row["district_id"], ""),
        }
    return details


def canonical_record(selection_round):
    computed = round_results(selection_round)
    criteria = computed.criteria
    case_ids = [r.case_id for r in computed.results]
    kind = selection_round.kind
    details = case_details(case_ids, kind)
    expert_ids = {e for sheet in computed.sheets.values() for e in sheet}
    recusals = list(
        selection_round.recusals.select_related("expert", "entry").order_by(
            "entry__subject_id", "expert_id", "reason"
        )
    )
    expert_ids |= {r.expert_id for r in recusals}
    experts = {
        e.id: e
        for e in Expert.objects.filter(id__in=expert_ids).select_related("certification_body")
    }
    decisions = {
        d.entry.subject_id: d
        for d in selection_round.decisions.select_related("decided_by", "entry").order_by(
            "entry__subject_id"
        )
    }
    ranking = []
    for result in computed.results:
        sheet = computed.sheets.get(result.case_id, {})
        ranking.append(
            {
                "rank": result.rank,
                "case_id": result.case_id,
                **details.get(result.case_id, {"title": "", "enterprise": "", "district": ""}),
                "score": money(result.score),
                "impact_score": money(result.impact_score),
                "spread": money(result.spread),
                "count": result.count,
                "flags": list(result.flags),
                "unranked_reason": result.unranked_reason,
                "decision": decisions[result.case_id].level if result.case_id in decisions else "",
                "sheets": [
                    {
                        "expert_id": expert_id,
                        "expert": experts[expert_id].name,
                        "affiliation": experts[expert_id].affiliation or "",
                        "values": [money(sheet[expert_id][c.id]) for c in criteria],
                        "total": money(result.totals[expert_id]),
                        "trimmed": expert_id in result.trimmed,
                        "comment": computed.comments.get((result.case_id, expert_id), ""),
                    }
                    for expert_id in sorted(sheet)
                ],
            }
        )
    titles = {
        **details,
        **case_details({r.entry.subject_id for r in recusals} - set(details), kind),
    }
    return {
        "round": {
            "id": selection_round.pk,
            "title": selection_round.title,
            "subject": kind.label,
            "campaign": selection_round.campaign.title,
            "scoring_deadline": timezone.localtime(selection_round.scoring_deadline).isoformat(),
            "experts_per_case": selection_round.experts_per_case,
            "recommend_count": selection_round.recommend_count,
            "min_scores": selection_round.min_scores,
            "disagreement_threshold": money(selection_round.disagreement_threshold),
        },
        "criteria": [
            {
                "name": c.name,
                "weight": money(c.weight),
                "max_score": money(c.max_score),
                "is_impact": c.is_impact,
            }
            for c in criteria
        ],
        "tie_break": list(TIE_BREAK_CHAIN),
        "ranking": ranking,
        "recusals": [
            {
                "case_id": r.entry.subject_id,
                "case_title": titles.get(r.entry.subject_id, {}).get("title", ""),
                "expert": r.expert.name,
                "reason": r.get_reason_display(),
                "detail": r.detail,
            }
            for r in recusals
        ],
        "decisions": [
            {
                "case_id": d.entry.subject_id,
                "case_title": titles.get(d.entry.subject_id, {}).get("title", ""),
                "level": d.get_level_display(),
                "reason": d.reason,
                "decided_by": (d.decided_by.get_full_name() or d.decided_by.get_username())
                if d.decided_by
                else "",
                "decided_at": timezone.localtime(d.decided_at).isoformat(timespec="seconds"),
            }
            for d in decisions.values()
        ],
    }


def canonical_json(record) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(record) -> str:
    return hashlib.sha256(canonical_json(record)).hexdigest()


def verify_url(sha256):
    return f"{settings.WAGTAILADMIN_BASE_URL}{reverse('selection:verify')}?sha256={sha256}"


# -- workbook -------------------------------------------------------------------------


def certified_snapshot(selection_round, user=None):
    """The latest stored snapshot of a closed round (closing it first if the deadline passed)."""
    from selection.lifecycle import OPEN_MESSAGE, ensure_closed, latest_snapshot

    if not ensure_closed(selection_round, user):
        raise SelectionRefused(OPEN_MESSAGE)
    return latest_snapshot(selection_round)


def certified_state(snapshot):
    """ "第2号记录：评选决定（2024-06-01 10:00:00）" — which state a report certifies."""
    state = snapshot.record["snapshot"]
    when = state["taken_at"][:19].replace("T", " ")
    note = f"，{state['note']}" if state["note"] and state["note"] != state["kind"] else ""
    return f"第{state['sequence']}号记录：{state['kind']}（{when}{note}）"


def ranking_xlsx(selection_round, snapshot=None) -> tuple[bytes, str]:
    snapshot = snapshot or certified_snapshot(selection_round)
    record, sha256 = snapshot.record, snapshot.sha256
    names = [c["name"] for c in record["criteria"]]
    # Records stored before rounds judged other kinds name no subject: they judged cases.
    noun = record["round"].get("subject", "案例")
    book = Spreadsheet()
    sheet = book.sheet

    level_labels = dict(Decision.LEVELS)
    sheet(
        "排名",
        [
            "名次",
            f"{noun}编号",
            noun,
            "企业",
            "区",
            "有效评分数",
            "截尾均值",
            "帮扶成效得分",
            "极差",
            "标记",
            "未排名原因",
            "评选决定",
        ],
        [
            [
                row["rank"],
                row["case_id"],
                row["title"],
                row["enterprise"],
                row["district"],
                row["count"],
                _num(row["score"]),
                _num(row["impact_score"]),
                _num(row["spread"]),
                "、".join(row["flags"]),
                row["unranked_reason"],
                level_labels.get(row["decision"], ""),
            ]
            for row in record["ranking"]
        ],
    )
    sheet(
        "评分明细",
        ["名次", f"{noun}编号", noun, "专家", "单位", *names, "加权总分", "截尾剔除", "评审意见"],
        [
            [
                row["rank"],
                row["case_id"],
                row["title"],
                s["expert"],
                s["affiliation"],
                *[_num(v) for v in s["values"]],
                _num(s["total"]),
                "是" if s["trimmed"] else "",
                s["comment"],
            ]
            for row in record["ranking"]
            for s in row["sheets"]
        ],
    )
    sheet(
        "评分标准",
        ["评分项", "权重", "满分", "帮扶成效指标"],
        [
            [c["name"], _num(c["weight"]), _num(c["max_score"]), "是" if c["is_impact"] else ""]
            for c in record["criteria"]
        ],
    )
    sheet(
        "回避记录",
        [f"{noun}编号", noun, "专家", "原因", "说明"],
        [
            [r["case_id"], r["case_title"], r["expert"], r["reason"], r["detail"]]
            for r in record["recusals"]
        ],
    )
    sheet(
        "评选决定",
        [f"{noun}编号", noun, "认定", "理由", "决定人", "决定时间"],
        [
            [
                d["case_id"],
                d["case_title"],
                d["level"],
                d["reason"],
                d["decided_by"],
                d["decided_at"],
            ]
            for d in record["decisions"]
        ],
    )
    sheet(
        "数据摘要",
        ["项目", "内容"],
        [
            ["评选", record["round"]["title"]],
            ["所证明的状态", certified_state(snapshot)],
            ["同分排序规则", "；".join(record["tie_break"])],
            ["数据摘要 SHA-256", sha256],
            ["核验地址", verify_url(sha256)],
        ],
    )
    return book.to_bytes(), sha256


def _num(text):
    from decimal import Decimal

    return None if text is None else Decimal(text)


# -- report ---------------------------------------------------------------------------


def report_pdf(selection_round, snapshot=None) -> tuple[bytes, str]:
    snapshot = snapshot or certified_snapshot(selection_round)
    record, sha256 = snapshot.record, snapshot.sha256
    pdf = render_pdf(
        "selection/report_pdf.html",
        {
            "record": record,
            "sha256": sha256,
            "certified_state": certified_state(snapshot),
            "verify_url": verify_url(sha256),
            "generated_at": timezone.localtime(),
            "recommended": [r for r in record["ranking"] if r["decision"] == Decision.NATIONAL],
            "city": [r for r in record["ranking"] if r["decision"] == Decision.CITY],
        },
    )
    return pdf, sha256
