"""The database engine ranks exactly as scoring every match would, while scoring only the
entries that could rank, and what it keeps between searches follows every write at once."""

import math
import random
from collections import Counter
from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.engines.base import FACETS, K1, B, SearchRequest, best_weights
from search.engines.database import DatabaseEngine, Term
from search.indexing import write_postings
from search.models import SearchEntry, SearchPosting

pytestmark = pytest.mark.django_db

# Words from very common to rare, so that rare words decide and common ones are many.
WORDS = [f"w{i}" for i in range(40)]
FREQUENCY = [1 / (1 + i) ** 1.1 for i in range(40)]


def make_entries(n, seed=2024):
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        body = " ".join(rng.choices(WORDS, FREQUENCY, k=rng.randint(3, 30)))
        title = " ".join(rng.choices(WORDS, FREQUENCY, k=rng.randint(1, 4)))
        fields = {"title": title, "body": body}
        entries.append(
            SearchEntry(
                kind=rng.choice(["lesson", "lesson", "case", "course"]),
                title=f"条目{i}",
                url=f"/e/{i}/",
                content=body,
                fields=fields,
                length=3.0 * len(title.split()) + len(body.split()),
                district=rng.choice(["北辰区", "武清区", ""]),
                industry=[rng.choice(["地毯", "电动自行车"])],
                clause=rng.sample(["8.4.2", "9.2", "7.5"], rng.randint(0, 2)),
                year=rng.choice([2023, 2024]),
            )
        )
    SearchEntry.objects.bulk_create(entries)
    write_postings(SearchEntry.objects.all())


def every_match(weights, filters):
    """(count, facets, [(entry id, score)] best first) by scoring every posting."""
    rows = list(SearchPosting.objects.values_list("entry_id", "term", "tf", "length", "prior"))
    entries = SearchEntry.objects.in_bulk()
    documents = len(entries)
    average = sum(e.length for e in entries.values()) / documents
    frequency = Counter(term for _, term, *_ in rows)
    scores = Counter()
    for entry_id, term, tf, length, prior in rows:
        if term not in weights:
            continue
        idf = math.log(1 + (documents - frequency[term] + 0.5) / (frequency[term] + 0.5))
        norm = K1 * (1 - B) + K1 * B * length / average
        scores[entry_id] += weights[term] * idf * prior * tf * (K1 + 1) / (tf + norm)

    def keeps(entry):
        for name, value in filters.items():
            held = getattr(entry, FACETS[name])
            if str(value) not in [str(v) for v in (held if isinstance(held, list) else [held])]:
                return False
        return True

    kept = {pk: score for pk, score in scores.items() if keeps(entries[pk])}
    facets = {name: Counter() for name in FACETS}
    for pk in kept:
        for name, column in FACETS.items():
            value = getattr(entries[pk], column)
            for item in value if isinstance(value, list) else [value]:
                if item not in (None, ""):
                    facets[name][item] += 1
    ranked = sorted(kept.items(), key=lambda item: (-item[1], item[0]))
    return len(kept), {n: dict(c) for n, c in facets.items() if c}, ranked


@pytest.mark.parametrize("kept_mb", [64, 0])
def test_the_best_matches_and_counts_are_those_of_scoring_every_match(settings, kept_mb):
    # With nothing kept between searches (0 MB) as with everything kept.
    settings.SEARCH_TERM_CACHE_MB = kept_mb
    make_entries(300)
    rng = random.Random(7)
    engine = DatabaseEngine()
    for _ in range(60):
        terms = [(w, rng.choice([1.0, 0.6, 0.3])) for w in rng.sample(WORDS, rng.randint(1, 8))]
        filters = rng.choice([{}, {}, {"type": "lesson"}, {"district": "北辰区"}, {"year": 2024}])
        offset, limit = rng.choice([(0, 1), (0, 5), (0, 10), (10, 10), (40, 25), (0, 300)])
        request = SearchRequest(terms=terms, filters=filters, offset=offset, limit=limit)
        assert_ranked_as(engine.search(request), every_match(best_weights(terms), filters), request)
        # The same search with one more term (the clause feedback's second query), and a
        # term asked again at another weight.
        more = replace(request, terms=[*terms, (rng.choice(WORDS[10:]), 1.3)])
        assert_ranked_as(
            engine.search(more), every_match(best_weights(more.terms), filters), request
        )
        again = replace(more, terms=[*more.terms, (terms[0][0], 2.0)])
        assert_ranked_as(
            engine.search(again), every_match(best_weights(again.terms), filters), request
        )


def assert_ranked_as(response, expected, request):
    count, facets, ranked = expected
    expected = ranked[request.offset : request.offset + request.limit]
    assert [h.score for h in response.hits] == pytest.approx([s for _, s in expected])
    # Pages that score alike (to the last digits a sum in another order changes) may come
    # in either order; any other page is in its place.
    alike = [pk for pk, s in ranked if any(abs(s - t) < 1e-9 for _, t in expected)]
    for hit, (pk, _) in zip(response.hits, expected, strict=True):
        assert hit.doc_id == f"e{pk}" or int(hit.doc_id[1:]) in alike
    assert response.count == count
    assert {n: dict(c) for n, c in response.facets.items()} == facets


