"""The embedded default, on SQLite and PostgreSQL alike: BM25F over SearchPosting (the
inverted index search.indexing writes), with IDF counted from the same rows.

What a query costs does not grow with the library:
- Each process keeps, for one state of the index (``snapshot``; IndexState's token changes
  with every write), the index's statistics, each facet value's entries as a bitset, and
  for each queried term its entries (a bitset), its best postings and every posting's
  score part: counting the matches and their facet values is a few ANDs and popcounts.
- The best matches are found by MaxScore (``best_matches``): the rare terms that decide the
  ranking are read whole, the common ones only for the pages still in the running. Every
  match is still counted and the ranking is exact."""

import heapq
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
from search.models import IndexState, SearchEntry, SearchFacet, SearchPosting

POSTINGS = SearchPosting._meta.db_table
FACET_TABLE = SearchFacet._meta.db_table
ENTRIES = SearchEntry._meta.db_table
STATE = IndexState._meta.db_table
HIT_COLUMNS = ["page_id", "title", "url", "kind", "content", *FACETS.values()]
# A term's postings are kept in a dict (about SPARSE_BYTES each) or, for a term many
# entries hold, in an array with a slot for every entry (DENSE_BYTES each) beside the list
# of its own, whichever is smaller; the least recently queried terms are dropped first past
# settings.SEARCH_TERM_CACHE_MB.
SPARSE_BYTES = 72
DENSE_BYTES = 8
HELD_BYTES = 16  # a dense term's list of its entries and of their parts
TOP = 32  # each term's best postings kept apart: the first candidates of a query


