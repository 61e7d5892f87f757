"""Elasticsearch down must never stop publishing, and nothing published meanwhile is lost:
the outbox keeps the changes and drains when Elasticsearch is back."""

import os

import pytest
from django.core.management import call_command
from wagtail.models import Page

from search.engines.elastic import ElasticsearchEngine
from search.models import OutboxEntry
from search.service import run_search
from tests.conftest import require_service
from tests.search.conftest import CORPUS, slugs
from tests.search.es_instance import ElasticsearchInstance, can_run


@pytest.fixture
def private_elasticsearch(settings):
    possible, why = can_run()
    require_service("Elasticsearch（停启测试用的第二个实例）", possible, why)
    instance = ElasticsearchInstance()
    settings.ELASTICSEARCH_URL = instance.url
    settings.SEARCH_INDEX_PREFIX = f"tjqms-test-outage-{os.getpid()}"
    yield instance
    instance.remove()


def test_pages_published_while_elasticsearch_is_down_are_searchable_once_it_is_back(
    private_elasticsearch, publish_lines
):
    es = private_elasticsearch
    es.start()
    publish_lines([CORPUS[0]])
    assert slugs(run_search("审核员培训").hits) == ["t-internal-audit"]

    es.stop()
    # publishing works; the changes wait in the outbox
    publish_lines([CORPUS[1], CORPUS[4]], refresh_index=False)
    waiting = OutboxEntry.objects.all()
    published = Page.objects.filter(slug__in=["t-incoming", "t-case-iqc"], live=True)
    assert set(published.values_list("pk", flat=True)) <= {row.page_id for row in waiting}
    assert all(row.attempts >= 1 and row.last_error for row in waiting)
    # the public search falls back to the database, which is up to date
    outcome = run_search("进货检验")
    assert outcome.engine == "database"
    assert set(slugs(outcome.hits)) == {"t-incoming", "t-case-iqc"}

    es.start()
    call_command("search_drain")
    ElasticsearchEngine().refresh()
    assert not OutboxEntry.objects.exists()
    outcome = run_search("进货检验")
    assert outcome.engine == "elasticsearch"
    assert set(slugs(outcome.hits)) == {"t-incoming", "t-case-iqc"}
    assert slugs(run_search("审核员培训").hits) == ["t-internal-audit"]
