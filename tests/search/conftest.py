"""Search test set-up: a small published corpus and the two engines, each test on its own
Elasticsearch indexes (a unique prefix, dropped afterwards)."""

import itertools
import json
import os
import urllib.request

import pytest

from tests.conftest import require_service

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
_prefixes = itertools.count()

CORPUS = [
    {
        "kind": "lesson",
        "slug": "t-internal-audit",
        "title": "内部审核：企业自己给体系做体检",
        "course": "内审与管理评审实务",
        "organisation": "测试认证有限公司",
        "clauses": ["9.2", "9.2.1"],
        "body": "公司每年组织审核员培训，按审核方案开展内部审核。\n\n审核发现的不符合项要整改并验证关闭。",
    },
    {
        "kind": "lesson",
        "slug": "t-incoming",
        "title": "进货检验：原材料进厂先把关",
        "course": "生产现场质量控制",
        "organisation": "测试认证有限公司",
        "clauses": ["8.4.2"],
        "body": "进货检验要规定检验项目、抽样方案和判定准则。\n\n不合格原材料要隔离并通知采购退货。",
    },
    {
        "kind": "lesson",
        "slug": "t-leadership",
        "title": "最高管理者的领导作用",
        "course": "质量管理体系入门",
        "organisation": "测试认证有限公司",
        "clauses": ["5.1"],
        "body": "最高管理者要对体系的有效性负责，主持管理评审，保证资源到位。",
    },
    {
        "kind": "lesson",
        "slug": "t-nonconforming",
        "title": "不合格输出的控制",
        "course": "生产现场质量控制",
        "organisation": "另一家认证中心",
        "clauses": ["8.7"],
        "body": "<p>发现不合格品要<b>标识和隔离</b>。</p><p>返工后要重新检验并保留记录。</p>",
    },
    {
        "kind": "case",
        "slug": "t-case-iqc",
        "title": "电动自行车企业建立进货检验制度",
        "district": "北辰区",
        "industry": "电动自行车",
        "year": 2024,
        "organisation": "测试认证有限公司",
        "body": "企业设立待检区，来料不合格率下降六成。",
    },
    {
        "kind": "case",
        "slug": "t-case-audit",
        "title": "地毯企业首次开展内部审核",
        "district": "武清区",
        "industry": "地毯",
        "year": 2023,
        "organisation": "另一家认证中心",
        "body": "认证机构培养了三名内审员，内部审核覆盖全部过程。",
    },
]


def es_reachable(url):
    if not url:
        return False
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=3) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def use_database_engine(settings):
    settings.ELASTICSEARCH_URL = None


@pytest.fixture
def use_elasticsearch(settings):
    require_service("Elasticsearch", es_reachable(ES_URL), "设置 ELASTICSEARCH_URL 并启动服务")
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_INDEX_PREFIX = f"tjqms-test-{os.getpid()}-{next(_prefixes)}"
    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine()
    yield engine
    engine.drop_all()


@pytest.fixture(params=["database", "elasticsearch"])
def engine_name(request):
    """Runs a test once per engine, with that engine as the one the site uses."""
    request.getfixturevalue(
        "use_database_engine" if request.param == "database" else "use_elasticsearch"
    )
    return request.param


def refresh(settings):
    if settings.ELASTICSEARCH_URL:
        from search.engines.elastic import ElasticsearchEngine

        ElasticsearchEngine().refresh()


@pytest.fixture
def publish_lines(site_tree, settings, django_capture_on_commit_callbacks):
    """Import JSON lines with --publish, letting the outbox drain as it would after commit."""
    from review.publication import seed_publication
    from search.analysis import get_analyzer, reset_analyzer
    from search.importer import import_lines

    # An analyzer loaded while the site was being built (before the clause list) is
    # loaded again: it reads clause titles.
    if not get_analyzer().dictionary.clauses:
        reset_analyzer()

    def publish(items, refresh_index=True):
        # The corpus is fixture data, incomplete by design: published without the checks
        # that ``import_library --publish`` runs (tests/review/test_publication.py).
        with django_capture_on_commit_callbacks(execute=True), seed_publication():
            report = import_lines([json.dumps(item, ensure_ascii=False) for item in items], True)
        assert not report.failed, report.failed
        if refresh_index:
            refresh(settings)
        return report

    return publish


@pytest.fixture
def corpus(engine_name, publish_lines):
    publish_lines(CORPUS)
    return engine_name


def slugs(results):
    from wagtail.models import Page

    urls = [r["url"] for r in results]
    by_url = {p.url: p.slug for p in Page.objects.filter(slug__startswith="t-")}
    return [by_url.get(url) for url in urls]
