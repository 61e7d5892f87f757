"""What search keeps in the database: the editors' dictionary, one entry per searchable
page (the document both engines index) and the outbox of pages waiting to be synced."""

from django.db import models
from wagtail.search import index

from search.analysis import split_words

PAGE_TYPES = {"course": "课程", "lesson": "课时", "case": "案例"}


class SearchTerm(models.Model):
    """A quality-management term the segmenter keeps whole, with the everyday words that
    mean it. Saving or deleting one reloads the dictionary and reindexes (search.signals)."""

    term = models.CharField("术语", max_length=40, unique=True, help_text="例如：不合格输出")
    synonyms = models.CharField(
        "同义的日常说法",
        max_length=400,
        blank=True,
        help_text="用逗号或顿号分隔，例如：返工、次品。搜索这些词时也会找到含有该术语的内容。",
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
        """(terms, [(everyday words, [term])]) for the analyzer."""
        terms, synonyms = [], []
        for entry in cls.objects.all():
            words = split_words(entry.term)
            terms += words
            if entry.synonyms:
                synonyms.append((split_words(entry.synonyms), words))
        return terms, synonyms


class SearchEntry(index.Indexed, models.Model):
    """One searchable page as both engines see it: the same segmented text and facets.

    Wagtail's database backend indexes ``segmented_text`` (see
    https://docs.wagtail.org/en/stable/topics/search/indexing.html); the Elasticsearch
    engine indexes the same values through ``search.documents``. Entries without a page
    exist only for benchmarks.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=list(PAGE_TYPES.items()), db_index=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    content = models.TextField(help_text="plain text, for snippets")
    segmented_text = models.TextField()
    body = models.CharField(max_length=100, blank=True, db_index=True)
    district = models.CharField(max_length=20, blank=True, db_index=True)
    pilot_region = models.CharField(max_length=40, blank=True)
    # Facets, named as search.engines.base.FACETS spells them (lists of names / numbers).
    industry = models.JSONField(default=list)
    clause = models.JSONField(default=list)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    recognition = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [index.SearchField("segmented_text")]
    # search.backend leaves this text as it is: it was segmented by search.indexing.
    search_presegmented = True

    class Meta:
        verbose_name = "搜索条目"
        verbose_name_plural = "搜索条目"

    def __str__(self):
        return self.title

    @property
    def doc_id(self):
        return f"p{self.page_id}" if self.page_id else f"e{self.pk}"


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
