"""The embedded default, on SQLite and PostgreSQL alike: BM25F over SearchPosting (the
inverted index search.indexing writes), with IDF counted from the same rows.

What a query costs hardly grows with the library:
- Each process keeps, for one state of the index (``snapshot``; IndexState's token changes
  with every write), the index's statistics, each facet value's entries as a bitset, and
  for each queried term its entries and its best postings (bitsets) and every posting's
  score part: counting the matches and their facet values is a few ANDs and popcounts.
- The best matches are found from bounds summed for every entry at once (``best_matches``):
  only the few entries that could rank are scored, and the ranking is exact."""

import heapq
import math
import threading
from array import array
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
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
from search.engines.bitsets import SlicedNumbers, bitset, members
from search.models import IndexState, SearchEntry, SearchFacet, SearchPosting

POSTINGS = SearchPosting._meta.db_table
FACET_TABLE = SearchFacet._meta.db_table
ENTRIES = SearchEntry._meta.db_table
STATE = IndexState._meta.db_table
HIT_COLUMNS = ["page_id", "title", "url", "kind", "content", *FACETS.values()]
# A term's postings are kept in a dict (about SPARSE_BYTES each) or, for a term many
# entries hold, in an array with a slot for every entry (DENSE_BYTES each), whichever is
# smaller; the least recently queried terms are dropped first past
# settings.SEARCH_TERM_CACHE_MB.
SPARSE_BYTES = 72
DENSE_BYTES = 8
TOP = 32  # each term's best postings, bounded apart from the others
UNITS = 1024  # bounds are counted in whole units: a query's largest possible score / UNITS
FIRST = 4  # a search of the k best first scores the FIRST × k entries with the largest bounds


