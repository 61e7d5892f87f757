"""Selection test data: published cases under their district, experts with accounts, rounds."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from cases.models import CasePage, DistrictCasesPage
from library.credit_code import make_credit_code
from library.models import Campaign, Expert
from selection.models import SelectionRound
from tests.factories import CertificationBodyFactory, ExpertFactory

_counter = iter(range(1, 1_000_000))


def campaign(year=2024):
    return Campaign.objects.get(year=year)


def make_case(
    *,
    district="北辰区",
    year=2024,
    helping_body=None,
    helpers=(),
    credit_code=None,
    title=None,
    live=True,
):
    n = next(_counter)
    section = DistrictCasesPage.objects.get(district__name=district)
    case = CasePage(
        title=title or f"测试企业{n:03d}质量提升案例",
        slug=f"sel-case-{n}",
        enterprise_name=f"天津测试企业{n:03d}有限公司",
        credit_code=credit_code or make_credit_code(f"91120113{n:09d}"),
        campaign=campaign(year),
        helping_body=helping_body,
        summary="通过精准帮扶建立适合企业实际的质量管理体系。",
        live=live,
    )
    section.add_child(instance=case)
    if helpers:
        case.helping_experts.set(helpers)
        case.save()
    return case


def make_expert(name=None, body=None, other_affiliation="", username=None):
    n = next(_counter)
    user = ExpertFactory(username=username or f"selexpert{n}")
    return Expert.objects.create(
        name=name or f"专家{n:03d}",
        user=user,
        certification_body=body,
        other_affiliation="" if body else (other_affiliation or "天津某大学"),
    )


def make_round(cases=(), experts=(), *, deadline=None, **kwargs):
    selection_round = SelectionRound.objects.create(
        title=kwargs.pop("title", "2024年度小微企业质量管理优良案例评选"),
        campaign=kwargs.pop("campaign", None) or campaign(),
        scoring_deadline=deadline or timezone.now() + datetime.timedelta(days=7),
        experts_per_case=kwargs.pop("k", 3),
        recommend_count=kwargs.pop("recommend_count", 2),
        min_scores=kwargs.pop("min_scores", 1),
        disagreement_threshold=kwargs.pop("threshold", Decimal("20")),
        **kwargs,
    )
    if cases:
        selection_round.set_candidates(cases)
    if experts:
        selection_round.experts.set(experts)
    if cases or experts:
        selection_round.save()
    return selection_round


class BodyFactory(CertificationBodyFactory):
    name = factory.Sequence(lambda n: f"天津评选测试认证有限公司{n:03d}")
    approval_number = factory.Sequence(lambda n: f"CNCA-R-2021-{n:03d}")
