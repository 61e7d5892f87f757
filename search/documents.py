"""The Elasticsearch document for a searchable page.

Core analysis only (the integ-test zip has no analysis-common): the text arrives segmented
by search.analysis, so the built-in ``whitespace`` analyzer is all it needs; facets are
keywords. elasticsearch.dsl is part of the client since 8.18 (it replaced the
elasticsearch-dsl package): https://elasticsearch-py.readthedocs.io/en/stable/dsl.html
"""

from elasticsearch.dsl import Document, Integer, Keyword, Text

from search.engines.base import FIELD_WEIGHTS

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


class PageDocument(Document):
    # The weighted fields (search.engines.base.FIELD_WEIGHTS), searched together as one
    # BM25F field by ``combined_fields``; a "text_" prefix keeps them apart from the title.
    text_title = Text(analyzer="whitespace")
    text_clauses = Text(analyzer="whitespace")
    text_clause_parents = Text(analyzer="whitespace")
    text_clause_titles = Text(analyzer="whitespace")
    text_names = Text(analyzer="whitespace")
    text_body = Text(analyzer="whitespace")
    # Every field's words together, only so that a term's documents in any field are counted
    # (ElasticsearchEngine.term_statistics); not scored.
    text_any = Text(analyzer="whitespace", index_options="docs", norms=False)
    title = Keyword(index=False)
    url = Keyword(index=False)
    content = Text(index=False)
    page_id = Integer()
    kind = Keyword()
    body = Keyword()
    district = Keyword()
    pilot_region = Keyword()
    industry = Keyword()
    clause = Keyword()
    year = Integer()
    recognition = Keyword()

    @classmethod
    def from_entry(cls, entry, index):
        return cls(
            meta={"id": entry.doc_id, "index": index},
            **{f"text_{name}": entry.fields.get(name, "") for name in FIELD_WEIGHTS},
            text_any=" ".join(entry.fields.get(name) or "" for name in FIELD_WEIGHTS),
            title=entry.title,
            url=entry.url,
            content=entry.content,
            page_id=entry.page_id,
            kind=entry.kind,
            body=entry.body or None,
            district=entry.district or None,
            pilot_region=entry.pilot_region or None,
            industry=list(entry.industry),
            clause=list(entry.clause),
            year=entry.year,
            recognition=entry.recognition or None,
        )
