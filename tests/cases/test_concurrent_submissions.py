"""Two districts' submissions racing for what only one may have: the district's last place,
or the same enterprise's one case per year. Exactly one is accepted, the other is refused
with the rule's Chinese message (never a server error).

The submissions run in two threads with their own database connections and real
transactions (``tests.cases.races``). On PostgreSQL, or a SQLite file opened with
immediate transactions, they run here. The default test database is an in-memory SQLite
database with a shared cache, where SQLite reports a table lock at once ("database table
is locked") and never waits, so a race there would test SQLite's shared cache, not the
rule: on it the same race runs in a subprocess on a SQLite file with the project's real
options (``project.settings.env.SQLITE_OPTIONS``: WAL, immediate transactions, busy
timeout), through the SQLite load script of tests/inputs.
"""

import pytest
from django.db import connection

from project.settings.env import SQLITE_OPTIONS
from tests.cases.races import RACES
from tests.inputs.test_sqlite_concurrency import run_load

pytestmark = pytest.mark.django_db(transaction=True)


def in_process_race_is_real():
    """Whether threads on this test database race as on the production database."""
    if connection.vendor != "sqlite":
        return True
    return (
        not connection.is_in_memory_db()
        and connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") == "IMMEDIATE"
    )


@pytest.fixture(scope="module")
def sqlite_file_races(tmp_path_factory):
    """Both races, once, in a subprocess on a SQLite file with the project's options."""
    result = run_load(tmp_path_factory.mktemp("races"), "--race", *RACES)
    # The subprocess really ran on a SQLite file with the project's real options.
    assert result["vendor"] == "sqlite", result
    assert result["transaction_mode"] == SQLITE_OPTIONS["transaction_mode"], result
    assert result["journal_mode"] == "wal", result
    return result["races"]


@pytest.fixture
def race(request):
    """Run a race where it is real (the test database decides where); its figures."""

    def run(name):
        if in_process_race_is_real():
            request.getfixturevalue("site_tree")
            return RACES[name]()
        return request.getfixturevalue("sqlite_file_races")[name]

    return run


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
