"""The search page in Chromium: suggestions as you type, highlighted results, facets."""

import json

import pytest
from playwright.sync_api import expect

from tests.search.conftest import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_searches_with_suggestions_and_filters(browser_page, screenshot, settings):
    from review.publication import seed_publication
    from search.importer import import_lines

    settings.ELASTICSEARCH_URL = None  # the embedded default

    # The corpus is fixture data, incomplete by design: published without the checks, as in
    # tests/search/conftest.py's publish_lines.
    with seed_publication():
        report = import_lines([json.dumps(item, ensure_ascii=False) for item in CORPUS], True)
    assert not report.failed

    page = browser_page
    page.goto("/search/")
    page.get_by_role("combobox", name="搜索词").fill("内审")
    suggestion = page.get_by_role("option", name="内审员", exact=True)
    suggestion.wait_for()
    suggestion.click()
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("combobox", name="搜索词").input_value() == "内审员"
    expect(page.get_by_role("link", name="地毯企业首次开展内部审核")).to_be_visible()

    page.get_by_role("combobox", name="搜索词").fill("审核")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**q=%E5%AE%A1%E6%A0%B8*")
    assert page.locator(".result-snippet mark").first.inner_text() == "审核"
    screenshot("search-results")

    page.locator(".search-facets").get_by_role("link", name="案例").click()
    page.wait_for_url("**type=case*")
    results = page.locator(".result h2")
    assert results.all_inner_texts() == ["地毯企业首次开展内部审核"]
