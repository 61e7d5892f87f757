"""A deployment that changes the committed analysis (the dictionary files, jieba's HMM
switch, the field weights, the priors) gets its index rebuilt after ``migrate``: an index
made under another analysis would not hold the tokens queries now look for
(search.indexing.index_fingerprint, search.signals.reindex_if_analysis_changed)."""

import shutil

from django.apps import apps
from django.db.models.signals import post_migrate

from search import analysis
from search.indexing import index_fingerprint
from search.models import IndexBuild, SearchEntry, SearchPosting
from search.service import run_search
from tests.search.conftest import CORPUS, slugs


def migrated():
    # What ``migrate`` sends once it is done, for the search app.
    config = apps.get_app_config("search")
    post_migrate.send(
        sender=config, app_config=config, using="default", verbosity=0, interactive=False, apps=apps
    )


def test_a_rebuild_records_the_analysis_it_used(use_database_engine, publish_lines):
    from search.rebuild import rebuild

    publish_lines(CORPUS)
    rebuild()
    build = IndexBuild.objects.first()
    assert build.fingerprint == index_fingerprint()
    assert build.entries == SearchEntry.objects.count() > 0


def test_an_index_made_under_another_analysis_is_rebuilt_after_migrate(
    use_database_engine, publish_lines, django_capture_on_commit_callbacks
):
    publish_lines(CORPUS)
    IndexBuild.objects.create(fingerprint="an older analysis", entries=1)
    SearchPosting.objects.all().delete()  # what the old analysis left no longer matches
    assert run_search("内部审核").count == 0
    with django_capture_on_commit_callbacks(execute=True):
        migrated()
    assert IndexBuild.objects.first().fingerprint == index_fingerprint()
    assert "t-internal-audit" in slugs(run_search("内部审核").hits)

    # the same analysis again: nothing is redone
    builds = IndexBuild.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        migrated()
    assert IndexBuild.objects.count() == builds


def test_an_empty_index_is_left_to_its_first_rebuild(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        migrated()
    assert not callbacks and not IndexBuild.objects.exists()


def test_the_fingerprint_follows_the_dictionary_and_the_weights(tmp_path, monkeypatch):
    before = index_fingerprint()
    copy = tmp_path / "dictionary"
    shutil.copytree(analysis.DICTIONARY_DIR, copy)
    monkeypatch.setattr(analysis, "DICTIONARY_DIR", copy)
    assert index_fingerprint() == before
    with open(copy / "synonyms.txt", "a", encoding="utf-8") as handle:
        handle.write("\n师傅带徒弟 <=> 人员能力\n")
    changed = index_fingerprint()
    assert changed != before
    monkeypatch.setattr(analysis, "HMM", not analysis.HMM)
    assert index_fingerprint() not in (before, changed)
