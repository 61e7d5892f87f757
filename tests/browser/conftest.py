"""Playwright driving Debian's Chromium (no browser download) against a live test server."""

import os
import time
from pathlib import Path

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(
    os.environ.get(
        "SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / ".ci-artifacts" / "screenshots"
    )
)


@pytest.fixture(scope="session")
def chromium():
    require_service(
        "Chromium", Path(CHROMIUM).exists(), f"未找到 {CHROMIUM}（apt-get install chromium）"
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, so Django would
    # refuse the (synchronous, safe) ORM calls the tests and live server set-up make.
    # Allowed only while browser tests run; subprocess-based tests strip it themselves.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium, live_server, site_tree):
    context = chromium.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    # Closing the browser stops the pages' timers (the editor's pings and autosaves), but
    # the live server may still be answering one of them: on PostgreSQL a request holding
    # a transaction when the test database is flushed deadlocks the flush.
    context.close()
    wait_for_live_server_requests()


def wait_for_live_server_requests(timeout=15):
    """Until no other session of the test database runs a query or holds a transaction,
    seen twice a moment apart (a request already sent may not have started yet). SQLite
    needs nothing: a flush there waits for the writer's lock."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    quiet = 0
    with connection.cursor() as cursor:
        while quiet < 2 and time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            quiet = quiet + 1 if not cursor.fetchone()[0] else 0
            time.sleep(0.1)


@pytest.fixture
def screenshot(browser_page):
    """Save a full-page screenshot under .ci-artifacts/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name, page=None):
        path = SCREENSHOTS / f"{name}.png"
        (page or browser_page).screenshot(path=str(path), full_page=True)
        return path

    return take


DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def take_docs_screenshot(page, name):
    """A screenshot kept with the documentation (docs/screenshots/), for readers of the docs."""
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = DOCS_SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
