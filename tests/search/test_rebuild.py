"""search_rebuild: a new index behind the alias, no downtime, progress and chunk size."""

from django.core.management import call_command

from search.engines.elastic import alias_name
from search.models import SearchEntry
from search.service import run_search
from tests.search.conftest import CORPUS, slugs


def test_rebuild_fills_a_new_index_and_swaps_the_alias(use_elasticsearch, publish_lines, capsys):
    publish_lines(CORPUS)
    es = use_elasticsearch.es
    before = set(es.indices.get_alias(name=alias_name()).body)
    SearchEntry.objects.all().delete()  # lost entries come back from the pages

    call_command("search_rebuild", "--chunk-size", "2", "--progress")
    output = capsys.readouterr()
    assert "已索引" in output.out
    total = len(CORPUS) + 4
    assert "Elasticsearch" in output.err and f"{total}/{total}" in output.err  # the progress bar

    after = set(es.indices.get_alias(name=alias_name()).body)
    assert len(after) == 1 and not after & before
    assert not es.indices.exists(index=",".join(before))
    assert SearchEntry.objects.count() == len(CORPUS) + 4  # and the four courses
    assert "t-internal-audit" in slugs(run_search("审核").hits)
    assert set(slugs(run_search("进货检验").hits)) == {"t-incoming", "t-case-iqc"}


def test_rebuild_on_the_database_engine(use_database_engine, publish_lines, capsys):
    publish_lines(CORPUS[:2])
    SearchEntry.objects.all().delete()
    assert run_search("进货检验").count == 0
    call_command("search_rebuild", "--no-progress")
    assert slugs(run_search("进货检验").hits) == ["t-incoming"]
    assert capsys.readouterr().err == ""


def test_rebuild_in_small_chunks_shows_each_stage_when_asked(
    use_database_engine, publish_lines, capsys
):
    publish_lines(CORPUS[:3])
    SearchEntry.objects.all().delete()
    capsys.readouterr()
    call_command("search_rebuild", "--chunk-size", "1")  # not a terminal: no bar in the logs
    assert capsys.readouterr().err == ""

    SearchEntry.objects.all().delete()
    call_command("search_rebuild", "--chunk-size", "1", "--progress")
    output = capsys.readouterr()
    total = SearchEntry.objects.count()  # the lessons and cases, and the courses they belong to
    assert total > 3
    assert "页面" in output.err and f"{total}/{total}" in output.err
    assert f"已索引 {total} 条" in output.out
    assert set(slugs(run_search("进货检验").hits)) == {"t-incoming"}

    call_command("search_rebuild", "--entries-only", "--chunk-size", "2", "--progress")
    assert f"{total}/{total}" in capsys.readouterr().err.split("数据库索引")[-1]
