"""The embedded default, on SQLite and PostgreSQL alike: BM25F over SearchPosting (the
inverted index search.indexing writes), with IDF counted from the same rows.

What a query costs does not grow with the library:
- The index's statistics (documents, average length), each facet value's entries and each
  queried term's entries, document frequency and best score are kept per process as bitsets
  for one state of the index (``snapshot``; IndexState's token changes with every write),
  so counting the matches and their facet values is a few ANDs and popcounts.
- The best matches are found by MaxScore (``best_matches``): the rare terms that decide the
  ranking are read whole, the common ones only for the pages still in the running. Every
  match is still counted and the ranking is exact."""

import heapq
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

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
from search.models import IndexState, SearchEntry, SearchFacet, SearchPosting

POSTINGS = SearchPosting._meta.db_table
FACET_TABLE = SearchFacet._meta.db_table
ENTRIES = SearchEntry._meta.db_table
STATE = IndexState._meta.db_table
HIT_COLUMNS = ["page_id", "title", "url", "kind", "content", *FACETS.values()]
# The kept term bitsets of one process, at most (a bitset is one bit per entry).
TERM_CACHE_BYTES = 8 * 1024 * 1024
CHUNK = 500  # entry ids per IN (...) list
# What looking up one entry's posting of one term costs, in postings read in a row: the
# common terms are looked up for the entries still running only when that costs less.
LOOKUP = 4


def _in(values):
    return ", ".join(["%s"] * len(values))


def bitset(ids, base=0):
    """The entry ids as one integer: bit ``id - base`` set for each."""
    ids = [pk - base for pk in ids]
    if not ids:
        return 0
    data = bytearray(max(ids) // 8 + 1)
    for bit in ids:
        data[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(data, "little")


@dataclass
class Term:
    frequency: int  # entries holding it
    best: float  # the largest score part one posting of it gives (weight and IDF aside)
    entries: int  # bitset


@dataclass
class Snapshot:
    """What this process keeps of one state of the index."""

    token: int | None
    base: int  # the smallest entry id: bit 0 of every bitset
    documents: int
    average: float
    facets: dict  # (facet name, value as text) → bitset of its entries
    terms: OrderedDict = field(default_factory=OrderedDict)  # term → Term, least recent first
    size: int = 0  # bytes of the kept term bitsets

    @classmethod
    def load(cls, cursor, token):
        cursor.execute(f"SELECT COUNT(*), AVG(length), MIN(id) FROM {ENTRIES}")
        documents, average, base = cursor.fetchone()
        base = base or 0
        cursor.execute(f"SELECT name, value, entry_id FROM {FACET_TABLE}")
        by_value = defaultdict(list)
        for name, value, entry_id in cursor.fetchall():
            by_value[name, value].append(entry_id)
        facets = {key: bitset(ids, base) for key, ids in by_value.items()}
        return cls(token, base, documents, float(average or 1.0), facets)

    def partial(self):
        """SQL for one posting's part of the score, before its term's weight and IDF: BM25's
        saturated, length-normalised term frequency times the entry's prior."""
        norm = f"{K1 * (1 - B)} + {K1 * B} * p.length / {self.average!r}"
        return f"p.prior * p.tf * {K1 + 1} / (p.tf + {norm})"

    def terms_of(self, cursor, terms):
        """{term: Term} for those of ``terms`` any entry holds."""
        missing = [t for t in terms if t not in self.terms]
        if missing:
            ids, best = defaultdict(list), defaultdict(float)
            cursor.execute(
                f"SELECT p.term, p.entry_id, {self.partial()} FROM {POSTINGS} p"
                f" WHERE p.term IN ({_in(missing)})",
                missing,
            )
            for term, entry_id, part in cursor.fetchall():
                ids[term].append(entry_id)
                if part > best[term]:
                    best[term] = part
            for term in missing:
                self.keep(term, Term(len(ids[term]), best[term], bitset(ids[term], self.base)))
        found = {}
        for term in terms:
            self.terms.move_to_end(term)
            if self.terms[term].frequency:
                found[term] = self.terms[term]
        return found

    def keep(self, term, info):
        self.terms[term] = info
        self.size += info.entries.bit_length() // 8 + 64
        while self.size > TERM_CACHE_BYTES and len(self.terms) > 1:
            _, old = self.terms.popitem(last=False)
            self.size -= old.entries.bit_length() // 8 + 64


_snapshot = {"current": None}
_snapshot_lock = threading.Lock()


def snapshot(cursor):
    """The kept Snapshot of the index as it is now (one single-row read when current)."""
    cursor.execute(f"SELECT token FROM {STATE} WHERE id = 1")
    row = cursor.fetchone()
    token = row[0] if row else None
    with _snapshot_lock:
        current = _snapshot["current"]
        if current is None or token is None or current.token != token:
            current = Snapshot.load(cursor, token)
            _snapshot["current"] = current
        return current


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, request):
        # SearchPosting keeps a term's first 64 characters.
        weights = best_weights((term[:64], weight) for term, weight in request.terms)
        if not weights:
            return SearchResponse(count=0, hits=[], facets={})
        with connection.cursor() as cursor:
            index = snapshot(cursor)
            with _snapshot_lock:
                terms = index.terms_of(cursor, list(weights))
            if not terms:
                return SearchResponse(count=0, hits=[], facets={})
            matches = 0
            for info in terms.values():
                matches |= info.entries
            for name, value in request.filters.items():
                matches &= index.facets.get((name, str(value)), 0)
            ranked = best_matches(
                cursor,
                index,
                {t: weights[t] * idf(index.documents, info.frequency) for t, info in terms.items()},
                terms,
                request.filters,
                request.offset + request.limit,
            )[request.offset :]
            counts = {name: {} for name in FACETS}
            if request.facets and matches:
                for (name, value), entries in index.facets.items():
                    n = (matches & entries).bit_count()
                    if n:
                        counts[name][int(value) if name == "year" else value] = n
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
            if pk in entries
        ]
        return SearchResponse(
            count=matches.bit_count(),
            hits=hits,
            facets={name: sorted_counts(counter) for name, counter in counts.items() if counter},
        )


