"""The demo's dashboard as a newcomer sees it after ``make run``: the current campaign open,
its cases and courses submitted on days before today and charted as a rising curve, not one
step on the day the demo was loaded (docs/screenshots/dashboard-charts.png)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import take_docs_screenshot
from tests.factories import PASSWORD, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def xs(polyline):
    """The distinct x positions of a chart line, the start excluded."""
    points = [p.split(",") for p in polyline.get_attribute("points").split()]
    return sorted({float(x) for x, _ in points[1:-1]})


def test_the_demo_dashboard_charts_submissions_before_today(browser_page):
    call_command("load_initial_data", "--demo", verbosity=0, stdout=StringIO())
    editor = EditorFactory()
    page = browser_page
    page.goto("/admin/login/")
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    page.goto(reverse("reports_admin:dashboard"))
    chart = page.locator("svg[aria-labelledby=chart-timeline]")
    expect(chart).to_be_visible()
    today = float(chart.locator("line.chart-today").get_attribute("x1"))
    for css in ("line-cases", "line-courses"):
        days = xs(chart.locator(f"polyline.{css}"))
        assert len(days) >= 2, css  # a curve: submissions on several days
        assert days[-1] < today, css  # all of them before today
    take_docs_screenshot(page, "dashboard-charts")
