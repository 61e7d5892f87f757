"""Two districts' submissions racing for what only one may have: the district's last place,
or the same enterprise's one case per year. Exactly one is accepted, the other is refused
with the rule's Chinese message (never a server error).

The submissions run in two threads with their own database connections and real
transactions. To make the race certain rather than lucky, each submission pauses after its
checks have counted and before its workflow is saved: without the campaign lock both would
count the same free place.
"""

import threading
import time

import pytest
from django.db import connection, connections

from cases import rules
from cases.models import CasePage
from review.exceptions import SubmissionRefused
from tests.cases.factories import complete_case, credit_code, open_campaign
from tests.factories import district, district_user

pytestmark = pytest.mark.django_db(transaction=True)


def sqlite_without_waiting():
    """Why SQLite connections here would fail on each other instead of waiting, if they would.

    On PostgreSQL the second submission waits on the campaign row lock. SQLite ignores
    ``FOR UPDATE``; it serialises writers by starting every transaction IMMEDIATE on a file
    database with a busy timeout (the production set-up). The default test database is an
    in-memory database with a shared cache, where SQLite reports a table lock at once
    ("database table is locked") and never waits, so a race there tests SQLite's shared
    cache, not the rule. The test runs on SQLite whenever the test database is a file
    opened with immediate transactions.
    """
    if connection.vendor != "sqlite":
        return None
    if connection.is_in_memory_db():
        return "in-memory SQLite test database (shared cache: locks fail at once, never wait)"
    if connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") != "IMMEDIATE":
        return "SQLite without immediate transactions: concurrent writers fail instead of waiting"
    return None


@pytest.fixture(autouse=True)
def real_concurrency():
    reason = sqlite_without_waiting()
    if reason:
        pytest.skip(reason)


PAUSE = 0.5  # seconds between counting and saving the workflow


@pytest.fixture
def slow_checks(monkeypatch):
    """Widen the gap between the rules' counting and the workflow being saved."""
    original = rules.check_one_case_per_enterprise

    def counted_then_pause(case):
        result = original(case)
        time.sleep(PAUSE)
        return result

    monkeypatch.setattr(rules, "check_one_case_per_enterprise", counted_then_pause)


def submit_together(cases):
    """Submit every case at once, each from its own thread; the outcome of each."""
    users = {case.pk: district_user(case.district) for case in cases}
    start = threading.Barrier(len(cases))
    outcomes = {}

    def submit(case):
        try:
            page = CasePage.objects.get(pk=case.pk)
            start.wait()
            page.get_workflow().start(page, users[case.pk])
            outcomes[case.pk] = "accepted"
        except SubmissionRefused as refused:
            outcomes[case.pk] = [failure.message for failure in refused.failures]
        except Exception as error:  # any other error is what the test reports
            outcomes[case.pk] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return [outcomes.get(case.pk) for case in cases]


def accepted_and_refused(outcomes):
    accepted = [o for o in outcomes if o == "accepted"]
    refused = [o for o in outcomes if isinstance(o, list)]
    return accepted, refused


def test_the_last_place_of_a_district_goes_to_exactly_one_of_two_submissions(
    site_tree, slow_checks
):
    campaign = open_campaign(case_max_per_district=2)
    first = complete_case("北辰区", campaign=campaign)
    first.get_workflow().start(first, district_user(district("北辰区")))
    racing = [complete_case("北辰区", campaign=campaign) for _ in range(2)]

    outcomes = submit_together(racing)

    accepted, refused = accepted_and_refused(outcomes)
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert any("已达到每区不超过 2 个的上限" in message for message in refused[0])
    assert rules.counted_cases(campaign.pk).filter(district=district("北辰区")).count() == 2


def test_the_same_enterprise_from_two_districts_at_once_is_accepted_only_once(
    site_tree, slow_checks
):
    campaign = open_campaign(case_max_per_district=5)
    same = credit_code(777001)
    racing = [
        complete_case("北辰区", campaign=campaign, credit_code=same),
        complete_case("武清区", campaign=campaign, credit_code=same),
    ]

    outcomes = submit_together(racing)

    accepted, refused = accepted_and_refused(outcomes)
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert any("同一企业" in message for message in refused[0])
    assert rules.counted_cases(campaign.pk).filter(credit_code=same).count() == 1