def best_matches(cursor, index, weights, terms, filters, k):
    """[(entry id, score)] of the ``k`` best entries, best first (ties by id); ``weights``
    holds each term's weight times its IDF.

    MaxScore with random access: terms are read whole from the one that can add the most to
    a score down. After each, the leaders so far are completed (their postings of the terms
    not read yet, looked up by id), and the k-th of those complete scores is a floor the
    final k-th best cannot fall below. Once the terms not read yet could not together lift
    an entry that holds none of the terms read above that floor, they are only looked up for
    the entries still in the running (when that costs less than reading them whole). Exact:
    the same k as scoring every match."""
    if k <= 0:
        return []
    filter_sql, filter_params = "", []
    for name, value in filters.items():
        filter_sql += (
            f" AND p.entry_id IN (SELECT entry_id FROM {FACET_TABLE}"
            " WHERE name = %s AND value = %s)"
        )
        filter_params += [name, str(value)]
    partial = index.partial()
    bound = {t: weights[t] * terms[t].best for t in terms}
    order = sorted(terms, key=lambda t: (-bound[t], t))
    rest = [0.0] * (len(order) + 1)  # rest[i]: the most the terms from i on can add
    for i in range(len(order) - 1, -1, -1):
        rest[i] = rest[i + 1] + bound[order[i]]

    scores = {}  # entry → its score over the terms read so far
    complete = {}  # entry → its score over every term

    def finish(ids, read):
        """Complete the scores of ``ids`` with the terms from ``read`` on."""
        later = order[read:]
        for pk in ids:
            complete[pk] = scores[pk]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(
                f"SELECT p.entry_id, p.term, {partial} FROM {POSTINGS} p"
                f" WHERE p.term IN ({_in(later)}) AND p.entry_id IN ({_in(chunk)})",
                [*later, *chunk],
            )
            for entry_id, term, part in cursor.fetchall():
                complete[entry_id] += weights[term] * part

    floor, read = 0.0, 0
    while read < len(order):
        cursor.execute(
            f"SELECT p.entry_id, {partial} FROM {POSTINGS} p WHERE p.term = %s{filter_sql}",
            [order[read], *filter_params],
        )
        weight, get = weights[order[read]], scores.get
        for entry_id, part in cursor.fetchall():
            scores[entry_id] = get(entry_id, 0.0) + weight * part
        read += 1
        if read == len(order) or len(scores) < k:
            continue
        kth = heapq.nlargest(k, scores.values())[-1]
        leaders = [pk for pk, score in scores.items() if score >= kth and pk not in complete]
        finish(leaders[: 2 * k], read)
        floor = heapq.nlargest(k, complete.values())[-1]
        if rest[read] >= floor:
            continue
        # An entry holding none of the terms read scores at most rest[read] < floor; of the
        # others, only those the terms not read could lift to the floor are still running.
        running = [
            pk for pk, score in scores.items() if pk not in complete and score + rest[read] >= floor
        ]
        later = sum(terms[t].frequency for t in order[read:])
        if len(running) * (len(order) - read) * LOOKUP <= later:
            finish(running, read)
            break
    if read == len(order):
        complete.update(scores)
    return heapq.nsmallest(k, complete.items(), key=lambda item: (-item[1], item[0]))


def entry_facets(entry):
    # A blank column is no value, as Elasticsearch (which stores None) says.
    return {
        name: None if getattr(entry, column) == "" else getattr(entry, column)
        for name, column in FACETS.items()
    }
