"""What every engine takes and returns, so the page and the API never know which one ran."""

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

# The facets, each spelled one way everywhere: the keys of a page's search_facets(), the
# SearchEntry columns, the Elasticsearch fields, the URL parameters and the API's "facets".
# Facet name → SearchEntry column and Elasticsearch field (only "type" is stored as "kind").
FACETS = {
    "type": "kind",
    "body": "body",
    "district": "district",
    "industry": "industry",
    "pilot_region": "pilot_region",
    "clause": "clause",
    "year": "year",
    "recognition": "recognition",
}
# These hold lists of names (industries) or clause numbers ("8.5.1").
LIST_FACETS = {"industry", "clause"}

# Ranking, the same on every engine: BM25F over weighted fields (a term in the title counts
# three times, in a clause title one and a half...), Lucene's k1 and b, and priors by kind:
# a course (a container, whose lessons answer the question) weighs a quarter of a lesson, and
# a case a little less than a lesson, so that when both match alike the page that explains
# comes before the one that illustrates.
FIELD_WEIGHTS = {
    "title": 3.0,
    "clauses": 2.0,
    "clause_parents": 1.0,
    "clause_titles": 1.5,
    "names": 1.0,
    "body": 1.0,
}
K1 = 1.2
B = 0.75
KIND_PRIORS = {"course": 0.25, "case": 0.85}


def idf(documents, frequency):
    """Lucene's BM25 IDF (what Elasticsearch uses) of a term that ``frequency`` of the
    ``documents`` hold in any of their fields."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def norm_length(field_lengths):
    """A document's weighted length (``field_lengths``: field name → number of tokens) as
    BM25F reads it on Elasticsearch, where Lucene keeps each field's length in one byte
    (SmallFloat.intToByte4: exact below 24, then four significant bits) and
    ``combined_fields`` sums the weighted lengths and rounds that to one byte again. The
    database engine ranks by the same length, so the two engines score alike; the average
    length both divide by is the exact one."""
    weighted = sum(
        FIELD_WEIGHTS[name] * _one_byte(count) for name, count in field_lengths.items() if count
    )
    return float(_one_byte(math.floor(weighted + 0.5)))


def _one_byte(length):
    """``length`` after SmallFloat.intToByte4 and back (its LENGTH_TABLE)."""
    free = 24  # the lengths kept exactly
    if length < free:
        return length
    rest = length - free
    shift = max(rest.bit_length() - 4, 0)
    return free + (rest >> shift << shift)


@dataclass
class SearchRequest:
    terms: list  # [(term, weight)] from search.analysis.query_terms
    filters: dict = field(default_factory=dict)  # facet name → value
    offset: int = 0
    limit: int = 10
    facets: bool = True  # False: hits only (a first pass that only reads the best matches)


@dataclass
class Hit:
    doc_id: str
    page_id: int | None
    title: str
    url: str
    kind: str
    content: str
    score: float
    facets: dict


@dataclass
class SearchResponse:
    count: int
    hits: list
    facets: dict  # facet name → [(value, count)], most frequent first


class SearchEngine(ABC):
    """What the search page, the API and the evaluation ask of an engine.

    Only searching is common: the database engine's index is Wagtail's search backend, kept up
    to date as SearchEntry rows are saved, while Elasticsearch is written by search.outbox and
    search.rebuild, which use ElasticsearchEngine's own index methods.
    """

    name: str  # "database" or "elasticsearch", as get_engine() and search_eval take it

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResponse:
        """Matches for ``request.terms``, filtered, counted per facet; raises Unavailable."""


def best_weights(terms):
    """{term: weight} of [(term, weight)], a term asked for several ways (a clause number
    typed and fed back) keeping its best weight, as search.analysis does: every engine
    scores each term once."""
    weights = {}
    for term, weight in terms:
        weights[term] = max(weight, weights.get(term, 0))
    return weights


class Unavailable(Exception):
    """The engine cannot be reached; callers keep the change for later."""


def facet_value_matches(entry_facets, name, wanted):
    value = entry_facets.get(name)
    if name in LIST_FACETS:
        return wanted in (value or [])
    return value is not None and str(value) == str(wanted)


def sorted_counts(counter):
    return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
