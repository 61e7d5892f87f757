"""Two districts' submissions racing for what only one may have: the district's last place,
or the same enterprise's one case per year. Exactly one is accepted, the other is refused
with the rule's Chinese message (never a server error).

The submissions run in two threads with their own database connections and real
transactions (``tests.cases.races``), on PostgreSQL or on the SQLite file the test settings
use, opened with the project's options (``project.settings.env.SQLITE_OPTIONS``: WAL,
immediate transactions, busy timeout).
"""

import pytest
from django.db import connection

from project.settings.env import SQLITE_OPTIONS
from tests.cases.races import RACES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def race(site_tree):
    """Run a race on the test database, after checking it races as production's would."""
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
        assert journal == "wal" and SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    return lambda name: RACES[name]()


def test_the_last_place_of_a_district_goes_to_exactly_one_of_two_submissions(race):
    result = race("last_place")
    print(f"two concurrent submissions for the last quota slot on {connection.vendor}: {result}")
    assert result["errors"] == [], result
    assert result["accepted"] == 1 and len(result["refused"]) == 1, result
    assert any("已达到每区不超过 2 个的上限" in message for message in result["refused"][0])
    assert result["counted"] == 2


def test_the_same_enterprise_from_two_districts_at_once_is_accepted_only_once(race):
    result = race("same_enterprise")
    assert result["errors"] == [], result
    assert result["accepted"] == 1 and len(result["refused"]) == 1, result
    assert any("同一企业" in message for message in result["refused"][0])
    assert result["counted"] == 1
