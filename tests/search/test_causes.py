"""Each cause issue 18 measured, on every engine (each test runs on the database engine
and on Elasticsearch): what a query finds now that it did not."""

import pytest

from search.service import run_search
from tests.search.conftest import CORPUS, slugs

EXTRA = [
    {
        "kind": "lesson",
        "slug": "t-documents",
        "title": "文件和记录怎么管",
        "course": "体系文件编写实务",
        "organisation": "测试认证有限公司",
        "body": "车间用的文件要有版本号，作废的旧版要收回。检验记录要保存三年。",
    },
    {
        "kind": "lesson",
        "slug": "t-fmea",
        "title": "失效模式和影响分析入门",
        "course": "生产现场质量控制",
        "organisation": "测试认证有限公司",
        "body": "对关键工序的每种失效逐项打分，先改分数最高的。",
    },
    {
        "kind": "lesson",
        "slug": "t-standard",
        "title": "标准条文导读",
        "course": "质量管理体系入门",
        "organisation": "测试认证有限公司",
        "body": "本课依据GB/T 19001—2016逐条讲解，帮助企业对照检查。",
    },
    {
        "kind": "lesson",
        "slug": "t-review-parts",
        "title": "年底的体系回顾",
        "course": "内审与管理评审实务",
        "organisation": "测试认证有限公司",
        "body": "每年年底，管理层坐下来评审一次体系运行情况，定下明年的改进项目。",
    },
    {
        "kind": "lesson",
        "slug": "t-calibration",
        "title": "量具校准：测量结果要可信",
        "course": "生产现场质量控制",
        "organisation": "测试认证有限公司",
        "clauses": ["7.1.5"],
        "body": "量具要按周期校准，校准不合格的量具停用并追查已测产品。",
    },
    {
        "kind": "lesson",
        "slug": "t-calibration-plan",
        "title": "校准计划怎么排",
        "course": "生产现场质量控制",
        "organisation": "另一家认证中心",
        "clauses": ["7.1.5"],
        "body": "列出全部量具和仪器，定出校准周期，到期前一周提醒。",
    },
    {
        "kind": "case",
        "slug": "t-case-gauges",
        "title": "乐器企业管住千分表",
        "district": "津南区",
        "industry": "乐器",
        "year": 2024,
        "organisation": "测试认证有限公司",
        "clauses": ["7.1.5"],
        "body": "企业给每块千分表建卡，每年送计量所，贴上有效期标签。",
    },
    {
        "kind": "case",
        "slug": "t-case-nc",
        "title": "五金企业管住次品",
        "district": "津南区",
        "industry": "五金制品",
        "year": 2024,
        "organisation": "测试认证有限公司",
        "body": "企业规范了不合格输出的控制，次品一律放进红色隔离区。",
    },
]


@pytest.fixture
def extra(corpus, publish_lines):
    publish_lines(EXTRA)
    return corpus


def test_a_compound_also_finds_documents_that_use_only_its_parts(extra):
    # 管理评审 is a dictionary term; this lesson says 管理层 … 评审.
    found = slugs(run_search("管理评审").hits)
    assert "t-review-parts" in found


def test_a_standard_term_finds_plain_language_pages_through_everyday_words(extra):
    # 形成文件的信息 is the standard's wording; the lesson says 文件 and 记录.
    assert slugs(run_search("形成文件的信息").hits)[0] == "t-documents"


def test_acronyms_and_standard_numbers_meet_the_chinese_terms(extra):
    assert slugs(run_search("FMEA").hits)[0] == "t-fmea"
    for typed in ["ISO9001", "GBT 19001", "gb/t19001-2016", "ＧＢ／Ｔ １９００１"]:
        assert slugs(run_search(typed).hits)[0] == "t-standard", typed


def test_a_clause_number_reaches_pages_naming_its_title_and_a_title_its_number(extra):
    found = slugs(run_search("8.7").hits)
    assert found[0] == "t-nonconforming"  # tagged with the clause
    assert "t-case-nc" in found  # not tagged, but names 不合格输出的控制
    # 8.4's title finds the lesson tagged 8.4.2 whose text never says it
    assert "t-incoming" in slugs(run_search("外部提供的过程、产品和服务的控制").hits)


def test_lessons_rank_above_the_course_that_contains_them(extra):
    # the course's title says 内审; its lesson and the case say 内部审核 and 内审员
    kinds = [hit["type"] for hit in run_search("内审").hits]
    assert "course" in kinds and kinds[0] != "course"
    assert kinds.index("lesson") < kinds.index("course")


