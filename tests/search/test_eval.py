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
    kinds = {doc["slug"]: doc["kind"] for doc in corpus}
    assert len(corpus) >= 300 and len(queries) >= 150
    assert all(set(q["judgments"]) <= slugs for q in queries)
    assert all(g in (0, 1, 2, 3) for q in queries for g in q["judgments"].values())
    # At least half colloquial, and cases judged as well as lessons.
    assert 2 * sum(q["style"] == "colloquial" for q in queries) >= len(queries)
    judged = {slug for q in queries for slug, grade in q["judgments"].items() if grade}
    assert sum(kinds[s] == "case" for s in judged) >= 100
    assert sum(kinds[s] == "lesson" for s in judged) >= 100
    texts = {q["query"] for q in queries}
    assert {"8.5.1", "8.7", "条款9.2"} <= texts  # clause numbers
    assert {"一把手的职责", "返工了要记录什么", "SOP", "FMEA", "8D"} <= texts  # synonyms, acronyms
    assert {"GB/T19001-2016 内部审核", "GBT 19001 过程方法", "ISO9001 文件要求"} <= texts
    assert {"內審怎麼做", "領導作用"} <= texts  # Traditional


def test_the_committed_judged_set_is_what_the_generator_writes():
    from search.eval.build_judged_set import build

    documents, queries = build()
    assert documents == [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
    assert queries == load_queries()


def test_search_eval_prints_the_figures(engine_name, publish_lines, tmp_path, capsys):
    publish_lines(SMALL_CORPUS)
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"query": "进货检验", "judgments": {"t-incoming": 3, "t-case-iqc": 3}},
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
