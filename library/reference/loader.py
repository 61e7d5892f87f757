"""Load the reference data once, never overwriting or resurrecting what editors changed."""

from dataclasses import dataclass, field

from django.db import transaction

from library.models import (
    Campaign,
    CampaignPhase,
    Clause,
    District,
    Industry,
    PilotRegion,
    ReferenceSeed,
)
from library.reference import data


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)

    def count(self, kind):
        self.created[kind] = self.created.get(kind, 0) + 1

    def __str__(self):
        if not self.created:
            return "参考数据已是最新，未新增任何记录"
        return "新增：" + "，".join(f"{kind} {n} 条" for kind, n in self.created.items())


def _seed(report, kind, key, *, exists, create):
    """Create a reference row the first time only; a recorded seed is never loaded again."""
    if ReferenceSeed.objects.filter(kind=kind, key=key).exists():
        return
    if not exists():
        create()
        report.count(kind)
    ReferenceSeed.objects.create(kind=kind, key=key)


@transaction.atomic
def load_reference_data():
    report = LoadReport()

    for order, (code, name) in enumerate(data.DISTRICTS):
        _seed(
            report,
            "区",
            code,
            exists=lambda code=code: District.objects.filter(code=code).exists(),
            create=lambda code=code, name=name, order=order: District.objects.create(
                code=code, name=name, sort_order=order
            ),
        )

    for order, (code, name) in enumerate(data.INDUSTRIES):
        _seed(
            report,
            "行业",
            code,
            exists=lambda code=code: Industry.objects.filter(code=code).exists(),
            create=lambda code=code, name=name, order=order: Industry.objects.create(
                code=code, name=name, sort_order=order
            ),
        )

    district_codes = {name: code for code, name in data.DISTRICTS}
    for name, industry_code, district_names in data.PILOT_REGIONS:

        def create_region(name=name, industry_code=industry_code, district_names=district_names):
            region = PilotRegion.objects.create(
                name=name, industry=Industry.objects.get(code=industry_code)
            )
            codes = [district_codes[n] for n in district_names]
            region.districts.set(District.objects.filter(code__in=codes))

        _seed(
            report,
            "试点区域",
            name,
            exists=lambda name=name: PilotRegion.objects.filter(name=name).exists(),
            create=create_region,
        )

    for number, title in data.CLAUSES:
        parent_number = number.rsplit(".", 1)[0] if "." in number else None

        def create_clause(number=number, title=title, parent_number=parent_number):
            parent = Clause.objects.filter(number=parent_number).first() if parent_number else None
            Clause.objects.create(number=number, title=title, parent=parent)

        _seed(
            report,
            "标准条款",
            number,
            exists=lambda number=number: Clause.objects.filter(number=number).exists(),
            create=create_clause,
        )

    for spec in data.CAMPAIGNS:

        def create_campaign(spec=spec):
            fields = {k: v for k, v in spec.items() if k != "phases"}
            campaign = Campaign.objects.create(**fields)
            for order, (name, start, end, description) in enumerate(spec["phases"]):
                CampaignPhase.objects.create(
                    campaign=campaign,
                    sort_order=order,
                    name=name,
                    start_date=start,
                    end_date=end,
                    description=description,
                )

        _seed(
            report,
            "年度行动",
            str(spec["year"]),
            exists=lambda spec=spec: Campaign.objects.filter(year=spec["year"]).exists(),
            create=create_campaign,
        )

    return report
