"""Before/after measures of a case: the "量化绩效指标和可测量的绩效结果" the 2023 notice asks for.

The named measures are the ones 附件3 of the 2024 notice counts for the pilot regions, so
the statistics table can be computed from the cases; free rows hold anything else.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from library.charts import BeforeAfter, format_number
from library.text import normalize

PERCENT = "%"
# Every spelling of "per cent" a district writes in the unit column (after NFKC, so the
# full-width ％ is %; brackets and spaces dropped): all of them make the row a rate, 0–100.
RATE_UNITS = frozenset({"%", "百分比", "百分率", "百分数", "percent", "percentage", "pct"})


def is_rate_unit(unit: str) -> bool:
    """True when ``unit`` says "per cent", however it is spelled (％, 百分比, percent…)."""
    text = "".join(normalize(unit).split()).strip("()[]【】")
    return text in RATE_UNITS


@dataclass(frozen=True)
class MetricKind:
    key: str
    name: str
    unit: str
    higher_is_better: bool


METRIC_KINDS = [
    MetricKind("pass_rate", "产品合格率", PERCENT, True),
    MetricKind("first_pass_yield", "一次合格率", PERCENT, True),
    MetricKind("defect_rate", "残次品率", PERCENT, False),
    MetricKind("customer_satisfaction", "客户满意度", PERCENT, True),
    MetricKind("complaint_rate", "投诉率", PERCENT, False),
    MetricKind("output_value", "产值", "万元", True),
    MetricKind("market_share", "市场占有率", PERCENT, True),
    MetricKind("export_value", "出口产值", "万元", True),
    MetricKind("quality_staff", "培育质量管理人才", "人", True),
    MetricKind("pain_points_solved", "解决质量“痛点”问题", "个", True),
    MetricKind("other", "其他指标", "", True),
]
KINDS = {kind.key: kind for kind in METRIC_KINDS}
OTHER = "other"


class CaseMetric(Orderable):
    """One measured result: a value before the help and one after, over a stated period."""

    page = ParentalKey("cases.CasePage", on_delete=models.CASCADE, related_name="metrics")
    kind = models.CharField(
        "指标", max_length=30, choices=[(k.key, k.name) for k in METRIC_KINDS], default="pass_rate"
    )
    label = models.CharField(
        "指标名称", max_length=60, blank=True, help_text="选择“其他指标”时必填；其余可留空"
    )
    unit = models.CharField(
        "单位", max_length=20, blank=True, help_text="留空时按指标默认单位（比率为 %）"
    )
    before = models.DecimalField("提升前", max_digits=14, decimal_places=2, null=True, blank=True)
    after = models.DecimalField("提升后", max_digits=14, decimal_places=2, null=True, blank=True)
    higher_is_better = models.BooleanField(
        "数值越高越好",
        default=True,
        help_text="仅对“其他指标”有效；如残次品率这类越低越好的，请取消勾选",
    )
    period = models.CharField(
        "统计期间", max_length=60, blank=True, help_text="例如：2023年1-6月 对比 2024年1-6月"
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("label"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("before"), FieldPanel("after"), FieldPanel("period")]),
        FieldPanel("higher_is_better"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"

    def __str__(self):
        return self.name

    @property
    def definition(self) -> MetricKind:
        return KINDS.get(self.kind, KINDS[OTHER])

    @property
    def name(self) -> str:
        return self.label.strip() or self.definition.name

    @property
    def display_unit(self) -> str:
        return self.unit.strip() or self.definition.unit

    @property
    def is_rate(self) -> bool:
        return is_rate_unit(self.display_unit)

    @property
    def better_when_higher(self) -> bool:
        return self.higher_is_better if self.kind == OTHER else self.definition.higher_is_better

    def problems(self) -> list[tuple[str, str]]:
        """(field, Chinese message naming the row) for each impossible value."""
        found = []
        if self.kind == OTHER and not self.label.strip():
            found.append(("label", "“其他指标”需要填写指标名称"))
        if self.kind == OTHER and not self.unit.strip():
            found.append(("unit", f"指标“{self.name}”需要填写单位"))
        for field, caption in (("before", "提升前"), ("after", "提升后")):
            value = getattr(self, field)
            if value is None:
                continue
            if value < 0:
                found.append(
                    (field, f"指标“{self.name}”的{caption}数值 {format_number(value)} 不能为负数")
                )
            elif self.is_rate and value > 100:
                found.append(
                    (field, f"指标“{self.name}”的{caption}数值 {format_number(value)}% 超过 100%")
                )
        if self.after is not None and self.before is None:
            found.append(("before", f"指标“{self.name}”填写了提升后数值，但缺少提升前数值"))
        return found

    def clean(self):
        super().clean()
        errors = {}
        for field, message in self.problems():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    @property
    def before_display(self) -> str:
        return self._with_unit(self.before)

    @property
    def after_display(self) -> str:
        return self._with_unit(self.after)

    def _with_unit(self, value):
        if value is None:
            return "—"
        return f"{format_number(value)}%" if self.is_rate else format_number(value)

    # The computed change, shown on the page and used by the statistics.
    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def relative_change(self) -> Decimal | None:
        """Change as a share of the before value, in %; None when before is zero."""
        if self.change is None or not self.before:
            return None
        return (self.change / self.before * 100).quantize(Decimal("0.1"))

    @property
    def improved(self) -> bool | None:
        if not self.change:
            return None
        return (self.change > 0) == self.better_when_higher

    @property
    def change_display(self) -> str:
        change = self.change
        if change is None:
            return "—"
        sign = "+" if change > 0 else ""
        if self.is_rate:
            return f"{sign}{format_number(change)} 个百分点"
        text = f"{sign}{format_number(change)} {self.display_unit}".strip()
        if self.relative_change is not None:
            text += f"（{sign}{format_number(self.relative_change)}%）"
        return text


def chart_rows(metrics):
    """The case's metrics with both values, as rows of the before/after chart (rates on a
    0–100 scale)."""
    return [
        BeforeAfter(
            metric.name,
            metric.before,
            metric.after,
            "%" if metric.is_rate else "",
            Decimal(100) if metric.is_rate else None,
        )
        for metric in metrics
        if metric.before is not None and metric.after is not None
    ]
