"""Demo: a 2024 selection round with five experts, assigned and partly scored, so the
workbench has a ranking and the demo account ``expert`` (周建国) has cases waiting."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from library.demo import DEMO_PASSWORD
from library.models import Campaign, CertificationBody, Expert
from library.roles import EXPERTS, role_group

ROUND_TITLE = "2024年度小微企业质量管理优良案例评选"
# username, name, certification body (or None), other affiliation
PANEL = [
    ("expert", "周建国", None, "南开大学商学院"),
    ("zhuanjia1", "孙立平", None, "天津市质量协会"),
    ("zhuanjia2", "何晓东", None, "天津大学管理与经济学部"),
    ("zhuanjia3", "马丽", "天津华正认证有限公司", ""),
    ("zhuanjia4", "高峰", "津沽质量认证中心有限公司", ""),
]


def ensure_panel():
    User = get_user_model()
    experts = []
    for username, name, body_name, other in PANEL:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@demo.example.cn",
                first_name=name,
            )
            user.groups.add(role_group(EXPERTS))
        expert = Expert.objects.filter(user=user).first()
        if expert is None:
            expert = Expert.objects.create(
                name=name,
                user=user,
                certification_body=CertificationBody.objects.filter(name=body_name).first()
                if body_name
                else None,
                other_affiliation=other,
            )
        experts.append(expert)
    return experts


def add_demo_round(report):
    from cases.models import CasePage
    from selection.assignment import auto_assign
    from selection.models import ExpertRelationship, SelectionRound
    from selection.scoring import confirm_no_conflict, save_scores

    campaign = Campaign.objects.filter(year=2024).first()
    if campaign is None or SelectionRound.objects.filter(title=ROUND_TITLE).exists():
        return
    experts = ensure_panel()
    cases = list(CasePage.objects.live().filter(campaign=campaign).order_by("id"))
    if not cases:
        return
    # One declared tie, so the workbench shows a relationship recusal.
    ExpertRelationship.objects.get_or_create(
        expert=experts[1],
        credit_code=cases[0].credit_code or "911200000000000000",
        relation="consultant",
        defaults={"enterprise_name": cases[0].enterprise_name or cases[0].title},
    )
    selection_round = SelectionRound.objects.create(
        title=ROUND_TITLE,
        campaign=campaign,
        scoring_deadline=timezone.now() + datetime.timedelta(days=30),
        experts_per_case=3,
        recommend_count=3,
        min_scores=2,
    )
    selection_round.candidates.set(cases)
    selection_round.experts.set(experts)
    selection_round.save()
    auto_assign(selection_round)
    criteria = list(selection_round.criteria.order_by("sort_order"))
    # Everyone but 周建国 has scored, so his dashboard still has work to do.
    for assignment in selection_round.assignments.exclude(expert=experts[0]).select_related(
        "expert__user", "case"
    ):
        user = assignment.expert.user
        confirm_no_conflict(assignment, user)
        values = {
            c.id: str(5 + (assignment.case_id * 3 + assignment.expert_id + i) % 6)
            for i, c in enumerate(criteria)
        }
        save_scores(assignment, user, values, "帮扶措施具体，成效有数据支撑。")
    report(
        f"评选演示：{ROUND_TITLE}，{len(cases)} 个候选案例，{len(experts)} 名专家"
        f"（评审专家账号 expert 及 zhuanjia1–4，密码同上）"
    )
