"""One override mechanism: the cases app's old rule exceptions (``CaseRuleOverride``) are moved
by a data migration into ``review.CheckOverride`` under the name of the check each lifts,
keep their reason, editor and time, show in the page history, and still lift that check
only."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import PageLogEntry

from cases import rules
from library.models import Campaign
from review.models import CheckOverride
from review.publication import override_for
from tests.cases.factories import complete_case
from tests.clock import at
from tests.factories import EditorFactory

BEFORE = [("cases", "0004_enterprise_links")]


def migrate(targets=None):
    """Migrate to ``targets`` (default: every app's latest migration, as the tests expect)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_rule_exceptions_become_check_overrides(site_tree):
    case = complete_case(campaign=Campaign.objects.get(year=2024))
    editor = EditorFactory()
    decided = timezone.make_aware(datetime.datetime(2024, 11, 2, 9, 30))
    try:
        old_apps = migrate(BEFORE)
        old = old_apps.get_model("cases", "CaseRuleOverride")
        row = old.objects.create(
            case_id=case.pk, rule="deadline", reason="系统故障导致延误，补报", editor_id=editor.pk
        )
        old.objects.filter(pk=row.pk).update(created_at=decided)
    finally:
        migrate()

    (moved,) = CheckOverride.objects.filter(page_id=case.pk)
    assert (moved.check_name, moved.reason, moved.editor_id, moved.created_at) == (
        "报送截止日期",
        "系统故障导致延误，补报",
        editor.pk,
        decided,
    )
    with at(decided):  # after the deadline, whatever the real date
        deadline = rules.check_deadline(case)
    assert deadline.passed and "系统故障导致延误" in deadline.message
    assert override_for(case, rules.QUOTA) is None  # ...and nothing else
    logged = PageLogEntry.objects.get(page_id=case.pk, action="review.override")
    assert logged.data["check"] == "报送截止日期" and logged.user_id == editor.pk
    assert logged.timestamp == decided
    assert "cases_caseruleoverride" not in connection.introspection.table_names()
