"""The same behaviour on both engines: Chinese words, synonyms, clause numbers, facets,
highlighting and the JSON API. Each test runs once on the database, once on Elasticsearch."""

from search.service import run_search
from tests.search.conftest import CORPUS, slugs


def test_words_synonyms_and_clause_numbers(corpus):
    # a word inside a longer run of Han characters ("组织审核员培训")
    outcome = run_search("审核")
    assert outcome.engine == corpus
    assert "t-internal-audit" in slugs(outcome.hits)
    # the best matches come first
    assert set(slugs(run_search("进货检验").hits)[:2]) == {"t-incoming", "t-case-iqc"}
    # everyday words find the standard's terms
    assert slugs(run_search("一把手要做什么").hits)[0] == "t-leadership"
    assert slugs(run_search("返工了要记录什么").hits)[0] == "t-nonconforming"
    # clause numbers find the lessons tagged with them first (8.4 also finds 8.4.2), then
    # pages that name the clause's title (内部审核)
    assert slugs(run_search("9.2").hits)[:2] == ["t-internal-audit", "t-case-audit"]
    assert slugs(run_search("条款8.4").hits)[0] == "t-incoming"
    assert slugs(run_search("8.4.2").hits)[0] == "t-incoming"


def test_facet_filters_and_counts(corpus):
    outcome = run_search("审核")
    types = dict(outcome.facets["type"])
    assert types == {"lesson": 1, "case": 1}
    assert sum(types.values()) == outcome.count
    assert dict(outcome.facets["district"]) == {"武清区": 1}
    assert dict(outcome.facets["industry"]) == {"地毯": 1}

    cases = run_search("审核", {"type": "case"})
    assert (slugs(cases.hits), cases.count) == (["t-case-audit"], 1)
    assert slugs(run_search("进货检验", {"district": "北辰区"}).hits) == ["t-case-iqc"]
    assert slugs(run_search("进货检验", {"year": 2024}).hits) == ["t-case-iqc"]
    assert slugs(run_search("审核", {"clause": "9.2"}).hits) == ["t-internal-audit"]
    assert run_search("审核", {"type": "course"}).count == 0


def test_highlighting_pagination_and_help_when_nothing_is_found(corpus):
    hit = next(h for h in run_search("审核员培训").hits if "t-internal-audit" in h["url"])
    assert "<mark>审核员</mark>" in hit["highlight"]
    assert "<mark>培训</mark>" in hit["highlight"]
    # the imported HTML body is shown as text, never as markup
    hit = run_search("标识和隔离").hits[0]
    assert "<b>" not in hit["highlight"] and "<mark>" in hit["highlight"]

    first, second = run_search("企业", per_page=2), run_search("企业", page=2, per_page=2)
    assert first.count == second.count >= 3
    assert not {h["url"] for h in first.hits} & {h["url"] for h in second.hits}

    nothing = run_search("纠正错施")
    assert nothing.count == 0
    assert "纠正措施" in nothing.did_you_mean


def test_json_api(corpus, client):
    response = client.get("/api/search/", {"q": "进货检验"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["results"]) >= 2
    assert {r["url"].rstrip("/").rsplit("/", 1)[-1] for r in data["results"][:2]} == {
        "t-incoming",
        "t-case-iqc",
    }
    first = data["results"][0]
    assert set(first) == {"title", "url", "type", "highlight", "score", "facets"}
    assert first["type"] in {"lesson", "case"}
    assert "<mark>进货检验</mark>" in first["highlight"]
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert client.get(first["url"]).status_code == 200

    data = client.get("/api/search/", {"q": "审核", "type": "case"}).json()
    assert [r["type"] for r in data["results"]] == ["case"]


def test_a_lesson_result_shows_its_clause_numbers_under_it(corpus, client):
    """The facet is spelled the same in the index, the hit and the page (it once was not)."""
    data = client.get("/api/search/", {"q": "内部审核"}).json()
    lesson = next(r for r in data["results"] if r["type"] == "lesson")
    assert lesson["title"] == "内部审核：企业自己给体系做体检"
    assert lesson["facets"]["clause"] == ["9.2", "9.2.1"]
    # counted once per matching page: the lesson and its course (which lists its lessons')
    assert dict(data["facets"]["clause"]) == {"9.2": 2, "9.2.1": 2}
    assert sum(dict(data["facets"]["type"]).values()) == data["count"]
    case = next(r for r in data["results"] if r["type"] == "case")
    assert case["facets"]["clause"] == [] and case["facets"]["industry"] == ["地毯"]

    html = client.get("/search/", {"q": "内部审核"}).content.decode()
    result = html.split("内部审核：企业自己给体系做体检", 1)[1].split("</li>", 1)[0]
    assert "条款 9.2、9.2.1" in result
    # a filter link under the 条款 facet uses the same name
    assert "clause=9.2.1" in html


def test_clause_numbers_of_section_10_find_the_lessons_tagged_with_them(engine_name, publish_lines):
    lesson = {"kind": "lesson", "course": "持续改进实务", "organisation": "测试认证有限公司"}
    publish_lines(
        [
            CORPUS[0],  # 9.2, 9.2.1
            {
                **lesson,
                "slug": "t-10-2",
                "title": "不合格和纠正措施",
                "clauses": ["10.2"],
                "body": "出现不合格时要控制和纠正，评审原因，防止再次发生。",
            },
            {
                **lesson,
                "slug": "t-10-2-1",
                "title": "纠正措施的评审",
                "clauses": ["10.2.1"],
                "body": "确定不合格的原因，评价是否需要采取措施。",
            },
            {
                **lesson,
                "slug": "t-10-3",
                "title": "持续改进",
                "clauses": ["10.3"],
                "body": "利用分析和评价的结果确定改进的需求和机遇。",
            },
        ]
    )
    # the exact tag first, then its sub-clauses; pages that only share words of the
    # clause's title come after every tagged one
    found = slugs(run_search("10.2").hits)
    assert found[:2] == ["t-10-2", "t-10-2-1"]
    assert slugs(run_search("条款10.2.1").hits)[0] == "t-10-2-1"
    assert slugs(run_search("10.3").hits)[0] == "t-10-3"
    assert "t-10-3" not in found
    assert slugs(run_search("10.2", {"clause": "10.2"}).hits) == ["t-10-2"]
