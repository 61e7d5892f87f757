"""Relevance measurement: the judged queries in search/eval/ run against each engine,
scored with nDCG@10 (linear gains, as trec_eval), MRR and recall@10 (relevant: grade ≥ 1)."""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Page

from search import feedback
from search.analysis import query_terms
from search.engines import SearchRequest

EVAL_DIR = Path(__file__).resolve().parent / "eval"
CORPUS = EVAL_DIR / "corpus.jsonl"
QUERIES = EVAL_DIR / "queries.jsonl"
DEPTH = 10


def load_queries(path=QUERIES):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ndcg(ranked, grades, k=DEPTH):
    dcg = sum(grades.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked, grades):
    for i, doc in enumerate(ranked):
        if grades.get(doc, 0) >= 1:
            return 1 / (i + 1)
    return 0.0


def recall(ranked, grades, k=DEPTH):
    relevant = {doc for doc, grade in grades.items() if grade >= 1}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


@dataclass
class EngineScores:
    engine: str
    ndcg: float
    mrr: float
    recall: float
    per_query: list  # (query, ndcg)


def ranked_slugs(engine, query):
    response = feedback.search(engine, SearchRequest(terms=query_terms(query), limit=DEPTH))
    page_ids = [hit.page_id for hit in response.hits]
    slugs = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "slug"))
    return [slugs.get(pk) for pk in page_ids]


def evaluate(engine, queries):
    per_query, totals = [], [0.0, 0.0, 0.0]
    for item in queries:
        ranked = ranked_slugs(engine, item["query"])
        grades = item["judgments"]
        scores = (ndcg(ranked, grades), reciprocal_rank(ranked, grades), recall(ranked, grades))
        totals = [t + s for t, s in zip(totals, scores, strict=True)]
        per_query.append((item["query"], scores[0]))
    n = len(queries) or 1
    return EngineScores(engine.name, totals[0] / n, totals[1] / n, totals[2] / n, per_query)
