"""Clause feedback, the same on every engine: when most of the best first matches of a query
illustrate one clause, the query also looks for that clause's tag, so the lessons and cases
on the same clause that word the question differently are found too (pseudo-relevance
feedback on the editors' clause tags, not on words)."""

from collections import Counter
from dataclasses import replace

from search.analysis import clause_token

DEPTH = 5  # how many first matches are read
SHARE = 0.5  # the part of their scores the lessons and cases on one clause must hold
# The clause tag's weight in the second query: a typed word's (1) when the clause holds just
# SHARE of the scores, twice that when all the first matches are on it.
WEIGHT = 1.0


def feedback_clauses(hits):
    """{clause number: weight} for the clauses illustrated by the lessons and cases that
    hold at least SHARE of the scores of the first DEPTH matches: a vote weighted by how
    well each matched, so two exact answers outvote three pages that share a common word of
    the query; the larger the clause's share, the more its tag weighs."""
    read = [hit for hit in hits[:DEPTH] if hit.kind != "course"]
    total = sum(hit.score for hit in hits[:DEPTH])
    votes = Counter()
    for hit in read:
        for number in set(hit.facets.get("clause") or []):
            votes[number] += hit.score
    return {
        number: WEIGHT * vote / (SHARE * total)
        for number, vote in sorted(votes.items())
        if total and vote >= SHARE * total
    }


def search(engine, request):
    """``engine.search(request)``, with the clause feedback added when it applies."""
    if not request.terms:
        return engine.search(request)
    if request.offset == 0:
        # The first page is read with the first matches: without feedback it is the answer.
        first = engine.search(replace(request, limit=max(DEPTH, request.limit)))
        if not feedback_clauses(first.hits):
            return replace(first, hits=first.hits[: request.limit])
    else:
        first = engine.search(replace(request, offset=0, limit=DEPTH, facets=False))
    numbers = feedback_clauses(first.hits)
    if not numbers:
        return engine.search(request)
    terms = [*request.terms, *((clause_token(n), weight) for n, weight in numbers.items())]
    return engine.search(replace(request, terms=terms))
