"""A round with decided cases (metrics included) and its 公示, for the publicity tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import CaseMetric
from reports.publicity import PublicityNotice
from selection.models import Decision
from tests.selection.factories import make_case, make_round


def decided_round(editor):
    """Two decided cases: 案例甲 推荐至市场监管总局 with two metrics, 案例乙 市级优良案例;
    a third candidate is not decided."""
    first = make_case(title="天津甲机械有限公司质量体系提升案例")
    second = make_case(title="天津乙电子有限公司精准帮扶案例", district="武清区")
    other = make_case(title="天津丙食品有限公司未入选案例")
    CaseMetric.objects.create(
        page=first, kind="pass_rate", before=Decimal("91.5"), after=Decimal("98.2")
    )
    CaseMetric.objects.create(
        page=first, kind="output_value", before=Decimal("1200"), after=Decimal("1575")
    )
    selection_round = make_round([first, second, other])
    now = timezone.now()
    for case, level in ((first, Decision.NATIONAL), (second, Decision.CITY)):
        Decision.objects.create(
            round=selection_round,
            entry=selection_round.entry_for(case.pk),
            level=level,
            reason="帮扶成效突出",
            decided_by=editor,
            decided_at=now,
        )
    return selection_round, first, second, other


def notice_for(selection_round, *, days_left=3):
    today = timezone.localdate()
    return PublicityNotice.objects.create(
        round=selection_round,
        title="2024年度小微企业质量管理优良案例评选结果公示",
        starts_on=today - datetime.timedelta(days=2),
        ends_on=today + datetime.timedelta(days=days_left),
    )
