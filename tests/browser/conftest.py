"""Playwright driving Debian's Chromium (no browser download) against a live test server."""

import os
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

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    are still synchronous and safe. Set per browser test only, so other tests (and the
    subprocesses they start, e.g. `check --deploy`) never inherit it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_page(chromium, live_server, site_tree):
    context = chromium.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(browser_page):
    """Save a full-page screenshot under .ci-artifacts/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name, page=None):
        path = SCREENSHOTS / f"{name}.png"
        (page or browser_page).screenshot(path=str(path), full_page=True)
        return path

    return take
