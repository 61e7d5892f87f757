"""The query API both the page and the JSON endpoint use: validate, analyse, ask the
engine in use (falling back to the database when Elasticsearch is down), highlight."""

import difflib
import logging
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from library import params as params_
from search import feedback
from search.analysis import clause_from_token, get_analyzer, normalize
from search.engines import SearchRequest, Unavailable, database_engine, get_engine
from search.engines.base import FACETS
from search.models import PAGE_TYPES, SearchEntry, ZeroResultQuery

logger = logging.getLogger(__name__)
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
PER_PAGE = 10
SNIPPET_LENGTH = 120


@dataclass
class Outcome:
    query: str
    filters: dict
    page: int
    count: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    did_you_mean: list = field(default_factory=list)
    engine: str = ""

    @property
    def pages(self):
        return max(1, -(-self.count // PER_PAGE))


def parse_params(params):
    """(query, filters, page) from request.GET, or library.params.BadParameter (Chinese message)."""
    query = " ".join(params_.raw(params, "q").split())[:MAX_QUERY_LENGTH]
    page = params_.page_number(params, "page", maximum=MAX_PAGE)
    filters = {}
    for name in FACETS:
        if name == "type":
            value = params_.raw(params, name, max_length=100)
            if value:
                filters[name] = params_.choice(params, name, PAGE_TYPES)
        elif name == "year":
            value = params_.year(params, name)
            if value is not None:
                filters[name] = value
        else:
            value = params_.raw(params, name, max_length=100)
            if value:
                filters[name] = value
    return query, filters, page


def run_search(query, filters=None, page=1, engine=None, per_page=PER_PAGE):
    filters = filters or {}
    analyzer = get_analyzer()
    terms = analyzer.query_terms(query)
    outcome = Outcome(query=query, filters=filters, page=page)
    request = SearchRequest(
        terms=terms, filters=filters, offset=(page - 1) * per_page, limit=per_page
    )
    engine = engine or get_engine()
    try:
        response = feedback.search(engine, request)
    except Unavailable as error:
        # The database entries are kept up to date even while Elasticsearch is down.
        logger.warning("search engine %s unavailable, using the database: %s", engine.name, error)
        engine = database_engine()
        response = feedback.search(engine, request)
    outcome.engine = engine.name
    outcome.count = response.count
    outcome.facets = response.facets
    marks = highlight_words(query, terms)
    outcome.hits = [
        {
            "title": hit.title,
            "url": hit.url,
            "type": hit.kind,
            "type_label": PAGE_TYPES.get(hit.kind, hit.kind),
            "highlight": snippet(hit.content, marks),
            "score": round(float(hit.score), 4),
            "facets": hit.facets,
            "meta": meta_line(hit.facets),
        }
        for hit in response.hits
    ]
    if query and not response.count and not filters:
        outcome.did_you_mean = did_you_mean(query)
        log_zero_result(query)
    return outcome


def log_zero_result(query):
    """Remember a query that found nothing, for editors to teach the dictionary."""
    from django.db.models import F

    query = normalize(query).strip()[:200]
    try:
        updated = ZeroResultQuery.objects.filter(query=query).update(count=F("count") + 1)
        if not updated:
            ZeroResultQuery.objects.get_or_create(query=query)
    except Exception:  # never let the log break a search
        logger.exception("could not log a query without results")


def meta_line(facets):
    """What a result shows under its snippet: who, where, which clauses, which year."""
    parts = [facets.get("district"), facets.get("body")]
    if facets.get("clause"):
        parts.append("条款 " + "、".join(facets["clause"][:5]))
    if facets.get("year"):
        parts.append(f"{facets['year']} 年")
    return [part for part in parts if part]


def highlight_words(query, terms):
    """What to mark in a snippet: the query's words and compounds whole, their synonyms,
    clause numbers and the titles of those clauses (longest first, so a whole compound is
    marked as one)."""
    analyzer = get_analyzer()
    words = set(analyzer.display_words(query))
    for term, _weight in terms:
        number = clause_from_token(term)
        if number:
            words.add(number)
    # Single Han characters would light up half the text.
    words = {w for w in words if w and (len(w) > 1 or (w.isascii() and w.isalnum()))}
    return sorted(words, key=len, reverse=True)


def snippet(content, words, length=SNIPPET_LENGTH):
    """An escaped excerpt around the densest cluster of matches, matches in <mark>."""
    content = " ".join((content or "").split())
    if not words:
        return mark_safe(escape(content[:length]))
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    matches = list(pattern.finditer(content))
    start = 0
    if matches:
        best = max(
            matches,
            key=lambda m: len(
                {x.group(0).lower() for x in matches if m.start() <= x.start() < m.start() + length}
            ),
        )
        start = max(0, best.start() - 20)
    excerpt = content[start : start + length]
    parts, position = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(excerpt[position:]))
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(content) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def _vocabulary():
    dictionary = get_analyzer().dictionary
    return sorted(dictionary.terms | set(dictionary.expansions))


def did_you_mean(query, limit=3):
    """Dictionary terms and page titles close to what was typed (typos, a character too many
    or too few), never the query itself."""
    query = normalize(query).strip()
    if not query:
        return []
    titles = [normalize(t) for t in SearchEntry.objects.values_list("title", flat=True)[:5000]]
    candidates = [c for c in dict.fromkeys([*_vocabulary(), *titles]) if c != query]
    compact = query.replace(" ", "")
    return [
        c
        for c in difflib.get_close_matches(query, candidates, n=limit + 1, cutoff=0.5)
        if c.replace(" ", "") != compact
    ][:limit]


def suggest(prefix, limit=8):
    """Completions as the user types: dictionary terms, the standard terms and everyday words
    a typed word expands to, clause titles (for a clause number too), then titles."""
    prefix = normalize(" ".join(prefix.split()))[:50]
    if not prefix:
        return []
    analyzer = get_analyzer()
    dictionary = analyzer.dictionary
    terms = [t for t in _vocabulary() if t.startswith(prefix) and t != prefix]
    terms.sort(key=len)
    related = list(dictionary.synonyms.get(prefix, []))
    clauses = [
        f"{number} {title}"
        for number, title in sorted(dictionary.clauses.items())
        if title != "总则" and (number.startswith(prefix) or prefix in title)
    ]
    titles = SearchEntry.objects.filter(title__icontains=prefix).values_list("title", flat=True)
    seen, suggestions = {prefix}, []
    for item in [*terms[:limit], *related[:limit], *clauses[:limit], *titles[:limit]]:
        if item not in seen:
            seen.add(item)
            suggestions.append(item)
    return suggestions[:limit]
