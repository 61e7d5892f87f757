"""axe-core on every public page: no WCAG 2.1 A/AA violations (contrast, heading order,
labels, landmarks). axe is vendored (tests/browser/vendor) and injected by Playwright, so the
site's Content-Security-Policy is not loosened for it."""

from pathlib import Path

import pytest

from tests.browser.test_course_learner import published_course  # noqa: F401  (fixture)
from tests.cases.factories import complete_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page, url):
    page.goto(url)
    page.evaluate(AXE)  # through the DevTools protocol: the CSP stays as it is
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        (v["id"], v["help"], [node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def test_public_pages_have_no_accessibility_violations(browser_page, published_course):  # noqa: F811
    case = complete_case("北辰区", title="北辰首件检验", publish=True)
    course = published_course
    lesson = next(iter(course.lessons()))
    urls = [
        "/",
        "/courses/",
        course.get_parent().url,
        course.url,
        lesson.url,
        course.url + "assessment/",
        "/clauses/",
        "/cases/",
        case.url,
        "/search/?q=风险",
        "/certificates/verify/?code=AAAA",
        "/learners/login/",
        "/learners/signup/",
        "/learners/privacy/",
        "/learners/password/reset/",
    ]
    found = {url: v for url in urls if (v := violations(browser_page, url))}
    assert not found, found
