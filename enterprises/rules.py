"""The rules the 2023 annex sets on the help, as plain functions of the ledger.

- 体系运行至少 3 个月: the system started on or before the submission day moved back three
  calendar months (a day the earlier month lacks becomes its last day): started on 31 May,
  a case may go in from 31 August; started on 30 November, from 1 March (28 February minus
  three months is 28 November). And an 内审 and a 管理评审 are recorded.
- 帮扶专家不得进审核组: an expert who helped the enterprise (in any campaign) on its audit team.
- 每位帮扶专家负责 1-2 个企业, 尽量不跨地区: warnings, per campaign.

``cases.rules`` applies the first two to a case at submission (with the editors' exception);
the dashboard (``reports``) shows the breaches and warnings.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

MIN_OPERATION_MONTHS = 3
MAX_ENTERPRISES_PER_EXPERT = 2


def shift_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by calendar months (back when negative); a day the target month lacks
    becomes its last day."""
    year, month = divmod(day.year * 12 + (day.month - 1) + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day: datetime.date, months: int) -> datetime.date:
    return shift_months(day, -months)


def ran_long_enough(started_on, submitted_on, months=MIN_OPERATION_MONTHS) -> bool:
    return started_on is not None and started_on <= months_before(submitted_on, months)


def earliest_submission(started_on: datetime.date) -> datetime.date:
    """The first day ``d`` with ``ran_long_enough(started_on, d)``, for the message."""
    day = shift_months(started_on, MIN_OPERATION_MONTHS)
    while months_before(day, MIN_OPERATION_MONTHS) < started_on:
        day += datetime.timedelta(days=1)
    return day


def readiness_problems(ledger, submitted_on: datetime.date) -> list[str]:
    """What the ledger lacks for a case submitted on ``submitted_on`` (Chinese), [] when ready."""
    missing = []
    if ledger.operation_started_on is None:
        missing.append("未登记体系开始运行日期")
    elif not ran_long_enough(ledger.operation_started_on, submitted_on):
        started = ledger.operation_started_on
        missing.append(
            f"体系于{started:%Y年%m月%d日}开始运行，至报送日不满 {MIN_OPERATION_MONTHS} 个月"
            f"（{earliest_submission(started):%Y年%m月%d日}起方可报送）"
        )
    if not ledger.internal_audits.exists():
        missing.append("未记录内部审核（内审）")
    if not ledger.management_reviews.exists():
        missing.append("未记录管理评审")
    return missing


def impartiality_breaches(ledger):
    """The experts on ``ledger``'s audit team who helped the enterprise (any campaign)."""
    from library.models import Expert

    helpers = Expert.objects.filter(help_ledgers__enterprise_id=ledger.enterprise_id)
    return list(
        Expert.objects.filter(audited_ledgers=ledger.pk)
        .filter(pk__in=helpers.values("pk"))
        .distinct()
        .order_by("name", "pk")
    )


def breach_message(ledger, experts) -> str:
    names = "、".join(expert.name for expert in experts)
    return f"帮扶专家不得进审核组：{names}帮扶过{ledger.enterprise.name}，却在其认证审核组中"


@dataclass
class LedgerFlag:
    ledger: object
    experts: list

    @property
    def message(self):
        return breach_message(self.ledger, self.experts)


def campaign_breaches(campaign):
    """Every ledger of ``campaign`` whose audit team includes a helper of the enterprise."""
    from enterprises.models import HelpLedger

    ledgers = (
        HelpLedger.objects.filter(campaign=campaign, audit_team__isnull=False)
        .select_related("enterprise", "body", "enterprise__district")
        .distinct()
    )
    flags = []
    for ledger in ledgers:
        experts = impartiality_breaches(ledger)
        if experts:
            flags.append(LedgerFlag(ledger, experts))
    return flags


@dataclass
class ExpertWarning:
    expert: object
    message: str


def expert_warnings(campaign, experts=None):
    """Experts who help more than 2 enterprises, or enterprises in more than one district,
    in ``campaign`` (the annex: 1-2 enterprises each, no cross-district help)."""
    from enterprises.models import HelpLedger

    ledgers = HelpLedger.objects.filter(campaign=campaign)
    rows = ledgers.values_list(
        "helper_experts", "enterprise_id", "enterprise__district__name"
    ).filter(helper_experts__isnull=False)
    if experts is not None:
        rows = rows.filter(helper_experts__in=experts)
    enterprises = defaultdict(set)
    districts = defaultdict(set)
    for expert_id, enterprise_id, district_name in rows:
        enterprises[expert_id].add(enterprise_id)
        if district_name:
            districts[expert_id].add(district_name)
    from library.models import Expert

    names = Expert.objects.in_bulk(list(enterprises))
    warnings = []
    for expert_id in sorted(enterprises, key=lambda pk: names[pk].name):
        expert = names[expert_id]
        count = len(enterprises[expert_id])
        if count > MAX_ENTERPRISES_PER_EXPERT:
            warnings.append(
                ExpertWarning(
                    expert,
                    f"帮扶专家{expert.name}在{campaign.year}年帮扶 {count} 家企业，"
                    f"建议每位专家帮扶 1-{MAX_ENTERPRISES_PER_EXPERT} 家",
                )
            )
        if len(districts[expert_id]) > 1:
            warnings.append(
                ExpertWarning(
                    expert,
                    f"帮扶专家{expert.name}跨区帮扶（{'、'.join(sorted(districts[expert_id]))}），"
                    "建议帮扶专家不跨地区开展工作",
                )
            )
    return warnings
