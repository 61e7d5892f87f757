"""City editors maintain terms and synonyms in the admin; a change reindexes."""

from django.urls import reverse

from search.analysis import get_analyzer
from search.models import SearchTerm
from search.service import run_search
from tests.search.conftest import CORPUS, slugs


def test_an_editor_adds_a_term_with_synonyms_and_it_is_used_at_once(
    use_database_engine, publish_lines, admin_client, django_capture_on_commit_callbacks
):
    publish_lines([{**CORPUS[1], "body": "仓库发现来料不良时先隔离，再通知供方。"}])
    assert run_search("毛病多多").count == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailsnippets_search_searchterm:add"),
            {
                "term": "来料不良",
                "synonyms": "毛病多多、来料有问题",
                "direction": "to_term",
                "weight": "0.7",
                "note": "",
            },
        )
    assert response.status_code == 302
    assert SearchTerm.objects.filter(term="来料不良").exists()
    assert "来料不良" in get_analyzer().index_tokens("发现来料不良")
    # the entries were segmented again with the new term, so the synonym finds the lesson
    assert slugs(run_search("毛病多多").hits) == ["t-incoming"]

    listing = admin_client.get(reverse("wagtailsnippets_search_searchterm:list"))
    assert "来料不良" in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        SearchTerm.objects.get(term="来料不良").delete()
    assert run_search("毛病多多").count == 0
