"""The annual 优良案例汇编: the cases a 公示 decided, as a printable PDF booklet with a cover,
a table of contents, and each case's metrics table and before/after chart."""

from library.charts import before_after_chart
from library.pdf import printable_chart, render_pdf


def case_entries(decisions):
    """One entry per decided case, in the notice's order (推荐至市场监管总局 first)."""
    from cases.models.metrics import chart_rows

    entries = []
    for index, decision in enumerate(decisions, start=1):
        case = decision.case
        metrics = list(case.metrics.all())
        entries.append(
            {
                "anchor": f"case-{index}",
                "number": index,
                "case": case,
                "level": decision.get_level_display(),
                "district": case.district.name if case.district_id else "",
                "metrics": metrics,
                "chart": printable_chart(
                    before_after_chart(chart_rows(metrics), chart_id=f"chart-{index}")
                ),
                "paragraphs": [p for p in case.body_text().split("\n") if p.strip()],
            }
        )
    return entries


def title_of(campaign):
    return f"天津市{campaign.year}年小微企业质量管理体系认证提升行动优良案例汇编"


def render(notice) -> bytes:
    campaign = notice.round.campaign
    context = {
        "title": title_of(campaign),
        "campaign": campaign,
        "notice": notice,
        "entries": case_entries(notice.decisions().select_related("entry__case__district")),
    }
    return render_pdf("reports/pdf/booklet.html", context)
