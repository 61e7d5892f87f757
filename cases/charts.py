"""A small before/after bar chart for a case's metrics, drawn as inline SVG on the server.

No chart library and no JavaScript: it prints as crisply as it shows on screen, and the
numbers in the table beside it stay the accessible version.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from cases.models.metrics import format_number

ROW_HEIGHT = 46
LABEL_WIDTH = 150
BAR_WIDTH = 330
WIDTH = LABEL_WIDTH + BAR_WIDTH + 110


def _bar(x, y, width, css, value, unit):
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="14" class="{}" rx="2"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}{}</text>',
        x,
        y,
        f"{width:.1f}",
        css,
        f"{x + width + 6:.1f}",
        y + 12,
        format_number(value),
        unit,
    )


def metrics_chart(metrics) -> str:
    """SVG markup comparing before (grey) and after (blue) for each row with both values.

    Rates are drawn on a 0–100 scale; other measures against the larger of the two values.
    """
    rows = [m for m in metrics if m.before is not None and m.after is not None]
    if not rows:
        return ""
    height = ROW_HEIGHT * len(rows) + 30
    parts = []
    for index, metric in enumerate(rows):
        top = 28 + index * ROW_HEIGHT
        scale = 100 if metric.is_rate else max(metric.before, metric.after) or 1
        unit = "%" if metric.is_rate else ""
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>', top + 18, metric.name[:10]
            )
        )
        for offset, value, css in (
            (0, metric.before, "bar-before"),
            (17, metric.after, "bar-after"),
        ):
            width = float(value) / float(scale) * BAR_WIDTH
            parts.append(_bar(LABEL_WIDTH, top + offset, width, css, value, unit))
    legend = format_html(
        '<rect x="{}" y="4" width="12" height="12" class="bar-before"></rect>'
        '<text x="{}" y="15" class="chart-value">提升前</text>'
        '<rect x="{}" y="4" width="12" height="12" class="bar-after"></rect>'
        '<text x="{}" y="15" class="chart-value">提升后</text>',
        LABEL_WIDTH,
        LABEL_WIDTH + 16,
        LABEL_WIDTH + 70,
        LABEL_WIDTH + 86,
    )
    return format_html(
        '<svg class="metrics-chart" role="img" aria-labelledby="metrics-chart-title" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="metrics-chart-title">提升前后对比图</title>{}{}</svg>',
        WIDTH,
        height,
        legend,
        mark_safe(format_html_join("", "{}", ((part,) for part in parts))),
    )
