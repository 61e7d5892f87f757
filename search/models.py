"""What search keeps in the database: the editors' dictionary, one entry per searchable
page (the document both engines index) and the outbox of pages waiting to be synced."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from search.analysis import TO_STANDARD, split_words

PAGE_TYPES = {"course": "课程", "lesson": "课时", "case": "案例"}


class SearchTerm(models.Model):
    """A quality-management term the segmenter keeps whole, with the everyday words that
    mean it, in one direction or both, at a weight. Saving or deleting one reloads the
    dictionary and reindexes (search.signals)."""

    TO_TERM = "to_term"
    TO_EVERYDAY = "to_everyday"
    BOTH = "both"
    DIRECTIONS = [
        (TO_TERM, "搜日常说法时也找术语"),
        (TO_EVERYDAY, "搜术语时也找日常说法"),
        (BOTH, "双向"),
    ]

    term = models.CharField("术语", max_length=40, unique=True, help_text="例如：不合格输出")
    synonyms = models.CharField(
        "同义的日常说法",
        max_length=400,
        blank=True,
        help_text="用逗号或顿号分隔，例如：返工、次品。",
    )
    direction = models.CharField(
        "扩展方向",
        max_length=12,
        choices=DIRECTIONS,
        default=TO_TERM,
        help_text="日常说法常见于通俗内容，术语常见于标准；双向扩展可能带来无关结果。",
    )
    weight = models.FloatField(
        "权重",
        default=TO_STANDARD,
        validators=[MinValueValidator(0.05), MaxValueValidator(1.0)],
        help_text="0.05 到 1：扩展出的词相对于用户输入的词的分量，输入的词为 1。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "搜索词典术语"
        verbose_name_plural = "搜索词典"
        ordering = ["term"]

    def __str__(self):
        return self.term

    @classmethod
    def dictionary_entries(cls):
        """(terms, [(from words, to words, weight)]) for the analyzer."""
        terms, synonyms = [], []
        for entry in cls.objects.all():
            words = split_words(entry.term)
            terms += words
            if not entry.synonyms:
                continue
            everyday = split_words(entry.synonyms)
            if entry.direction in (cls.TO_TERM, cls.BOTH):
                synonyms.append((everyday, words, entry.weight))
            if entry.direction in (cls.TO_EVERYDAY, cls.BOTH):
                synonyms.append((words, everyday, entry.weight))
        return terms, synonyms


class ZeroResultQuery(models.Model):
    """A query that found nothing: what editors may add to the dictionary."""

    query = models.CharField("搜索词", max_length=200, unique=True)
    count = models.PositiveIntegerField("次数", default=1)
    last_seen = models.DateTimeField("最近一次", auto_now=True)

    class Meta:
        verbose_name = "无结果的搜索"
        verbose_name_plural = "无结果的搜索"
        ordering = ["-count", "-last_seen"]

    def __str__(self):
        return self.query


class SearchEntry(models.Model):
    """One searchable page as every engine sees it: the same segmented fields and facets.

    ``fields`` holds each weighted field's tokens (search.indexing.FIELD_WEIGHTS); the
    database engine ranks over SearchPosting rows made from them, Elasticsearch indexes
    them through ``search.documents``. Entries without a page exist only for benchmarks.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=list(PAGE_TYPES.items()), db_index=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    content = models.TextField(help_text="plain text, for snippets")
    fields = models.JSONField(default=dict, help_text="field name → space-separated tokens")
    length = models.FloatField(default=0, help_text="weighted number of tokens (BM25)")
    body = models.CharField(max_length=100, blank=True, db_index=True)
    district = models.CharField(max_length=20, blank=True, db_index=True)
    pilot_region = models.CharField(max_length=40, blank=True)
    # Facets, named as search.engines.base.FACETS spells them (lists of names / numbers).
    industry = models.JSONField(default=list)
    clause = models.JSONField(default=list)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    recognition = models.CharField(max_length=20, blank=True)
    # Indexed: the database engine reads its latest value to know its facet copy is current.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "搜索条目"
        verbose_name_plural = "搜索条目"
        indexes = [models.Index(fields=["length"], name="search_entry_length")]

    def __str__(self):
        return self.title

    @property
    def doc_id(self):
        return f"p{self.page_id}" if self.page_id else f"e{self.pk}"


class SearchPosting(models.Model):
    """One term of one entry: the database engine's inverted index. Term statistics (how
    many entries hold a term) are counted from these rows, so BM25 has real IDF on SQLite
    and PostgreSQL alike."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    tf = models.FloatField(help_text="weighted term frequency over the fields")
    # The entry's length as Elasticsearch ranks by it (search.engines.base.norm_length),
    # kept here so ranking reads this table only.
    length = models.FloatField()
    prior = models.FloatField(default=1.0, help_text="containers (courses) weigh less")

    class Meta:
        indexes = [
            models.Index(
                fields=["term", "entry", "tf", "length", "prior"], name="search_posting_term"
            )
        ]

    def __str__(self):
        return f"{self.term} {self.entry_id}"


class SearchFacet(models.Model):
    """One facet value of one entry, so counts are a GROUP BY in the database."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "entry"], name="search_facet_value"),
            # facet counts go from the matching entries to their rows: index-only
            models.Index(fields=["entry", "name", "value"], name="search_facet_entry"),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class OutboxEntry(models.Model):
    """A page whose index entry must be brought up to date, written in the same transaction
    as the change, so nothing is lost when Elasticsearch (or the worker) is down."""

    page_id = models.PositiveIntegerField(db_index=True)
    reason = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "待同步的搜索变更"
        verbose_name_plural = "待同步的搜索变更"
        ordering = ["id"]

    def __str__(self):
        return f"{self.reason} {self.page_id}"


class IndexBuild(models.Model):
    """A full rebuild of the search index, with the fingerprint of the analysis it was made
    with (search.indexing.index_fingerprint): a deployment whose committed dictionary or
    weighting has changed since the last rebuild is reindexed after ``migrate``
    (search.signals)."""

    fingerprint = models.CharField("分析规则指纹", max_length=64)
    entries = models.PositiveIntegerField("条目数", default=0)
    built_at = models.DateTimeField("重建时间", auto_now_add=True)

    class Meta:
        verbose_name = "搜索索引重建记录"
        verbose_name_plural = "搜索索引重建记录"
        ordering = ["-id"]

    def __str__(self):
        return f"{self.built_at:%Y-%m-%d %H:%M} {self.fingerprint[:12]}"


class IndexState(models.Model):
    """One row whose token changes with every write to the database engine's index (its
    entries, postings and facet rows): each process keeps the index's statistics and term
    bitsets for one token (search.engines.database) and reads this row, not the whole
    index, to know they are current. A random token, not a counter, so that a write rolled
    back and another committed never show the same token for different contents.

    ``facets`` changes only when the entries or their facet values do (an entry added or
    deleted, a district or clause changed): a page's text edited and indexed again leaves
    the facet bitsets a process keeps current."""

    token = models.BigIntegerField(default=0)
    facets = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "搜索索引版本"
        verbose_name_plural = "搜索索引版本"

    def __str__(self):
        return str(self.token)
