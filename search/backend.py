"""Wagtail's database search backend (SQLite FTS5 or PostgreSQL), taught Chinese.

Used as WAGTAILSEARCH_BACKENDS["default"] so the admin's page, image and document search
works in Chinese too: every indexed value and every plain-text query goes through
search.analysis, the tokenizer the public search uses. (The public search has its own
index, search.models.SearchPosting; a model marked ``search_presegmented`` would pass
through unchanged.) Docs: https://docs.wagtail.org/en/stable/topics/search/backends.html
"""

import sys

from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends.database import SearchBackend as vendor_backend
from modelsearch.query import And, Not, Or, PlainText

from search.analysis import get_analyzer


def _presegmented(model):
    return getattr(model, "search_presegmented", False)


def _segment_query(query):
    if isinstance(query, PlainText):
        words = get_analyzer().query_words(query.query_string)
        # Nothing left (only punctuation or stopwords): keep the original so it matches nothing.
        return PlainText(
            " ".join(words) or query.query_string, operator=query.operator, boost=query.boost
        )
    if isinstance(query, (And, Or)):
        return type(query)([_segment_query(q) for q in query.subqueries])
    if isinstance(query, Not):
        return Not(_segment_query(query.subquery))
    return query


def _segmenting_compiler(compiler_class):
    class SegmentingQueryCompiler(compiler_class):
        def __init__(self, queryset, query, *args, **kwargs):
            super().__init__(queryset, query, *args, **kwargs)
            if not _presegmented(queryset.model):
                self.query = _segment_query(self.query)

    SegmentingQueryCompiler.__name__ = f"Segmenting{compiler_class.__name__}"
    return SegmentingQueryCompiler


def _segmenting_indexer(indexer_class):
    class SegmentingObjectIndexer(indexer_class):
        def prepare_value(self, value):
            value = super().prepare_value(value)
            if _presegmented(type(self.obj)) or not value:
                return value
            return get_analyzer().index_text(value)

        def prepare_field(self, obj, field):
            # Its title, body and autocomplete each read every field: prepare (and segment)
            # each of the object's own fields once.
            if obj is not self.obj:
                yield from super().prepare_field(obj, field)
                return
            prepared = self.__dict__.setdefault("_prepared", {})
            if id(field) not in prepared:
                prepared[id(field)] = list(super().prepare_field(obj, field))
            yield from prepared[id(field)]

    return SegmentingObjectIndexer


# modelsearch has no hook for the text its database indexes store: each index class builds
# ``ObjectIndexer(obj, self.backend)`` from its module's global inside add_items() and reads
# every value through ``ObjectIndexer.prepare_value``. Replacing that global (once) is the only
# way short of copying add_items(). tests/search/test_backend.py fails if modelsearch changes
# any of this, and start-up refuses to go on (rather than silently index unsegmented text).
INDEXED_BACKENDS = {"SQLiteSearchBackend", "PostgresSearchBackend", "MySQLSearchBackend"}


def _patch_indexer(backend):
    if type(backend).__name__ not in INDEXED_BACKENDS:
        return  # modelsearch's fallback backend (no full-text index) stores nothing
    module = sys.modules[type(backend).__module__]
    indexer = getattr(module, "ObjectIndexer", None)
    if indexer is None or not callable(getattr(indexer, "prepare_value", None)):
        raise ImproperlyConfigured(
            f"search.backend 无法为 {module.__name__} 的索引加入中文分词："
            "modelsearch 已不再提供 ObjectIndexer.prepare_value，请按新版本调整 search/backend.py"
        )
    if not getattr(indexer, "segmenting", False):
        module.ObjectIndexer = _segmenting_indexer(indexer)
        module.ObjectIndexer.segmenting = True


def SearchBackend(params):
    """modelsearch's database backend for this database, its query compilers (a documented
    backend attribute) and its indexer segmenting Chinese."""
    backend = vendor_backend(params)
    backend.query_compiler_class = _segmenting_compiler(backend.query_compiler_class)
    if backend.autocomplete_query_compiler_class is not None:
        backend.autocomplete_query_compiler_class = _segmenting_compiler(
            backend.autocomplete_query_compiler_class
        )
    _patch_indexer(backend)
    return backend
