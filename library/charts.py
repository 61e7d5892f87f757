"""Charts drawn as inline SVG on the server: one module for the case page's before/after
chart and the campaign dashboard's progress charts.

No chart library and no JavaScript: the SVG scales to the width of a phone (``viewBox``,
``width="100%"``), prints as crisply as it shows, and each chart has a ``<title>``; the
table beside it stays the accessible version of the same figures. Styles:
``static/css/charts.css`` (classes ``chart-*``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

ROW_HEIGHT = 46
LABEL_WIDTH = 150
BAR_WIDTH = 330
WIDTH = LABEL_WIDTH + BAR_WIDTH + 110


def format_number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _join(parts):
    return mark_safe(format_html_join("", "{}", ((part,) for part in parts)))


def _svg(css, chart_id, title, width, height, parts):
    return format_html(
        '<svg class="chart {}" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet"><title id="{}">{}</title>{}</svg>',
        css,
        chart_id,
        width,
        height,
        chart_id,
        title,
        _join(parts),
    )


def _bar(x, y, width, css, value, unit, height=14):
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}" rx="2"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}{}</text>',
        x,
        y,
        f"{max(width, 0):.1f}",
        height,
        css,
        f"{x + max(width, 0) + 6:.1f}",
        y + height - 2,
        format_number(value),
        unit,
    )


def _legend(items, x=LABEL_WIDTH, y=4):
    parts = []
    for label, css in items:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" class="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                x,
                y,
                css,
                x + 16,
                y + 11,
                label,
            )
        )
        x += 16 + 14 * len(label) + 18
    return parts


@dataclass(frozen=True)
class BeforeAfter:
    label: str
    before: Decimal
    after: Decimal
    unit: str = ""
    scale: Decimal | None = None  # 100 for rates; None: the larger of the two values


def before_after_chart(rows, *, title="提升前后对比图", chart_id="metrics-chart") -> str:
    """Before (grey) and after (blue) for each row, as paired horizontal bars."""
    rows = [row for row in rows if row.before is not None and row.after is not None]
    if not rows:
        return ""
    parts = _legend([("提升前", "bar-before"), ("提升后", "bar-after")])
    for index, row in enumerate(rows):
        top = 28 + index * ROW_HEIGHT
        scale = row.scale or max(row.before, row.after) or 1
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>', top + 18, row.label[:10]
            )
        )
        for offset, value, css in ((0, row.before, "bar-before"), (17, row.after, "bar-after")):
            width = float(value) / float(scale) * BAR_WIDTH
            parts.append(_bar(LABEL_WIDTH, top + offset, width, css, value, row.unit))
    height = ROW_HEIGHT * len(rows) + 30
    return _svg("metrics-chart", chart_id, title, WIDTH, height, parts)


@dataclass(frozen=True)
class Progress:
    label: str
    value: int
    minimum: int
    maximum: int | None = None


def progress_chart(rows, *, title, chart_id, unit="个", label_width=LABEL_WIDTH) -> str:
    """One bar per row against its minimum (a dashed line) and maximum (a solid line); bars
    short of the minimum are drawn in the warning colour, over the maximum in red."""
    rows = list(rows)
    if not rows:
        return ""
    top_value = max(
        [1]
        + [row.value for row in rows]
        + [row.minimum for row in rows]
        + [row.maximum for row in rows if row.maximum is not None]
    )
    step = BAR_WIDTH / top_value
    row_height = 24
    parts = _legend(
        [("未达最低数", "bar-short"), ("已达要求", "bar-met"), ("超出上限", "bar-over")],
        x=label_width,
    )
    for index, row in enumerate(rows):
        top = 28 + index * row_height
        if row.value < row.minimum:
            css = "bar-short"
        elif row.maximum is not None and row.value > row.maximum:
            css = "bar-over"
        else:
            css = "bar-met"
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>', top + 13, row.label[:10]
            )
        )
        parts.append(_bar(label_width, top + 2, row.value * step, css, row.value, unit, 13))
        marks = [(row.minimum, "chart-min")]
        if row.maximum is not None:
            marks.append((row.maximum, "chart-max"))
        for value, mark in marks:
            x = label_width + value * step
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" class="{}"></line>',
                    f"{x:.1f}",
                    f"{x:.1f}",
                    top,
                    top + 18,
                    mark,
                )
            )
    height = 28 + row_height * len(rows) + 8
    return _svg("progress-chart", chart_id, title, label_width + BAR_WIDTH + 70, height, parts)


def timeline_chart(series, *, start, end, deadline, today, title, chart_id) -> str:
    """Cumulative counts over time: ``series`` is [(label, css, [dates])]; a vertical line
    marks the deadline and a dotted one today."""
    if end <= start:
        end = start + datetime.timedelta(days=1)
    width, height, left, bottom, top = WIDTH, 220, 40, 190, 40
    days = (end - start).days
    counts = [len(dates) for _, _, dates in series]
    peak = max([1, *counts])

    def x_of(day):
        day = min(max(day, start), end)
        return left + (day - start).days / days * (width - left - 20)

    def y_of(value):
        return bottom - value / peak * (bottom - top)

    parts = _legend([(label, css) for label, css, _ in series], x=left, y=4)
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-axis"></line>'
            '<text x="{}" y="{}" class="chart-value">{}</text>'
            '<text x="{}" y="{}" class="chart-value" text-anchor="end">{}</text>'
            '<text x="0" y="{}" class="chart-value">{}</text>',
            left,
            width - 20,
            bottom,
            bottom,
            left,
            bottom + 16,
            f"{start:%m-%d}",
            width - 20,
            bottom + 16,
            f"{end:%m-%d}",
            top + 4,
            peak,
        )
    )
    for day, css, label in ((deadline, "chart-deadline", "截止"), (today, "chart-today", "今天")):
        if start <= day <= end:
            x = x_of(day)
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" class="{}"></line>'
                    '<text x="{}" y="{}" class="chart-value" text-anchor="middle">{}</text>',
                    f"{x:.1f}",
                    f"{x:.1f}",
                    top - 6,
                    bottom,
                    css,
                    f"{x:.1f}",
                    top - 10,
                    label,
                )
            )
    for _label, css, dates in series:
        points, total = [(x_of(start), y_of(0))], 0
        for day in sorted(dates):
            x = x_of(day)
            points.append((x, y_of(total)))
            total += 1
            points.append((x, y_of(total)))
        points.append((x_of(min(today, end)), y_of(total)))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            format_html('<polyline points="{}" class="chart-line {}"></polyline>', path, css)
        )
    return _svg("timeline-chart", chart_id, title, width, height + 20, parts)