def test_everyday_phrasing_reaches_the_standards_terms(extra):
    # 台账 and 留多久 are how a workshop says 记录 and 保存期限; the lesson says 记录 … 保存
    assert slugs(run_search("台账要留多久").hits)[0] == "t-documents"
    # 卡尺准不准: 校准 and 监视和测量资源 in the standard's words
    assert slugs(run_search("卡尺准不准").hits)[0] in {"t-calibration", "t-calibration-plan"}


def test_pages_on_the_clause_the_best_matches_agree_on_are_found_too(extra):
    # The two lessons that say 校准 are both tagged 7.1.5; the case on 7.1.5 never says
    # 校准 (it says 送计量所), and is found through the clause the best matches share.
    found = slugs(run_search("校准").hits)
    assert found[:2] in (
        ["t-calibration", "t-calibration-plan"],
        ["t-calibration-plan", "t-calibration"],
    )
    assert "t-case-gauges" in found


def test_a_rare_typed_word_outweighs_a_frequent_one(extra):
    # IDF on every engine: 待检区 is in one document, 体系 in many.
    assert slugs(run_search("体系 待检区").hits)[0] == "t-case-iqc"


@pytest.mark.parametrize(
    ("traditional", "found"), [("內審員", "t-case-audit"), ("來料", "t-case-iqc")]
)
def test_traditional_queries_find_simplified_pages(extra, traditional, found):
    assert found in slugs(run_search(traditional).hits)


def test_suggestions_use_synonyms_and_clause_titles(extra):
    from search.service import did_you_mean, suggest

    assert "最高管理者" in suggest("一把手")
    assert any("不合格输出的控制" in s for s in suggest("8.7"))
    assert all(s != "纠正措施" for s in did_you_mean("纠正措施"))
    assert "纠正措施" in did_you_mean("纠正错施")


def test_highlights_mark_clause_titles_and_whole_compounds(extra):
    hit = next(h for h in run_search("8.7").hits if "t-case-nc" in h["url"])
    assert "<mark>不合格输出的控制</mark>" in hit["highlight"]  # the clause title, whole
    hit = next(h for h in run_search("内部审核").hits if "t-case-audit" in h["url"])
    assert "<mark>内部审核</mark>" in hit["highlight"]


def test_a_query_that_found_nothing_is_listed_for_editors(extra):
    from search.models import ZeroResultQuery

    assert run_search("齉齉齉").count == 0
    assert run_search("齉齉齉").count == 0
    assert ZeroResultQuery.objects.get(query="齉齉齉").count == 2
    assert len(CORPUS) == 6


def test_a_term_asked_for_twice_counts_once_at_its_best_weight(extra):
    # a clause number typed (or read from a title) and fed back by the clause vote: every
    # engine scores it once, so the engines rank alike
    from search.engines import SearchRequest, get_engine

    engine = get_engine(extra)
    once = engine.search(SearchRequest(terms=[("clause9p2", 1.5), ("审核", 1.0)]))
    twice = engine.search(
        SearchRequest(terms=[("clause9p2", 0.6), ("审核", 1.0), ("clause9p2", 1.5)])
    )
    assert [(h.doc_id, round(h.score, 4)) for h in twice.hits] == [
        (h.doc_id, round(h.score, 4)) for h in once.hits
    ]


SPREAD = [
    # 医疗 is in four pages: in the title (and so the text) of one, the industry of two
    # cases, the text of one more; no field holds it in more than two pages. 铸造 is in the
    # text of three. The two lessons "巡查要点" are alike but for those words.
    {
        "kind": "lesson",
        "slug": "t-med-title",
        "title": "医疗器械质量入门",
        "course": "金属加工质量控制",
        "organisation": "测试认证有限公司",
        "body": "讲解常见缺陷和检验方法。",
    },
    *(
        {
            "kind": "case",
            "slug": f"t-med-case-{n}",
            "title": f"{district}企业完善过程检验",
            "district": district,
            "industry": "医疗器械",
            "year": 2024,
            "organisation": "测试认证有限公司",
            "body": "企业把抽检结果贴在看板上。",
        }
        for n, district in enumerate(["北辰区", "武清区"])
    ),
    {
        "kind": "lesson",
        "slug": "t-med-body",
        "title": "巡查要点（上）",
        "course": "金属加工质量控制",
        "organisation": "测试认证有限公司",
        "body": "巡查时重点核对医疗器械的批次。",
    },
    {
        "kind": "lesson",
        "slug": "t-cast-body",
        "title": "巡查要点（下）",
        "course": "金属加工质量控制",
        "organisation": "测试认证有限公司",
        "body": "巡查时重点核对铸造车间的批次。",
    },
    *(
        {
            "kind": "lesson",
            "slug": f"t-cast-{n}",
            "title": title,
            "course": "金属加工质量控制",
            "organisation": "测试认证有限公司",
            "body": "入库前核对铸造批次。",
        }
        for n, title in enumerate(["铸件入库", "铸件出库"])
    ),
]


