"""The GB/T 19001-2016 (ISO 9001:2015) clause tree, sections 4 to 10."""

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def clause_sort_key(number):
    """'7.1.5.2' → '007.001.005.002', so clauses sort as the standard lists them."""
    return ".".join(f"{int(part):03d}" for part in number.split("."))


class Clause(index.Indexed, models.Model):
    number = models.CharField(
        "条款号",
        max_length=12,
        unique=True,
        validators=[
            RegexValidator(
                r"^(?:[4-9]|10)(?:\.\d{1,2}){0,3}$", "条款号应形如 8.5.1，章节为 4 至 10"
            )
        ],
    )
    title = models.CharField("标题", max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级条款",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)

    panels = [FieldPanel("number"), FieldPanel("title"), FieldPanel("parent")]
    search_fields = [
        index.SearchField("number"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = "标准条款"
        verbose_name_plural = "标准条款（GB/T 19001-2016）"
        ordering = ["sort_key"]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = clause_sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def section(self):
        return int(self.number.split(".")[0])

    @property
    def depth(self):
        return self.number.count(".")
