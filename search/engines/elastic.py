"""Elasticsearch 8 through the client's elasticsearch.dsl: an alias over a dated index, so a rebuild
fills a new index and swaps the alias without downtime."""

import time
from collections.abc import Iterable

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import Q, Search
from elasticsearch.helpers import BulkIndexError, bulk

from search.documents import INDEX_SETTINGS, PageDocument
from search.engines.base import (
    FACETS,
    FIELD_WEIGHTS,
    KIND_PRIORS,
    LIST_FACETS,
    Hit,
    SearchEngine,
    SearchResponse,
    Unavailable,
    best_weights,
    idf,
)
from search.models import IndexState

# ES document field for each facet name (the SearchEntry column's name).
FIELDS = FACETS
ANY = "text_any"  # every weighted field's words, counted (term_statistics), never scored
STATISTICS_SECONDS = 2.0
STATISTICS_TERMS = 10_000
_statistics = {}  # alias → the term statistics kept for it (term_statistics)
FACET_SIZE = 50
_clients = {}


def client(url=None):
    url = url or settings.ELASTICSEARCH_URL
    if url not in _clients:
        # Fail fast: a search outage must never hold up publishing (the outbox retries).
        _clients[url] = Elasticsearch(
            url, request_timeout=10, max_retries=0, retry_on_timeout=False
        )
    return _clients[url]


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-pages"


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url=None):
        self.url = url or settings.ELASTICSEARCH_URL

    @property
    def es(self):
        return client(self.url)

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (TransportError, ApiError, BulkIndexError) as error:
            raise Unavailable(str(error)) from error

    # --- indexes and the alias -------------------------------------------------
    def create_index(self):
        name = f"{alias_name()}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000}"
        self._call(
            self.es.indices.create,
            index=name,
            settings=INDEX_SETTINGS,
            mappings=PageDocument._doc_type.mapping.to_dict(),
        )
        return name

    def ensure_index(self):
        if not self._call(self.es.indices.exists_alias, name=alias_name()):
            index = self.create_index()
            self._call(self.es.indices.put_alias, index=index, name=alias_name())

    def swap_alias(self, new_index):
        """Point the alias at ``new_index`` in one atomic step, then drop the old indexes."""
        alias = alias_name()
        old = []
        if self._call(self.es.indices.exists_alias, name=alias):
            old = list(self._call(self.es.indices.get_alias, name=alias).body)
        actions = [{"remove": {"index": index, "alias": alias}} for index in old]
        actions.append({"add": {"index": new_index, "alias": alias}})
        self._call(self.es.indices.update_aliases, actions=actions)
        for index in old:
            self._call(self.es.indices.delete, index=index)

    def drop_orphans(self):
        """Delete this environment's indexes that no alias points at (left by a rebuild
        that died before its swap)."""
        pattern = f"{alias_name()}-*"
        indexes = self._call(self.es.indices.get, index=pattern, allow_no_indices=True).body
        for name, info in indexes.items():
            if not info.get("aliases"):
                self._call(self.es.indices.delete, index=name)

    def drop_all(self):
        """Delete every index of this environment (tests and benchmarks)."""
        self._call(self.es.indices.delete, index=f"{alias_name()}*", allow_no_indices=True)

    # --- writes ------------------------------------------------------------------
    def index_entries(self, entries: Iterable, index=None):
        index = index or alias_name()
        if index == alias_name():
            self.ensure_index()
        actions = (PageDocument.from_entry(e, index).to_dict(include_meta=True) for e in entries)
        done, _ = self._call(bulk, self.es.options(request_timeout=60), actions, chunk_size=500)
        return done

    def delete_docs(self, doc_ids, index=None):
        if not doc_ids:
            return
        index = index or alias_name()
        if index == alias_name():
            self.ensure_index()
        actions = [{"_op_type": "delete", "_index": index, "_id": d} for d in doc_ids]
        # A delete of something never indexed is fine (404 is not an error here).
        self._call(bulk, self.es, actions, raise_on_error=False)

    def refresh(self, index=None):
        self._call(self.es.indices.refresh, index=index or alias_name())

    def count(self):
        return self._call(self.es.count, index=alias_name())["count"]

    # --- search --------------------------------------------------------------------
    def term_statistics(self, terms):
        """(documents, {term: documents holding it in any field}, {term: Lucene's own
        document frequency}, Lucene's own document count), from the index's statistics in
        one small request (the term vectors of a document made of the terms), whatever the
        size of the index.

        ``combined_fields`` (Lucene's CombinedFieldQuery, BM25F) takes as a term's document
        frequency its largest frequency in one field, and as the document count the largest
        count of documents having one field; the database engine counts the documents that
        hold the term in any field, out of all documents, as BM25F over one combined field
        does (``text_any`` holds every field's words for this count alone). A term spread
        over several fields (in the titles of some pages, the bodies of others) is thus
        rarer to Elasticsearch. Its counts here let search() turn Elasticsearch's IDF into
        the database engine's. Lucene counts a replaced page until a merge drops it, on
        both sides of the conversion alike.

        They are kept for STATISTICS_SECONDS at most, and never past a write to the index
        (the database's IndexState token, which every sync changes before Elasticsearch is
        written): the clause feedback's second query, and the queries of the next moments,
        ask only for the terms not counted yet."""
        kept = _statistics.get(alias_name())
        token = IndexState.objects.values_list("token", flat=True).first()
        if (
            kept is None
            or (kept["token"], kept["until"] > time.monotonic()) != (token, True)
            or len(kept["terms"]) > STATISTICS_TERMS
        ):
            kept = {"token": token, "until": time.monotonic() + STATISTICS_SECONDS, "terms": {}}
            _statistics[alias_name()] = kept
        missing = [term for term in terms if term not in kept["terms"]]
        if missing:
            documents, anywhere, own, own_documents = self._term_statistics(missing)
            kept.update(documents=documents, own_documents=own_documents)
            kept["terms"].update({term: (anywhere[term], own[term]) for term in missing})
        counts = kept["terms"]
        return (
            kept["documents"],
            {term: counts[term][0] for term in terms},
            {term: counts[term][1] for term in terms},
            kept["own_documents"],
        )

    def _term_statistics(self, terms):
        fields = [f"text_{name}" for name in FIELD_WEIGHTS]
        text = " ".join(terms)
        response = self._call(
            self.es.termvectors,
            index=alias_name(),
            doc={field: text for field in (ANY, *fields)},
            fields=[ANY, *fields],
            term_statistics=True,
            field_statistics=True,
            positions=False,
            offsets=False,
            payloads=False,
        )
        vectors = response.get("term_vectors", {})  # none while the index is empty

        def frequency(field, term):
            return vectors.get(field, {}).get("terms", {}).get(term, {}).get("doc_freq", 0)

        def documents(field):
            return vectors.get(field, {}).get("field_statistics", {}).get("doc_count", 0)

        anywhere = {term: frequency(ANY, term) for term in terms}
        own = {term: max(frequency(field, term) for field in fields) for term in terms}
        return documents(ANY), anywhere, own, max(documents(field) for field in fields)

    def search(self, request):
        weights = best_weights(request.terms)
        if not weights:
            return SearchResponse(count=0, hits=[], facets={})
        documents, anywhere, own, own_documents = self.term_statistics(list(weights))
        # Each term's boost makes Elasticsearch's IDF the database engine's (term_statistics).
        boosts = {
            term: weight * idf(documents, anywhere[term]) / idf(own_documents, own[term])
            for term, weight in weights.items()
            if anywhere[term]
        }
        if not boosts:
            return SearchResponse(count=0, hits=[], facets={})
        filters = [Q("term", **{FIELDS[name]: value}) for name, value in request.filters.items()]
        fields = [f"text_{name}^{weight}" for name, weight in FIELD_WEIGHTS.items()]
        query = Q(
            "function_score",
            query=Q(
                "bool",
                should=[
                    Q("combined_fields", query=term, fields=fields, boost=boost)
                    for term, boost in boosts.items()
                ],
                minimum_should_match=1,
                filter=filters,
            ),
            functions=[
                {"filter": Q("term", kind=kind), "weight": prior}
                for kind, prior in KIND_PRIORS.items()
            ],
            score_mode="multiply",
            boost_mode="multiply",
        )
        search = (
            Search(using=self.es, index=alias_name())
            .query(query)
            .source(excludes=["text_*"])
            .extra(track_total_hits=True)[request.offset : request.offset + request.limit]
        )
        if request.facets:
            for name, field in FIELDS.items():
                search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
        response = self._call(search.execute)
        hits = []
        for hit in response.hits:
            data = hit.to_dict()
            facets = {
                name: (list(data.get(field) or []) if name in LIST_FACETS else data.get(field))
                for name, field in FIELDS.items()
            }
            hits.append(
                Hit(
                    doc_id=hit.meta.id,
                    page_id=data.get("page_id"),
                    title=data.get("title", ""),
                    url=data.get("url", ""),
                    kind=data.get("kind", ""),
                    content=data.get("content", ""),
                    score=hit.meta.score or 0.0,
                    facets=facets,
                )
            )
        facets = {
            name: [(b.key, b.doc_count) for b in getattr(response.aggregations, name).buckets]
            for name in (FIELDS if request.facets else [])
        }
        return SearchResponse(
            count=response.hits.total.value,
            hits=hits,
            facets={name: buckets for name, buckets in facets.items() if buckets},
        )