class Term:
    """What a process keeps of one term: how many entries hold it, its entries (a bitset),
    its TOP best postings (a bitset), the largest score part one of its postings gives and
    the largest outside the TOP best, and every posting's score part (weight and IDF
    aside)."""

    __slots__ = ("base", "best", "beyond", "entries", "frequency", "parts", "size", "top")

    def __init__(self, parts, base, span):
        self.frequency = len(parts)
        self.entries = bitset(parts, base)
        # The best TOP, from a threshold a sort in C gives (many postings tie).
        values = sorted(parts.values())
        least = values[-TOP] if len(values) > TOP else 0.0
        self.best = values[-1] if values else 0.0
        top = [pk for pk, part in parts.items() if part > least]
        top += [pk for pk, part in parts.items() if part == least][: TOP - len(top)]
        self.top = bitset(top, base)
        # The largest part of a posting not among the TOP best (nothing, when every posting
        # is): all the term can give an entry outside ``top``.
        self.beyond = least
        self.base = base
        if self.frequency * SPARSE_BYTES <= span * DENSE_BYTES:
            self.parts = parts
            self.size = self.frequency * SPARSE_BYTES
        else:
            dense = array("d", bytes(DENSE_BYTES * span))
            for pk, part in parts.items():
                dense[pk - base] = part
            self.parts = dense
            self.size = span * DENSE_BYTES
        self.size += 2 * (span // 8) + 200

    def add_to(self, scores, weight):
        """Add ``weight`` × this term's part to the score of every entry of ``scores``."""
        if isinstance(self.parts, dict):
            get = self.parts.get
            for pk in scores:
                part = get(pk)
                if part is not None:
                    scores[pk] += weight * part
        else:
            parts, base = self.parts, self.base
            for pk in scores:
                scores[pk] += weight * parts[pk - base]


@dataclass
class Snapshot:
    """What this process keeps of one state of the index."""

    token: int | None
    facets_token: int | None  # IndexState.facets when ``facets`` was read
    base: int  # the smallest entry id: bit 0 of every bitset
    span: int  # entry ids from base to the largest
    documents: int
    average: float
    facets: dict  # (facet name, value as text) → bitset of its entries
    terms: OrderedDict = field(default_factory=OrderedDict)  # term → Term, least recent first
    size: int = 0  # bytes of the kept terms
    ids: dict = field(default_factory=dict)  # entry id → the one int object for it

    @classmethod
    def load(cls, cursor, token, facets_token, previous=None):
        """The index's state now; the facet bitsets of ``previous`` (the state kept before)
        when the entries and their facet values have not changed since."""
        cursor.execute(f"SELECT COUNT(*), AVG(length), MIN(id), MAX(id) FROM {ENTRIES}")
        documents, average, least, top = cursor.fetchone()
        least, top = least or 0, top or 0
        if (
            previous is not None
            and facets_token  # 0: never set by a write that knew its facets
            and previous.facets_token == facets_token
            and least >= previous.base
        ):
            base, facets = previous.base, previous.facets
        else:
            base = least
            cursor.execute(f"SELECT name, value, entry_id FROM {FACET_TABLE}")
            by_value = defaultdict(list)
            for name, value, entry_id in cursor.fetchall():
                by_value[name, value].append(entry_id)
            facets = {key: bitset(ids, base) for key, ids in by_value.items()}
        span = max(top - base + 1, 1)
        return cls(token, facets_token, base, span, documents, float(average or 1.0), facets)

    def partial(self):
        """SQL for one posting's part of the score, before its term's weight and IDF: BM25's
        saturated, length-normalised term frequency times the entry's prior."""
        norm = f"{K1 * (1 - B)} + {K1 * B} * p.length / {self.average!r}"
        return f"p.prior * p.tf * {K1 + 1} / (p.tf + {norm})"

    def terms_of(self, cursor, terms):
        """{term: Term} for those of ``terms`` any entry holds."""
        loading = [term for term in terms if term not in self.terms]
        sql = f"SELECT p.entry_id, {self.partial()} FROM {POSTINGS} p WHERE p.term = %s"
        for term in loading:
            # A query a term, so that its rows become a dict without a Python loop; then one
            # int object per entry, shared by every term that holds it.
            cursor.execute(sql, [term])
            rows = dict(cursor.fetchall())
            shared = map(self.ids.setdefault, rows.keys(), rows.keys())
            self.terms[term] = Term(
                dict(zip(shared, rows.values(), strict=True)), self.base, self.span
            )
            self.size += self.terms[term].size
        found = {}
        for term in terms:
            self.terms.move_to_end(term)
            found[term] = self.terms[term]
        budget = settings.SEARCH_TERM_CACHE_MB * 1024 * 1024
        while self.size > budget and len(self.terms) > len(found):
            _, old = self.terms.popitem(last=False)
            self.size -= old.size
        return {term: info for term, info in found.items() if info.frequency}


_snapshot = {"current": None}
_snapshot_lock = threading.Lock()


def snapshot(cursor):
    """The kept Snapshot of the index as it is now (one single-row read when current)."""
    cursor.execute(f"SELECT token, facets FROM {STATE} WHERE id = 1")
    token, facets = cursor.fetchone() or (None, None)
    with _snapshot_lock:
        current = _snapshot["current"]
        if current is None or token is None or current.token != token:
            current = Snapshot.load(cursor, token, facets, previous=current)
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
                index,
                {t: weights[t] * idf(index.documents, info.frequency) for t, info in terms.items()},
                terms,
                matches,
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


def best_matches(index, weights, terms, matches, k):
    """[(entry id, score)] of the ``k`` best entries of the bitset ``matches``, best first
    (ties by id). ``weights`` holds each term's weight times its IDF.

    No entry gets more from a term than the term's best part, nor, outside its TOP best
    postings, more than its part beyond them. Those bounds, rounded up to whole units, are
    summed for every entry at once (SlicedNumbers). The FIRST × k entries with the largest
    bounds are scored first: the k-th of their scores is a floor the k-th best cannot fall
    below, and only the entries whose bound reaches it are scored besides. Exact: the same k
    as scoring every match, for a few entries scored."""
    if k <= 0 or not matches:
        return []
    unit = sum(weights[t] * info.best for t, info in terms.items()) / UNITS or 1.0
    bounds = SlicedNumbers()
    for term, info in terms.items():
        best, beyond = (math.ceil(weights[term] * part / unit) for part in (info.best, info.beyond))
        bounds.add(info.entries, beyond)
        bounds.add(info.top, best - beyond)

    def scored(entries):
        scores = dict.fromkeys(entries, 0.0)
        for term, info in terms.items():  # in one order for every entry: equal sums tie
            info.add_to(scores, weights[term])
        return scores

    scores = scored(members(bounds.largest(matches, FIRST * k), index.base))
    if len(scores) >= k:
        floor = heapq.nlargest(k, scores.values())[-1]
        # A hair below, so that rounding cannot leave out an entry scoring the floor exactly.
        rest = bounds.at_least(math.floor(floor / unit * (1 - 1e-9)), matches)
        scores.update(scored([pk for pk in members(rest, index.base) if pk not in scores]))
    if len(scores) > k:
        kth = heapq.nlargest(k, scores.values())[-1]
        scores = {pk: score for pk, score in scores.items() if score >= kth}
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]


def entry_facets(entry):
    # A blank column is no value, as Elasticsearch (which stores None) says.
    return {
        name: None if getattr(entry, column) == "" else getattr(entry, column)
        for name, column in FACETS.items()
    }
