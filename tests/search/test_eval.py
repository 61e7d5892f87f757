"""Relevance measurement: the metrics, the committed judged set and search_eval."""

import json

import pytest
from django.core.management import call_command

from search.evaluation import CORPUS, QUERIES, load_queries, ndcg, recall, reciprocal_rank
from tests.search.conftest import CORPUS as SMALL_CORPUS


def test_metrics_on_known_rankings():
    grades = {"a": 3, "b": 2, "c": 0}
    assert ndcg(["a", "b", "x"], grades) == pytest.approx(1.0)
    assert ndcg(["b", "a"], grades) == pytest.approx((2 + 3 / 1.5849625) / (3 + 2 / 1.5849625))
    assert reciprocal_rank(["x", "c", "b"], grades) == pytest.approx(1 / 3)
    assert recall(["a", "x"], grades) == 0.5
    assert ndcg([], {}) == 0.0


def test_the_judged_query_set_covers_what_smes_type():
    queries = load_queries()
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    slugs = {doc["slug"] for doc in corpus}
    assert len(queries) >= 60
    assert all(set(q["judgments"]) <= slugs for q in queries)
    assert all(g in (0, 1, 2, 3) for q in queries for g in q["judgments"].values())
    texts = {q["query"] for q in queries}
    assert {"8.5.1", "9.2", "条款8.4"} <= texts  # clause numbers
    assert {"一把手的职责", "返工了要记录什么", "SOP"} <= texts  # colloquial and synonyms


def test_search_eval_prints_the_figures(engine_name, publish_lines, tmp_path, capsys):
    publish_lines(SMALL_CORPUS)
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"query": "进货检验", "judgments": {"t-incoming": 3, "t-case-iqc": 2}},
                {"query": "9.2", "judgments": {"t-internal-audit": 3}},
            ]
        ),
        encoding="utf-8",
    )
    call_command("search_eval", "--engine", engine_name, "--queries", str(queries))
    out = capsys.readouterr().out
    assert "nDCG@10" in out and "MRR" in out and "recall@10" in out
    line = next(row for row in out.splitlines() if row.startswith(engine_name))
    assert [float(v) for v in line.split()[1:]] == [1.0, 1.0, 1.0]
    assert QUERIES.exists()
