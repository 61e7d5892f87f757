"""The embedded default, on SQLite and PostgreSQL alike: BM25F computed in SQL over
SearchPosting (the inverted index search.indexing writes), with IDF counted from the same
rows, and facet counts as one GROUP BY over SearchFacet. Every match is ranked and counted:
there is no candidate cap."""

import math

from django.db import connection

from search.engines.base import (
    FACETS,
    K1,
    B,
    Hit,
    SearchEngine,
    SearchResponse,
    sorted_counts,
)
from search.models import SearchEntry, SearchFacet, SearchPosting

POSTINGS = SearchPosting._meta.db_table
FACET_TABLE = SearchFacet._meta.db_table
ENTRIES = SearchEntry._meta.db_table


def idf(documents, frequency):
    """Lucene's BM25 IDF (what Elasticsearch uses)."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def _in(values):
    return ", ".join(["%s"] * len(values))


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, request):
        weights = {}
        for term, weight in request.terms:
            weights[term[:64]] = max(weight, weights.get(term[:64], 0))
        if not weights:
            return SearchResponse(count=0, hits=[], facets={})
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), AVG(length) FROM {ENTRIES}")
            documents, average = cursor.fetchone()
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
            page = [request.limit, request.offset]
            norm = f"{K1 * (1 - B)} + {K1 * B} * p.length / %s"
            cursor.execute(
                f"SELECT p.entry_id, SUM((CASE p.term {case} END) * p.prior"
                f" * p.tf * {K1 + 1} / (p.tf + {norm})) AS score"
                f" FROM {POSTINGS} p WHERE p.term IN ({_in(terms)}){filter_sql}"
                " GROUP BY p.entry_id ORDER BY score DESC, p.entry_id LIMIT %s OFFSET %s",
                [*case_params, average or 1.0, *terms, *filter_params, *page],
            )
            ranked = cursor.fetchall()
            counts = {name: {} for name in FACETS}
            count = None
            if request.facets:
                # From the matching entries to their facet rows (index-only on SearchFacet).
                cursor.execute(
                    f"SELECT f.name, f.value, COUNT(*) FROM (SELECT DISTINCT p.entry_id"
                    f" FROM {POSTINGS} p WHERE p.term IN ({_in(terms)}){filter_sql}) m"
                    f" JOIN {FACET_TABLE} f ON f.entry_id = m.entry_id"
                    " GROUP BY f.name, f.value",
                    [*terms, *filter_params],
                )
                for name, value, n in cursor.fetchall():
                    counts[name][int(value) if name == "year" else value] = n
                count = sum(counts["type"].values())
        entries = SearchEntry.objects.in_bulk([pk for pk, _ in ranked])
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


def entry_facets(entry):
    # A blank column is no value, as Elasticsearch (which stores None) says.
    return {
        name: None if getattr(entry, column) == "" else getattr(entry, column)
        for name, column in FACETS.items()
    }
