"""The admin's search backend (search.backend) segments Chinese through modelsearch's own
parts: the query compilers (a documented backend attribute) and, for lack of any hook, the
``ObjectIndexer`` global each database index module builds its indexer from. These tests fail
when a modelsearch upgrade changes what search.backend relies on, instead of the admin
search quietly going back to unsegmented Chinese."""

import importlib
import inspect
import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends import get_search_backend
from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.query import And, Not, Or, PlainText
from wagtail.models import Page

from search import backend as segmenting

INDEX_MODULES = {
    "modelsearch.backends.database.postgres.postgres": "PostgresSearchBackend",
    "modelsearch.backends.database.mysql.mysql": "MySQLSearchBackend",
}
# The SQLite module can only be imported on SQLite (it looks up its FTS model at import);
# the suite runs on SQLite and on PostgreSQL, so each module is checked by one of the runs.
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    INDEX_MODULES["modelsearch.backends.database.sqlite.sqlite"] = "SQLiteSearchBackend"


def parameters(function):
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize(("module_name", "backend_name"), INDEX_MODULES.items())
def test_each_database_index_builds_its_indexer_from_the_module_global(module_name, backend_name):
    module = importlib.import_module(module_name)
    backend_class = getattr(module, backend_name)
    assert backend_name in segmenting.INDEXED_BACKENDS
    indexer = module.ObjectIndexer
    # Unwrap our subclass if this process already set the backend up.
    original = indexer.__mro__[1] if getattr(indexer, "segmenting", False) else indexer
    assert parameters(original.__init__) == ["self", "obj", "backend"]
    assert parameters(original.prepare_value) == ["self", "value"]
    assert "ObjectIndexer(obj, self.backend)" in inspect.getsource(
        backend_class.index_class.add_items
    )
    assert "self.prepare_value(" in inspect.getsource(original.prepare_field)


def test_query_compilers_keep_the_query_where_the_backend_reads_it():
    assert parameters(BaseSearchQueryCompiler.__init__)[:3] == ["self", "queryset", "query"]
    assert "self.query = query" in inspect.getsource(BaseSearchQueryCompiler.__init__)
    query = PlainText("审核", operator="or", boost=2)
    assert (query.query_string, query.operator, query.boost) == ("审核", "or", 2)
    assert And([query]).subqueries == [query] and Or([query]).subqueries == [query]
    assert Not(query).subquery is query


@pytest.mark.django_db
def test_the_admin_backend_segments_queries_and_indexed_text(use_database_engine, site_tree):
    backend = get_search_backend()
    assert type(backend).__name__ in segmenting.INDEXED_BACKENDS
    compiler = backend.query_compiler_class(
        Page.objects.all(), And([PlainText("组织审核员培训"), Not(PlainText("進貨檢驗"))])
    )
    words, excluded = compiler.query.subqueries
    assert "审核员" in words.query_string.split() and "培训" in words.query_string.split()
    assert excluded.subquery.query_string.split() == ["进货检验"]

    module = importlib.import_module(type(backend).__module__)
    assert module.ObjectIndexer.segmenting
    page = site_tree.add_child(
        instance=Page(title="内部审核：企业自己给体系做体检", slug="t-segmented")
    )
    from modelsearch.conf import get_app_config

    index_entry = get_app_config().get_model("IndexEntry")
    title = str(
        index_entry.objects.get(object_id=str(page.pk), content_type=page.content_type).title
    )
    # SQLite keeps the text ("内部 审核 ..."), PostgreSQL a tsvector ("'内部审核':3B ...").
    words = set(re.findall(r"'([^']+)'", title)) if "'" in title else set(title.split())
    assert {"内部审核", "体检"} <= words


def test_start_up_refuses_a_modelsearch_without_the_indexer_it_extends(monkeypatch, db):
    module = importlib.import_module(type(get_search_backend()).__module__)
    monkeypatch.setattr(module, "ObjectIndexer", type("ObjectIndexer", (), {}))
    with pytest.raises(ImproperlyConfigured, match=r"ObjectIndexer\.prepare_value"):
        segmenting.SearchBackend({})
