"""The embedded default, on SQLite and PostgreSQL alike: BM25F computed in SQL over
SearchPosting (the inverted index search.indexing writes), with IDF counted from the same
rows, and facet counts over every match from a compact copy of SearchFacet each process
keeps (``facet_table``). Every match is ranked and counted: there is no candidate cap."""

import heapq
import threading
from collections import Counter, defaultdict
from itertools import chain, repeat

from django.db import connection

from search.engines.base import (
    FACETS,
    K1,
    B,
    Hit,
    SearchEngine,
    SearchResponse,
    best_weights,
    idf,
    sorted_counts,
)
from search.models import SearchEntry, SearchFacet, SearchPosting

POSTINGS = SearchPosting._meta.db_table
FACET_TABLE = SearchFacet._meta.db_table
ENTRIES = SearchEntry._meta.db_table
HIT_COLUMNS = ["page_id", "title", "url", "kind", "content", *FACETS.values()]


def _in(values):
    return ", ".join(["%s"] * len(values))


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, request):
        # SearchPosting keeps a term's first 64 characters.
        weights = best_weights((term[:64], weight) for term, weight in request.terms)
        if not weights:
            return SearchResponse(count=0, hits=[], facets={})
        with connection.cursor() as cursor:
            # Both read an index only (search_entry_length; updated_at's).
            cursor.execute(
                f"SELECT COUNT(*), AVG(length), MAX(id), SUM(id), SUM(length) FROM {ENTRIES}"
            )
            documents, average, *version = cursor.fetchone()
            cursor.execute(f"SELECT MAX(updated_at) FROM {ENTRIES}")
            version = (documents, *version, cursor.fetchone()[0])
            terms = list(weights)
            cursor.execute(
                f"SELECT term, COUNT(*) FROM {POSTINGS} WHERE term IN ({_in(terms)}) GROUP BY term",
                terms,
            )
            frequencies = dict(cursor.fetchall())
            terms = [t for t in terms if frequencies.get(t)]
            if not terms:
                return SearchResponse(count=0, hits=[], facets={})
            # Filters: the entry must have each chosen facet value.
            filter_sql, filter_params = "", []
            for name, value in request.filters.items():
                filter_sql += (
                    f" AND p.entry_id IN (SELECT entry_id FROM {FACET_TABLE}"
                    " WHERE name = %s AND value = %s)"
                )
                filter_params += [name, str(value)]
            case = " ".join(["WHEN %s THEN %s"] * len(terms))
            case_params = []
            for term in terms:
                case_params += [term, weights[term] * idf(documents, frequencies[term])]
            norm = f"{K1 * (1 - B)} + {K1 * B} * p.length / %s"
            scores = (
                f"SELECT p.entry_id, SUM((CASE p.term {case} END) * p.prior"
                f" * p.tf * {K1 + 1} / (p.tf + {norm})) AS score"
                f" FROM {POSTINGS} p WHERE p.term IN ({_in(terms)}){filter_sql}"
                " GROUP BY p.entry_id"
            )
            params = [*case_params, average or 1.0, *terms, *filter_params]
            counts = {name: {} for name in FACETS}
            count = None
            if not request.facets:
                cursor.execute(
                    f"{scores} ORDER BY score DESC, p.entry_id LIMIT %s OFFSET %s",
                    [*params, request.limit, request.offset],
                )
                ranked = cursor.fetchall()
            else:
                # Every match with its score in one pass over the postings: the page is the
                # best of them (as ORDER BY score DESC, entry_id would give), and the facet
                # values of all of them are counted from the compact facet table this
                # process keeps (facet_table).
                cursor.execute(scores, params)
                matching = cursor.fetchall()
                count = len(matching)
                ranked = heapq.nsmallest(
                    request.offset + request.limit, matching, key=lambda row: (-row[1], row[0])
                )[request.offset :]
                keys, values = facet_table(version)
                found = Counter(
                    chain.from_iterable(map(values.get, (row[0] for row in matching), repeat(())))
                )
                for key, n in found.items():
                    name, value = keys[key]
                    counts[name][value] = n
        # Only the page's entries, and only what a hit shows (not their segmented fields).
        entries = SearchEntry.objects.only(*HIT_COLUMNS).in_bulk([pk for pk, _ in ranked])
        hits = [
            Hit(
                doc_id=entries[pk].doc_id,
                page_id=entries[pk].page_id,
                title=entries[pk].title,
                url=entries[pk].url,
                kind=entries[pk].kind,
                content=entries[pk].content,
                score=float(score),
                facets=entry_facets(entries[pk]),
            )
            for pk, score in ranked
        ]
        return SearchResponse(
            count=len(ranked) if count is None else count,
            hits=hits,
            facets={name: sorted_counts(counter) for name, counter in counts.items() if counter},
        )


_facets = {"version": None, "table": ({}, {})}
_facets_lock = threading.Lock()


def facet_table(version):
    """(key → (facet name, value), entry id → (keys of its facet values)): every entry's
    facet values as small integers, read from SearchFacet once per process and again when
    the entries change (``version``: their count, ids, lengths and latest update), so that
    counting the values of thousands of matches is a Counter over integers."""
    with _facets_lock:
        if _facets["version"] != version:
            numbers, by_entry = {}, defaultdict(list)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT entry_id, name, value FROM {FACET_TABLE}")
                for entry_id, name, value in cursor.fetchall():
                    value = int(value) if name == "year" else value
                    by_entry[entry_id].append(numbers.setdefault((name, value), len(numbers)))
            keys = {number: key for key, number in numbers.items()}
            _facets["table"] = (keys, {pk: tuple(v) for pk, v in by_entry.items()})
            _facets["version"] = version
        return _facets["table"]


def entry_facets(entry):
    # A blank column is no value, as Elasticsearch (which stores None) says.
    return {
        name: None if getattr(entry, column) == "" else getattr(entry, column)
        for name, column in FACETS.items()
    }
