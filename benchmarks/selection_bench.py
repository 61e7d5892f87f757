"""Benchmark: a selection round with 500 cases and 30 experts.

Times the round's workbench (ranking) page and an expert's 我的评审任务 dashboard through the
Django test client: p50/p95 over N requests each and the number of queries per request.

    .venv/bin/python benchmarks/selection_bench.py [--requests 30]

Uses a throwaway SQLite file (/tmp/selection-bench.sqlite3, recreated each run) unless
DATABASE_URL is set — then that database is used as is, so point it at a throwaway one.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_FILE = Path("/tmp/selection-bench.sqlite3")

N_CASES, N_EXPERTS, K = 500, 30, 5


def setup_django():
    if "DATABASE_URL" not in os.environ:
        DB_FILE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_data():
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cases.models import CasePage, DistrictCasesPage
    from library.credit_code import make_credit_code
    from library.models import Campaign, CertificationBody, Expert
    from library.roles import CITY_EDITORS, EXPERTS, role_group
    from project.setup import build_initial_site
    from selection.assignment import auto_assign
    from selection.models import Assignment, Score, SelectionRound

    build_initial_site()
    User = get_user_model()
    campaign = Campaign.objects.get(year=2024)
    bodies = [
        CertificationBody.objects.get_or_create(
            name=f"基准测试认证有限公司{i}", defaults={"approval_number": f"CNCA-R-BENCH-{i}"}
        )[0]
        for i in range(5)
    ]
    sections = list(DistrictCasesPage.objects.order_by("id"))
    started = time.perf_counter()
    cases = []
    for n in range(N_CASES):
        case = CasePage(
            title=f"基准案例{n:03d}",
            slug=f"bench-{n}",
            enterprise_name=f"基准企业{n:03d}有限公司",
            credit_code=make_credit_code(f"91120000{n:09d}"),
            campaign=campaign,
            helping_body=bodies[n % len(bodies)],
            summary="基准测试用案例。",
        )
        sections[n % len(sections)].add_child(instance=case)
        cases.append(case)
    print(f"  {N_CASES} cases created in {time.perf_counter() - started:.1f}s")
    experts = []
    for n in range(N_EXPERTS):
        user = User.objects.create_user(f"bench-expert{n}", password="x")
        user.groups.add(role_group(EXPERTS))
        experts.append(
            Expert.objects.create(
                name=f"基准专家{n:02d}",
                user=user,
                certification_body=bodies[n % len(bodies)] if n % 3 == 0 else None,
                other_affiliation="" if n % 3 == 0 else "天津某大学",
            )
        )
    selection_round = SelectionRound.objects.create(
        title="基准评选",
        campaign=campaign,
        scoring_deadline=timezone.now() + datetime.timedelta(days=7),
        experts_per_case=K,
        min_scores=3,
    )
    selection_round.set_candidates(cases)
    selection_round.experts.set(experts)
    selection_round.save()
    started = time.perf_counter()
    plan = auto_assign(selection_round)
    print(
        f"  auto assignment: {len(plan.new)} assignments, {len(plan.short)} cases short, "
        f"load {min(plan.load.values())}–{max(plan.load.values())}, "
        f"{time.perf_counter() - started:.2f}s"
    )
    criteria = list(selection_round.criteria.all())
    assignments = list(selection_round.assignments.all())
    Assignment.objects.filter(round=selection_round).update(status=Assignment.CONFIRMED)
    Score.objects.bulk_create(
        [
            Score(assignment=a, criterion=c, value=Decimal((a.id * 7 + c.id * 3) % 11))
            for a in assignments
            for c in criteria
        ],
        batch_size=2000,
    )
    editor = User.objects.create_user("bench-editor", password="x")
    editor.groups.add(role_group(CITY_EDITORS))
    return selection_round, editor, experts[1]


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up caches and templates
    timings, queries = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured))
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, max(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--json", help="also write the p95 figures to this file (make bench)")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    print(
        f"Building {N_CASES} cases, {N_EXPERTS} experts, k={K} on {settings.DATABASES['default']['ENGINE']}"
    )
    selection_round, editor, expert = build_data()
    from selection.models import Assignment

    manage = reverse("selection_rounds:manage", args=[selection_round.pk])
    print(f"\n{'view':38} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KB':>7}")

    def row(label, user, url):
        client = Client()
        client.force_login(user)
        p50, p95, queries, size = measure(client, url, args.requests)
        print(f"{label:38} {p50:8.1f} {p95:8.1f} {queries:8d} {size / 1024:7.0f}")
        return p95

    results = {
        "workbench_open_p95": row("workbench, round open (progress)", editor, manage),
        "dashboard_p95": row(
            "expert dashboard (我的评审任务)", expert.user, reverse("selection_my_tasks")
        ),
    }
    # Past the deadline: the first request records the close and its snapshot, the rest
    # show the ranking.
    from django.utils import timezone

    from selection.models import SelectionRound

    SelectionRound.objects.filter(pk=selection_round.pk).update(
        scoring_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    results["workbench_closed_p95"] = row("workbench, round closed (ranking)", editor, manage)
    print(
        f"\nexpert {expert.name} has {Assignment.objects.filter(expert=expert).count()} assignments; "
        f"{args.requests} requests each"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results))


if __name__ == "__main__":
    main()
