"""A metric is a rate whatever its unit's spelling: 0–100 inclusive, nothing else."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.checks import measured_results
from cases.models import CaseMetric, CasePage
from cases.models.metrics import is_rate_unit

RATE_SPELLINGS = [
    "%",
    "％",
    "百分比",
    "百分率",
    "percent",
    "Percent",
    " % ",
    "（％）",
    "(%)",
    "PCT",
]
NOT_RATES = ["", "万元", "人", "个", "次", "‰", "百分点", "ppm", "%%"]


def other(unit, before="10", after="20"):
    return CaseMetric(
        kind="other",
        label="返工率",
        unit=unit,
        before=Decimal(before) if before is not None else None,
        after=Decimal(after) if after is not None else None,
    )


@pytest.mark.parametrize("unit", RATE_SPELLINGS)
def test_every_spelling_of_per_cent_is_a_rate(unit):
    assert is_rate_unit(unit)
    assert other(unit).is_rate


@pytest.mark.parametrize("unit", NOT_RATES)
def test_other_units_are_not_rates(unit):
    assert not is_rate_unit(unit)


@pytest.mark.parametrize("unit", RATE_SPELLINGS)
@pytest.mark.parametrize("value", ["0", "0.00", "100", "100.00", "99.99", "55.5"])
def test_rates_from_0_to_100_inclusive_are_accepted(unit, value):
    other(unit, before=value, after=value).clean()


@pytest.mark.parametrize("unit", RATE_SPELLINGS)
@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("100.01", "提升后数值 100.01% 超过 100%"),
        ("150", "提升后数值 150% 超过 100%"),
        ("-0.01", "提升后数值 -0.01 不能为负数"),
        ("-5", "提升后数值 -5 不能为负数"),
    ],
)
def test_rates_outside_0_to_100_are_refused_naming_the_row(unit, value, text):
    with pytest.raises(ValidationError) as error:
        other(unit, before="50", after=value).clean()
    assert f"指标“返工率”的{text}" in error.value.message_dict["after"]


@pytest.mark.parametrize("unit", ["万元", "人"])
def test_amounts_may_exceed_100(unit):
    other(unit, before="50", after="150").clean()


@pytest.mark.parametrize("unit", ["％", "百分比", "percent"])
def test_a_rate_shows_as_per_cent_and_changes_in_points(unit):
    row = other(unit, before="80", after="95")
    assert row.after_display == "95%"
    assert row.change_display == "+15 个百分点"


@pytest.mark.django_db
def test_the_submission_check_names_the_row_number():
    case = CasePage(title="x", enterprise_name="x")
    case.metrics = [
        other("%", before="80", after="90"),
        other("百分比", before="80", after="150"),
    ]
    messages = [r.message for r in measured_results(case) if not r.passed]
    assert messages == ["“绩效指标”第2行：指标“返工率”的提升后数值 150% 超过 100%"]
