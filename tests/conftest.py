"""Shared test set-up: reference data once per session, factories with a fixed seed, one
rule for tests that need a real service (skip on a laptop, fail under CI=true), and
``--today`` to run the suite as if on another date."""

import datetime
import os

import factory.random
import pytest
from faker import Faker

IN_CI = os.environ.get("CI", "").lower() == "true"

factory.random.reseed_random(2024)
Faker.seed(2024)


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        help="run the tests as if today were this date in Tianjin (the clock still ticks): "
        "no test may depend on the real date (browser tests excluded: the browser keeps "
        "the real clock)",
    )


def pytest_configure(config):
    day = config.getoption("--today", None)
    if day:
        from tests.clock import at

        at(datetime.date.fromisoformat(day), tick=True).start()


def require_service(name, available, hint=""):
    """A test that needs ``name`` fails under CI when it is missing, and skips elsewhere."""
    if available:
        return
    message = f"{name} 不可用：{hint}".rstrip("：")
    if IN_CI:
        pytest.fail(f"CI=true 时必须提供 {message}", pytrace=False)
    pytest.skip(message)


def build_reference_site():
    from project.setup import build_initial_site

    return build_initial_site()[0]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data, roles and the site tree, built once for the whole session."""
    with django_db_blocker.unblock():
        build_reference_site()


@pytest.fixture
def site_tree(db):
    """The home page of the reference site (rebuilt if a transactional test flushed it)."""
    from library.models import HomePage

    home = HomePage.objects.first()
    return home or build_reference_site()


@pytest.fixture
def editor(site_tree):
    from tests.factories import EditorFactory

    return EditorFactory()
