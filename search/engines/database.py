"""The embedded default: Wagtail's database search backend (SQLite FTS5 or PostgreSQL) over
``SearchEntry.segmented_text``, which already holds one token per word."""

from collections import Counter

from modelsearch.backends import get_search_backend
from modelsearch.query import PlainText

from search.engines.base import (
    FACETS,
    LIST_FACETS,
    Hit,
    SearchEngine,
    SearchResponse,
    facet_value_matches,
    sorted_counts,
)
from search.models import SearchEntry

# Matches beyond this many are not ranked, filtered or counted (the page says "at least").
MAX_CANDIDATES = 2000
CHUNK = 500


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, request):
        if not request.terms:
            return SearchResponse(count=0, hits=[], facets={})
        ranked = self._ranked_ids(request.terms)
        facets_by_id = self._facets(list(ranked))
        matching = [
            pk
            for pk in ranked
            if all(
                facet_value_matches(facets_by_id[pk], name, value)
                for name, value in request.filters.items()
            )
        ]
        counts = {name: Counter() for name in FACETS}
        for pk in matching:
            for name in FACETS:
                value = facets_by_id[pk][name]
                for item in value if name in LIST_FACETS else [value]:
                    if item not in (None, ""):
                        counts[name][item] += 1
        page_ids = matching[request.offset : request.offset + request.limit]
        entries = SearchEntry.objects.in_bulk(page_ids)
        hits = [
            Hit(
                doc_id=entries[pk].doc_id,
                page_id=entries[pk].page_id,
                title=entries[pk].title,
                url=entries[pk].url,
                kind=entries[pk].kind,
                content=entries[pk].content,
                score=ranked[pk],
                facets=facets_by_id[pk],
            )
            for pk in page_ids
        ]
        return SearchResponse(
            capped=len(ranked) >= MAX_CANDIDATES,
            count=len(matching),
            hits=hits,
            facets={name: sorted_counts(counter) for name, counter in counts.items() if counter},
        )

    def _ranked_ids(self, terms):
        """{entry pk: score}, best first."""
        backend = get_search_backend()
        query = PlainText(" ".join(terms), operator="or")
        if backend.__class__.__name__ == "SQLiteSearchBackend":
            return self._ranked_ids_sqlite(backend, query)
        results = backend.search(
            query, SearchEntry.objects.only("pk"), order_by_relevance=True
        ).annotate_score("_score")
        return {entry.pk: abs(entry._score or 0.0) for entry in results[:MAX_CANDIDATES]}

    def _ranked_ids_sqlite(self, backend, query):
        # modelsearch scores SQLite results with one correlated FTS subquery per row, which
        # takes seconds at 20,000 entries; asking its FTS table directly, with the same
        # MATCH and bm25() expressions, takes milliseconds.
        from modelsearch.backends.database.sqlite.query import BM25, MatchExpression
        from modelsearch.conf import get_app_config
        from modelsearch.utils import get_content_type_pk

        fts_entries = get_app_config().get_model("SQLiteFTSIndexEntry")
        compiler = backend.query_compiler_class(SearchEntry.objects.all(), query)
        match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query))
        rows = (
            fts_entries.objects.filter(match)
            .filter(index_entry__content_type_id=get_content_type_pk(SearchEntry))
            .annotate(score=BM25())
            .order_by("score")  # bm25() is negative: lower is better
            .values_list("index_entry__object_id", "score")[:MAX_CANDIDATES]
        )
        return {int(object_id): -score for object_id, score in rows}

    def _facets(self, pks):
        columns = ["pk", *FACETS.values()]
        facets = {}
        for start in range(0, len(pks), CHUNK):
            rows = SearchEntry.objects.filter(pk__in=pks[start : start + CHUNK]).values(*columns)
            for row in rows:
                # A blank column is no value, as Elasticsearch (which stores None) says.
                facets[row["pk"]] = {
                    name: None if row[column] == "" else row[column]
                    for name, column in FACETS.items()
                }
        return facets
