"""Demo: last year's selection round with five experts, scored, closed and decided, so the
workbench has a ranking, the cases their recognitions and the previous campaign is done.
The year is relative to today (``library.demo_campaigns``)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from library.demo import DEMO_PASSWORD
from library.demo_campaigns import demo_campaigns
from library.models import CertificationBody, Expert
from library.roles import EXPERTS, role_group

ROUND_TITLE = "{year}年度小微企业质量管理优良案例评选"
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
    from cases.demo import CASES
    from cases.models import CasePage
    from selection.assignment import auto_assign
    from selection.decisions import decide
    from selection.models import ExpertRelationship, SelectionRound
    from selection.scoring import confirm_no_conflict, save_scores

    campaign, _ = demo_campaigns()
    if campaign is None or SelectionRound.objects.filter(campaign=campaign).exists():
        return
    title = ROUND_TITLE.format(year=campaign.year)
    experts = ensure_panel()
    cases = list(CasePage.objects.live().filter(campaign=campaign).order_by("id"))
    if not cases:
        return
    editor = get_user_model().objects.filter(username="editor").first()
    # One declared tie, so the workbench shows a relationship recusal.
    ExpertRelationship.objects.get_or_create(
        expert=experts[1],
        credit_code=cases[0].credit_code or "911200000000000000",
        relation="consultant",
        defaults={"enterprise_name": cases[0].enterprise_name or cases[0].title},
    )
    selection_round = SelectionRound.objects.create(
        title=title,
        campaign=campaign,
        scoring_deadline=timezone.now() + datetime.timedelta(days=1),
        experts_per_case=3,
        recommend_count=3,
        min_scores=2,
    )
    selection_round.set_candidates(cases)
    selection_round.experts.set(experts)
    selection_round.save()
    auto_assign(selection_round)
    criteria = list(selection_round.criteria.order_by("sort_order"))
    for assignment in selection_round.assignments.select_related("expert__user", "entry"):
        user = assignment.expert.user
        if assignment.status == assignment.RECUSED:
            continue
        confirm_no_conflict(assignment, user)
        values = {
            c.id: str(5 + (assignment.entry.subject_id * 3 + assignment.expert_id + i) % 6)
            for i, c in enumerate(criteria)
        }
        save_scores(assignment, user, values, "帮扶措施具体，成效有数据支撑。")
    # Last year's scoring closed on 15 December (demo history, set directly), and the
    # commission decided the cases the demo marks.
    deadline = timezone.make_aware(datetime.datetime(campaign.year, 12, 15, 17, 0))
    SelectionRound.objects.filter(pk=selection_round.pk).update(scoring_deadline=deadline)
    selection_round.refresh_from_db()
    decisions = {spec[0]: spec[-1] for spec in CASES if spec[-1]}
    decided = 0
    for case in cases:
        level = decisions.get(case.slug)
        if level and editor is not None:
            decide(selection_round, case, level, "帮扶措施针对性强，成效数据完整可核", editor)
            decided += 1
    report(
        f"评选演示：{title}，{len(cases)} 个候选案例，{len(experts)} 名专家，已评分截止并认定 "
        f"{decided} 个案例（评审专家账号 expert 及 zhuanjia1–4，密码同上）"
    )