def test_a_word_spread_over_fields_is_as_common_on_every_engine(extra, publish_lines):
    # IDF counts the documents holding a word in any field, out of all documents, on every
    # engine. 医疗, in four pages, weighs less than 铸造, in three, so of the two lessons
    # alike but for those words the one saying 铸造 comes first, ahead by the ratio of the
    # two IDFs. (Elasticsearch's combined_fields alone counts a word in the field holding it
    # most: 医疗 in two pages, 铸造 in three, and put the other lesson first.)
    from search.engines import SearchRequest, get_engine
    from search.engines.base import idf
    from search.models import SearchEntry

    publish_lines(SPREAD)
    entries = SearchEntry.objects.all()

    def holding(word):
        return sum(any(word in text.split() for text in e.fields.values()) for e in entries)

    assert (holding("医疗"), holding("铸造")) == (4, 3)
    response = get_engine(extra).search(
        SearchRequest(terms=[("医疗", 1.0), ("铸造", 1.0)], limit=20, facets=False)
    )
    scores = {
        slug: hit.score for slug, hit in zip(slugs_of(response.hits), response.hits, strict=True)
    }
    assert scores["t-cast-body"] / scores["t-med-body"] == pytest.approx(
        idf(len(entries), 3) / idf(len(entries), 4), rel=1e-4
    )
    assert scores["t-cast-body"] > scores["t-med-body"]


def test_a_word_published_again_is_counted_at_once_on_every_engine(extra, publish_lines):
    # What the engines keep of a word's statistics between searches (the database engine's
    # postings, Elasticsearch's counts) never outlives a write: right after one more page
    # says 铸造, it is as common as that page makes it, in the very next search.
    from search.engines import SearchRequest, get_engine
    from search.engines.base import idf
    from search.models import SearchEntry

    publish_lines(SPREAD)
    request = SearchRequest(terms=[("医疗", 1.0), ("铸造", 1.0)], limit=20, facets=False)

    def ratio():
        hits = get_engine(extra).search(request).hits
        scores = {slug: hit.score for slug, hit in zip(slugs_of(hits), hits, strict=True)}
        return scores["t-cast-body"] / scores["t-med-body"]

    documents = SearchEntry.objects.count()
    assert ratio() == pytest.approx(idf(documents, 3) / idf(documents, 4), rel=1e-4)
    publish_lines([{**SPREAD[-1], "slug": "t-cast-9", "title": "铸件盘点"}])
    documents = SearchEntry.objects.count()
    assert ratio() == pytest.approx(idf(documents, 4) / idf(documents, 4), rel=1e-4)


def test_pages_whose_lengths_elasticsearch_keeps_alike_score_alike_on_every_engine(
    corpus, publish_lines
):
    # Lucene keeps a field's length in one byte: 97 and 98 words are both 96, and the
    # weighted total of the fields is rounded so again. Every engine ranks by that length
    # (the exact one would put the shorter page ahead on the database engine only).
    from search.engines import SearchRequest, get_engine

    publish_lines(
        [
            {
                "kind": "lesson",
                "slug": f"t-long-{words}",
                "title": f"长度测试（{half}）",
                "course": "金属加工质量控制",
                "organisation": "测试认证有限公司",
                "body": "铸造" + "质量" * (words - 4),  # and the title's three words
            }
            for words, half in [(97, "上"), (98, "下")]
        ]
    )
    response = get_engine(corpus).search(SearchRequest(terms=[("铸造", 1.0)], facets=False))
    scores = dict(zip(slugs_of(response.hits), (h.score for h in response.hits), strict=True))
    assert scores.keys() == {"t-long-97", "t-long-98"}
    assert scores["t-long-97"] == pytest.approx(scores["t-long-98"], rel=1e-6)


def slugs_of(hits):
    from wagtail.models import Page

    by_id = dict(Page.objects.filter(slug__startswith="t-").values_list("pk", "slug"))
    return [by_id.get(hit.page_id) for hit in hits]
