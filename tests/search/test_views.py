"""The search page and the API with good and bad input: never a 500."""

import pytest

from tests.search.conftest import CORPUS

BAD_QUERIES = [
    "",
    "质量" * 150,  # over 200 characters
    "！？。，、……",
    "🙂🚀🔥",
    "ISO 9001内审checklist怎么做",
    "內部審核與管理評審",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    'AND OR NOT "',
]


@pytest.fixture
def small_corpus(use_database_engine, publish_lines):
    publish_lines(CORPUS[:3])


def test_odd_queries_get_a_page_and_json(small_corpus, client):
    for query in BAD_QUERIES:
        page = client.get("/search/", {"q": query})
        assert page.status_code == 200, query
        assert b"<script>alert" not in page.content
        data = client.get("/api/search/", {"q": query}).json()
        assert isinstance(data["count"], int) and isinstance(data["results"], list)


def test_mixed_and_traditional_queries_still_find(small_corpus, client):
    assert client.get("/api/search/", {"q": "内审 checklist"}).json()["count"] >= 1
    assert client.get("/api/search/", {"q": "內部審核"}).json()["count"] >= 1


MALFORMED = [
    ({"q": "审核", "page": "abc"}, "page"),
    ({"q": "审核", "page": "0"}, "page"),
    ({"q": "审核", "page": "99999999999999999999"}, "page"),
    ({"q": "审核", "type": "video"}, "type"),
    ({"q": "审核", "year": "去年"}, "year"),
]


def test_malformed_parameters_are_a_400_with_a_message(small_corpus, client):
    for params, message in MALFORMED:
        response = client.get("/api/search/", params)
        assert response.status_code == 400, params
        assert message in response.json()["error"]
        page = client.get("/search/", params)
        assert page.status_code == 400
        assert message in page.content.decode()


def test_search_page_shows_results_facets_and_highlights(small_corpus, client):
    html = client.get("/search/", {"q": "审核员培训"}).content.decode()
    assert "内部审核：企业自己给体系做体检" in html
    assert "<mark>审核员</mark>" in html
    assert 'class="search-facets"' in html and "课时" in html
    assert "search-suggest.js" in html


def test_nothing_found_offers_did_you_mean_and_clause_links(small_corpus, client):
    html = client.get("/search/", {"q": "纠正错施"}).content.decode()
    assert "没有找到" in html
    assert "您是不是要找" in html and "纠正措施" in html
    assert "/search/?q=8.4" in html  # browse by clause
    assert "/clauses/" in html


def test_empty_query_shows_the_clause_links(small_corpus, client):
    html = client.get("/search/").content.decode()
    assert "按条款查找" in html


def test_pagination_links_keep_the_filters(use_database_engine, publish_lines, client):
    publish_lines(
        [{**CORPUS[0], "slug": f"t-page-{n}", "title": f"内部审核第{n}讲"} for n in range(12)]
    )
    html = client.get("/search/", {"q": "内部审核", "type": "lesson"}).content.decode()
    assert "第 1 / 2 页" in html
    assert "?q=%E5%86%85%E9%83%A8%E5%AE%A1%E6%A0%B8&amp;type=lesson&amp;page=2" in html
    second = client.get("/api/search/", {"q": "内部审核", "type": "lesson", "page": 2}).json()
    assert second["count"] == 12 and len(second["results"]) == 2


def test_suggestions_as_you_type(small_corpus, client):
    suggestions = client.get("/api/search/suggest/", {"q": "内审"}).json()["suggestions"]
    assert "内审员" in suggestions
    titles = client.get("/api/search/suggest/", {"q": "进货"}).json()["suggestions"]
    assert "进货检验：原材料进厂先把关" in titles
    assert client.get("/api/search/suggest/", {"q": ""}).json() == {"suggestions": []}