def test_only_the_entries_that_could_rank_are_scored(monkeypatch):
    make_entries(300)
    common, rare = WORDS[0], WORDS[-1]
    held = SearchPosting.objects.filter(term=common).count()
    assert held > 200
    scored = []
    add_to = Term.add_to

    def adding(self, scores, weight):
        scored.extend(scores)
        return add_to(self, scores, weight)

    monkeypatch.setattr(Term, "add_to", adding)
    response = DatabaseEngine().search(SearchRequest(terms=[(rare, 1.0), (common, 0.3)], limit=3))
    # Every match is counted (the facets hold them all) and the ranking is exact, but only
    # the few entries whose bounds could reach the best three are scored, not every
    # entry holding the common word.
    assert response.count == held
    _, _, ranked = every_match({rare: 1.0, common: 0.3}, {})
    assert [h.doc_id for h in response.hits] == [f"e{pk}" for pk, _ in ranked[:3]]
    assert len(set(scored)) < held / 4


def test_a_search_reads_one_row_to_know_its_kept_statistics_are_current():
    make_entries(50)
    engine = DatabaseEngine()
    request = SearchRequest(terms=[(WORDS[3], 1.0)])
    engine.search(request)
    with CaptureQueriesContext(connection) as queries:
        engine.search(request)
    sql = " ".join(q["sql"] for q in queries)
    assert "COUNT(" not in sql and "AVG(" not in sql and "search_searchfacet" not in sql


def test_what_is_kept_follows_a_new_entry_a_deleted_one_and_a_rollback():
    make_entries(30)
    engine = DatabaseEngine()
    request = SearchRequest(terms=[("新词", 1.0)])
    assert engine.search(request).count == 0

    new = SearchEntry.objects.create(
        kind="case", title="新条目", url="/new/", content="新词", fields={"body": "新词"}, length=1
    )
    write_postings([new])
    found = engine.search(request)
    assert (found.count, [h.doc_id for h in found.hits]) == (1, [new.doc_id])
    assert dict(found.facets["type"]) == {"case": 1}

    new.delete()
    assert engine.search(request).count == 0
    assert (
        engine.search(SearchRequest(terms=[(WORDS[0], 1.0)])).count
        == SearchPosting.objects.filter(term=WORDS[0]).count()
    )

    # A write searched inside a transaction that is then rolled back, and another one
    # committed: the second is what the engine finds, not what it kept of the first.
    with pytest.raises(RuntimeError), transaction.atomic():
        gone = SearchEntry.objects.create(
            kind="lesson",
            title="回滚",
            url="/gone/",
            content="新词",
            fields={"body": "新词 新词"},
            length=2,
        )
        write_postings([gone])
        assert engine.search(request).count == 1
        raise RuntimeError
    kept = SearchEntry.objects.create(
        kind="course",
        title="留下",
        url="/kept/",
        content="新词",
        fields={"title": "新词"},
        length=3,
    )
    write_postings([kept])
    found = engine.search(request)
    assert (found.count, [h.doc_id for h in found.hits]) == (1, [kept.doc_id])
    assert dict(found.facets["type"]) == {"course": 1}


def test_a_text_edit_keeps_the_facet_bitsets_and_a_facet_edit_reads_them_again():
    from search.models import IndexState

    make_entries(60)
    engine = DatabaseEngine()
    word = SearchRequest(terms=[(WORDS[0], 1.0)])
    engine.search(word)
    entry = SearchEntry.objects.filter(district="北辰区").first()
    facets_before = IndexState.objects.get().facets

    # The text changes, the facets do not: the kept facet bitsets serve the next search.
    entry.fields = {**entry.fields, "body": entry.fields["body"] + " 新增词"}
    entry.save()
    write_postings([entry])
    assert IndexState.objects.get().facets == facets_before
    new = SearchRequest(terms=[("新增词", 1.0)])
    with CaptureQueriesContext(connection) as queries:
        found = engine.search(new)
    assert "search_searchfacet" not in " ".join(q["sql"] for q in queries)
    assert [h.doc_id for h in found.hits] == [entry.doc_id]
    assert dict(found.facets["district"]) == {"北辰区": 1}
    assert_ranked_as(engine.search(word), every_match({WORDS[0]: 1.0}, {}), word)

    # A facet value changes: counted anew, here and with the other words.
    entry.district = "武清区"
    entry.save()
    write_postings([entry])
    assert IndexState.objects.get().facets != facets_before
    assert dict(engine.search(new).facets["district"]) == {"武清区": 1}
    assert_ranked_as(engine.search(word), every_match({WORDS[0]: 1.0}, {}), word)
    assert engine.search(replace(new, filters={"district": "北辰区"})).count == 0
