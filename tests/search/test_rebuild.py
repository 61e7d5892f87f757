"""search_rebuild: a new index behind the alias, no downtime, progress and chunk size."""

from django.core.management import call_command

from search.engines.elastic import alias_name
from search.models import SearchEntry
from search.service import run_search
from tests.search.conftest import CORPUS, refresh, slugs


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
    # The two pages about incoming inspection lead; pages that only share 检验 may follow
    # (a compound is also searched by its parts, at a lower weight).
    assert set(slugs(run_search("进货检验").hits)[:2]) == {"t-incoming", "t-case-iqc"}


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


def test_a_page_published_during_a_rebuild_is_found_after_it(engine_name, publish_lines, settings):
    """The rebuild race: a publish while the new index fills (or while the entries are
    rewritten) lands in what the site searches after the swap, on every engine."""
    from search.rebuild import rebuild

    publish_lines(CORPUS[:3])
    published = []
    # The last stage: filling the new Elasticsearch index, or rewriting the entries.
    last_stage = "Elasticsearch" if settings.ELASTICSEARCH_URL else "页面"

    def progress(stage, done, total):
        if stage == last_stage and not published:
            published.append(stage)
            publish_lines([CORPUS[4]], refresh_index=False)  # 电动自行车企业建立进货检验制度

    rebuild(chunk_size=1, progress=progress)
    refresh(settings)
    assert published
    assert "t-case-iqc" in slugs(run_search("待检区").hits)
    assert "t-incoming" in slugs(run_search("进货检验").hits)


def test_a_rebuild_cleans_up_the_index_a_killed_rebuild_left(use_elasticsearch, publish_lines):
    publish_lines(CORPUS[:2])
    es = use_elasticsearch.es
    orphan = use_elasticsearch.create_index()  # a rebuild that died before its swap
    use_elasticsearch.index_entries(SearchEntry.objects.all(), index=orphan)
    assert es.indices.exists(index=orphan)

    call_command("search_rebuild", "--no-progress")
    assert not es.indices.exists(index=orphan)
    (current,) = es.indices.get_alias(name=alias_name()).body
    assert current != orphan
    assert es.indices.get(index=f"{alias_name()}-*").body.keys() == {current}
    assert slugs(run_search("进货检验").hits) == ["t-incoming"]
