"""The 评估报告's section on the 附件1 evaluation of the districts and the certification bodies:
per round of those kinds in the campaign, the ranking (trimmed mean of the experts' scores,
``selection.ranking``) with the commission's decisions, and the complaints and 通报批评
recorded about bodies. Absent when the campaign has no such round and no such record."""

from reports.annual_report import Section, Table, _value

KIND_HEADINGS = (("district", "各区提升行动评估"), ("body", "认证机构提升行动评估"))


def _round_table(selection_round):
    from selection.ranking import round_results

    kind = selection_round.kind
    subjects = {s.pk: s for s in selection_round.candidate_subjects()}
    decisions = {
        getattr(d.entry, f"{kind.entry_field}_id"): d
        for d in selection_round.decisions.select_related("entry")
    }
    results = round_results(selection_round).results
    rows = []
    for result in results:
        subject = subjects.get(result.case_id)
        if subject is None:
            continue
        decision = decisions.get(result.case_id)
        rows.append(
            [
                result.rank if result.ranked else "—",
                kind.title(subject),
                _value(result.score),
                result.count,
                decision.get_level_display() if decision else "",
                "" if result.ranked else result.unranked_reason,
            ]
        )
    return Table(
        f"{selection_round.title}：排名与认定",
        ["名次", kind.label, "综合得分", "有效评分", "认定结果", "说明"],
        rows,
    )


def _complaints(campaign):
    from reports.complaints import BodyComplaint

    records = list(
        BodyComplaint.objects.filter(campaign=campaign)
        .select_related("body")
        .order_by("body__name", "date")
    )
    if not records:
        return None
    section = Section("认证机构投诉与通报批评")
    section.paragraphs.append(
        f"本年度共记录投诉 {sum(1 for r in records if r.kind == 'complaint')} 件、"
        f"通报批评 {sum(1 for r in records if r.kind == 'criticism')} 次。"
    )
    section.tables.append(
        Table(
            "投诉与通报批评记录",
            ["认证机构", "类别", "日期", "事由摘要"],
            [[r.body.name, r.get_kind_display(), f"{r.date:%Y-%m-%d}", r.summary] for r in records],
        )
    )
    return section


def evaluation_section(campaign, title="五、各区与认证机构评估结果"):
    """The section, or None when there is nothing to report."""
    from selection.models import SelectionRound

    rounds = list(
        SelectionRound.objects.filter(
            campaign=campaign, subject_kind__in=[key for key, _ in KIND_HEADINGS]
        ).order_by("created_at", "pk")
    )
    complaints = _complaints(campaign)
    if not rounds and complaints is None:
        return None
    section = Section(title)
    section.paragraphs.append(
        "依据附件1《提升行动工作成效评估内容及指标一览表》，专家组按组织发动、宣传培训和企业帮扶"
        "综合定性打分（去掉最高分和最低分后取平均），市市场监管委据此认定表现突出、进步提升较大的区"
        "和提升行动优秀认证机构。"
    )
    for key, heading in KIND_HEADINGS:
        for selection_round in (r for r in rounds if r.subject_kind == key):
            child = Section(f"{heading}：{selection_round.title}")
            if selection_round.is_scoring_open():
                child.paragraphs.append("专家评分进行中，评分截止后列出排名。")
            else:
                table = _round_table(selection_round)
                decided = [row for row in table.rows if row[4]]
                child.paragraphs.append(
                    f"参评 {len(table.rows)} 个，认定 {len(decided)} 个"
                    + (
                        "：" + "、".join(f"{row[1]}（{row[4]}）" for row in decided) + "。"
                        if decided
                        else "。"
                    )
                )
                child.tables.append(table)
            section.children.append(child)
    if complaints is not None:
        section.children.append(complaints)
    return section
