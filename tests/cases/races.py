"""Two districts' submissions racing for what only one may have, as plain functions that need
a database with the reference site and real transactions (not a test's own transaction).

``tests/cases/test_concurrent_submissions.py`` runs them on the test database (PostgreSQL, or
the SQLite file of the test settings with the project's real options). Each returns figures: {"accepted": n, "refused": [messages of
each refused submission], "errors": [anything else], "counted": cases holding a place}.

To make the race certain rather than lucky, each submission pauses after its checks have
counted and before its workflow is saved: without the campaign lock both would count the
same free place.
"""

import threading
import time
from contextlib import contextmanager

from django.db import connections

PAUSE = 0.5  # seconds between counting and saving the workflow


@contextmanager
def slow_checks():
    """Widen the gap between the rules' counting and the workflow being saved."""
    from cases import rules

    original = rules.check_one_case_per_enterprise

    def counted_then_pause(case):
        result = original(case)
        time.sleep(PAUSE)
        return result

    rules.check_one_case_per_enterprise = counted_then_pause
    try:
        yield
    finally:
        rules.check_one_case_per_enterprise = original


def submit_together(cases):
    """Submit every case at once, each from its own thread; the outcome of each."""
    from cases.models import CasePage
    from review.exceptions import SubmissionRefused
    from tests.factories import district_user

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
            outcomes[case.pk] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(case,)) for case in cases]
    with slow_checks():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return [outcomes.get(case.pk, "no answer within 60 s") for case in cases]


def figures(outcomes, counted):
    return {
        "accepted": sum(outcome == "accepted" for outcome in outcomes),
        "refused": [outcome for outcome in outcomes if isinstance(outcome, list)],
        "errors": [o for o in outcomes if o != "accepted" and not isinstance(o, list)],
        "counted": counted,
    }


def last_place():
    """A district with one place left (maximum 2, one case submitted), two submissions."""
    from cases import rules
    from tests.cases.factories import complete_case, open_campaign
    from tests.factories import district, district_user

    campaign = open_campaign(case_max_per_district=2)
    first = complete_case("北辰区", campaign=campaign)
    first.get_workflow().start(first, district_user(district("北辰区")))
    racing = [complete_case("北辰区", campaign=campaign) for _ in range(2)]
    outcomes = submit_together(racing)
    counted = rules.counted_cases(campaign.pk).filter(district=district("北辰区")).count()
    return figures(outcomes, counted)


def same_enterprise():
    """The same enterprise (credit code) submitted by two districts at once."""
    from cases import rules
    from tests.cases.factories import complete_case, credit_code, open_campaign

    campaign = open_campaign(case_max_per_district=5)
    same = credit_code(777001)
    racing = [
        complete_case("北辰区", campaign=campaign, credit_code=same),
        complete_case("武清区", campaign=campaign, credit_code=same),
    ]
    outcomes = submit_together(racing)
    counted = rules.counted_cases(campaign.pk).filter(credit_code=same).count()
    return figures(outcomes, counted)


RACES = {"last_place": last_place, "same_enterprise": same_enterprise}