def bitset(ids, base=0):
    """The entry ids as one integer: bit ``id - base`` set for each."""
    ids = [pk - base for pk in ids]
    if not ids:
        return 0
    data = bytearray(max(ids) // 8 + 1)
    for bit in ids:
        data[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(data, "little")


class Term:
    """What a process keeps of one term: how many entries hold it, the largest score part
    one of its postings gives, its entries (a bitset), its TOP best postings, and every
    posting's score part (weight and IDF aside)."""

    __slots__ = (
        "base",
        "best",
        "beyond",
        "entries",
        "frequency",
        "holders",
        "parts",
        "size",
        "top",
    )

    def __init__(self, parts, base, span):
        self.frequency = len(parts)
        self.entries = bitset(parts, base)
        # The best TOP, from a threshold a sort in C gives (many postings tie).
        values = sorted(parts.values())
        least = values[-TOP] if len(values) > TOP else 0.0
        self.best = values[-1] if values else 0.0
        self.top = [pk for pk, part in parts.items() if part > least]
        self.top += [pk for pk, part in parts.items() if part == least][: TOP - len(self.top)]
        # The largest part of a posting not among the TOP best: all a term can add to an
        # entry outside ``top`` (nothing, when every posting is in it).
        self.beyond = least
        self.base = base
        self.holders = None
        if self.frequency * SPARSE_BYTES <= span * DENSE_BYTES + self.frequency * HELD_BYTES:
            self.parts = parts
            self.size = self.frequency * SPARSE_BYTES
        else:
            dense = array("d", bytes(DENSE_BYTES * span))
            for pk, part in parts.items():
                dense[pk - base] = part
            self.parts = dense
            # Read whole in order of the dict: its entries and their parts side by side.
            self.holders = (list(parts), array("d", parts.values()))
            self.size = span * DENSE_BYTES + self.frequency * HELD_BYTES
        self.size += span // 8 + 200

    def postings(self):
        """[(entry id, score part)] of every entry holding the term."""
        if self.holders is None:
            return self.parts.items()
        return zip(*self.holders, strict=True)


@dataclass
class Snapshot:
    """What this process keeps of one state of the index."""

    token: int | None
    base: int  # the smallest entry id: bit 0 of every bitset
    span: int  # entry ids from base to the largest
    documents: int
    average: float
    facets: dict  # (facet name, value as text) → bitset of its entries
    terms: OrderedDict = field(default_factory=OrderedDict)  # term → Term, least recent first
    size: int = 0  # bytes of the kept terms
    ids: dict = field(default_factory=dict)  # entry id → the one int object for it

    @classmethod
    def load(cls, cursor, token):
        cursor.execute(f"SELECT COUNT(*), AVG(length), MIN(id), MAX(id) FROM {ENTRIES}")
        documents, average, base, top = cursor.fetchone()
        base, span = base or 0, (top or 0) - (base or 0) + 1
        cursor.execute(f"SELECT name, value, entry_id FROM {FACET_TABLE}")
        by_value = defaultdict(list)
        for name, value, entry_id in cursor.fetchall():
            by_value[name, value].append(entry_id)
        facets = {key: bitset(ids, base) for key, ids in by_value.items()}
        return cls(token, base, span, documents, float(average or 1.0), facets)

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
                request.filters and (request.filters, matches),
                request.offset + request.limit,
                request.memo,
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


def best_matches(cursor, index, weights, terms, filtered, k, memo=None):
    """[(entry id, score)] of the ``k`` best entries, best first (ties by id). ``weights``
    holds each term's weight times its IDF; ``filtered`` is empty or (the filters, the
    bitset of the entries that match and pass them).

    MaxScore: the best postings of every term give the first candidates, whose complete
    scores set a floor the k-th best cannot fall below. Terms are then read whole from the
    one that can add the most to a score down, until those not read yet could not together
    lift an entry holding none of the terms read above the floor; they are then looked up
    only for the entries still in the running (or read whole too, when that costs less).
    Exact: the same k as scoring every match.

    ``memo`` (the request's) keeps where a search ended, so that the same terms asked again
    with more (the clause feedback's second query) go on from there instead of reading the
    same terms whole again."""
    if k <= 0:
        return []
    filters, allowed = filtered or ({}, None)

    def completed(partial, later):
        """{entry: score} of the entries of ``partial`` ({entry: score without the terms
        ``later``}) with the terms ``later`` added."""
        for term in later:
            weight, parts = weights[term], terms[term].parts
            if isinstance(parts, dict):
                get = parts.get
                for pk in partial:
                    part = get(pk)
                    if part is not None:
                        partial[pk] += weight * part
            else:
                base, size = terms[term].base, len(parts)
                for pk in partial:
                    if 0 <= pk - base < size:
                        partial[pk] += weight * parts[pk - base]
        return partial

    def read(term):
        weight, get = weights[term], scores.get
        for entry_id, part in read_whole(cursor, index, terms[term], term, filters):
            scores[entry_id] = get(entry_id, 0.0) + weight * part

    # Where a search of some of these terms ended, when it applies: its entries' scores
    # over the terms it read whole, and its complete scores.
    done = (memo or {}).get("maxscore")
    if done and (done["token"], done["filters"]) == (index.token, filters):
        if all(weights.get(term) == weight for term, weight in done["weights"].items()):
            added = [term for term in weights if term not in done["weights"]]
            scores, complete = dict(done["scores"]), completed(dict(done["complete"]), added)
            was_read = set(done["read"])
        else:
            done = None
    else:
        done = None
    if done is None:
        scores, complete, was_read = {}, {}, set()  # nothing read yet

    # Every entry among a term's best postings is scored completely below (the candidates), so
    # the others can get from a term at most its part beyond them.
    bound = {t: weights[t] * terms[t].beyond for t in terms}
    pending = sorted((t for t in terms if t not in was_read), key=lambda t: (-bound[t], t))
    rest = [0.0] * (len(pending) + 1)  # rest[i]: the most the terms from i on can add
    for i in range(len(pending) - 1, -1, -1):
        rest[i] = rest[i + 1] + bound[pending[i]]

    candidates = {pk for t in terms for pk in terms[t].top if pk not in complete}
    if allowed is not None:
        candidates = {pk for pk in candidates if allowed >> (pk - index.base) & 1}
    complete.update(completed(dict.fromkeys(candidates, 0.0), list(terms)))
    floor = heapq.nlargest(k, complete.values())[-1] if len(complete) >= k else 0.0

    position = 0
    while position < len(pending):
        later = pending[position:]
        if floor <= rest[position] and len(scores) >= k:
            if terms[pending[position]].frequency > len(scores):
                # Before reading a common term whole: the leaders so far, completed, may
                # raise the floor above what is left to read.
                kth = heapq.nlargest(k, scores.values())[-1]
                leaders = [pk for pk, s in scores.items() if s >= kth and pk not in complete]
                complete.update(completed({pk: scores[pk] for pk in leaders[: 2 * k]}, later))
                floor = max(floor, heapq.nlargest(k, complete.values())[-1])
        if rest[position] < floor:
            # An entry holding none of the terms read scores at most rest[position] <
            # floor; of the others, only those the terms not read could lift to it run on.
            running = [
                pk for pk, s in scores.items() if s + rest[position] >= floor and pk not in complete
            ]
            if len(running) * len(later) <= sum(terms[t].frequency for t in later):
                # One term at a time, dropping those the rest can no longer lift to the floor.
                partial = {pk: scores[pk] for pk in running}
                for offset, term in enumerate(later, start=position + 1):
                    completed(partial, [term])
                    partial = {pk: s for pk, s in partial.items() if s + rest[offset] >= floor}
                complete.update(partial)
                break
        read(pending[position])
        position += 1
    else:
        complete.update(scores)
    if memo is not None:
        memo["maxscore"] = {
            "token": index.token,
            "filters": filters,
            "weights": weights,
            "read": was_read | set(pending[:position]),
            "scores": scores,
            "complete": complete,
        }
    if len(complete) > k:
        kth = heapq.nlargest(k, complete.values())[-1]
        complete = {pk: score for pk, score in complete.items() if score >= kth}
    return sorted(complete.items(), key=lambda item: (-item[1], item[0]))[:k]


def read_whole(cursor, index, term, text, filters):
    """[(entry id, score part)] of the entries holding a term that pass the filters."""
    if not filters:
        return term.postings()
    sql, params = "", []
    for name, value in filters.items():
        sql += (
            f" AND p.entry_id IN (SELECT entry_id FROM {FACET_TABLE}"
            " WHERE name = %s AND value = %s)"
        )
        params += [name, str(value)]
    cursor.execute(
        f"SELECT p.entry_id, {index.partial()} FROM {POSTINGS} p WHERE p.term = %s{sql}",
        [text, *params],
    )
    return cursor.fetchall()


def entry_facets(entry):
    # A blank column is no value, as Elasticsearch (which stores None) says.
    return {
        name: None if getattr(entry, column) == "" else getattr(entry, column)
        for name, column in FACETS.items()
    }
