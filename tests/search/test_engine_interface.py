"""Both engines declare the one interface the page, the API and the evaluation use."""

import pytest

from search.engines import SearchEngine, SearchRequest, get_engine


@pytest.mark.parametrize("name", ["database", "elasticsearch"])
def test_each_engine_is_a_search_engine_under_its_own_name(name, settings):
    settings.ELASTICSEARCH_URL = "http://localhost:9"  # never contacted here
    engine = get_engine(name)
    assert isinstance(engine, SearchEngine)
    assert engine.name == name


def test_the_site_uses_elasticsearch_only_when_it_is_configured(settings):
    settings.ELASTICSEARCH_URL = None
    assert get_engine().name == "database"
    settings.ELASTICSEARCH_URL = "http://localhost:9"
    assert get_engine().name == "elasticsearch"


def test_an_engine_without_search_cannot_be_made():
    class Incomplete(SearchEngine):
        name = "incomplete"

    with pytest.raises(TypeError):
        Incomplete()


@pytest.mark.django_db
def test_an_empty_query_finds_nothing_on_the_database_engine(settings):
    settings.ELASTICSEARCH_URL = None
    response = get_engine().search(SearchRequest(terms=[]))
    assert (response.count, response.hits, response.facets) == (0, [], {})
