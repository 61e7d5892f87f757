"""The two engines behind one query API; Elasticsearch when ELASTICSEARCH_URL is set."""

from django.conf import settings

from search.engines.base import SearchEngine, SearchRequest, SearchResponse, Unavailable


def database_engine() -> SearchEngine:
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()


def elasticsearch_engine():
    from search.engines.elastic import ElasticsearchEngine

    return ElasticsearchEngine()


def get_engine(name=None) -> SearchEngine:
    """The engine the public search uses, or the named one ("database", "elasticsearch")."""
    if name is None:
        name = "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
    return elasticsearch_engine() if name == "elasticsearch" else database_engine()


__all__ = ["SearchEngine", "SearchRequest", "SearchResponse", "Unavailable", "get_engine"]
