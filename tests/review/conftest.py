import pytest

from review import checks
from review.builtin_checks import attachments_present, forbidden_claims


@pytest.fixture(autouse=True)
def review_checks_only(monkeypatch):
    """Only the review app's own checks, so these tests describe the review mechanism
    whatever content checks the courses and cases apps add (they test those themselves).
    Tests may register more with ``checks.page_check`` inside this fixture's lifetime."""
    registry = [
        entry for entry in checks._registry if entry[1] in (forbidden_claims, attachments_present)
    ]
    monkeypatch.setattr(checks, "_registry", registry)
    return registry


@pytest.fixture
def all_checks(monkeypatch, review_checks_only):
    """Every app's checks, for tests about how they add up (e.g. one message per problem)."""
    monkeypatch.undo()
    return checks._registry


@pytest.fixture
def author(site_tree):
    from tests.review.helpers import beichen_author

    return beichen_author()


@pytest.fixture
def second_editor(site_tree):
    from tests.factories import EditorFactory

    return EditorFactory()
