"""The readable text of a page, field by field, each with the label an author sees.

Checks that look at words (forbidden claims) must name the field they found something
in, so this yields ``(label, field_name, text)`` for the title, every text field, each
block of every StreamField (rich text stripped of HTML) and the text of inline rows
(e.g. a case's metric rows), rather than one flattened string.
"""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.fields import RichTextField, StreamField

# Page fields that are not content an author writes.
SKIPPED_FIELDS = {"slug", "url_path", "draft_title", "translation_key", "path"}


def _label(field):
    return capfirst(str(getattr(field, "verbose_name", field.name)))


def _plain(text):
    import html

    return html.unescape(strip_tags(str(text or "")))


def _stream_texts(field, value):
    label = _label(field)
    for index, child in enumerate(value or [], start=1):
        block_label = capfirst(str(child.block.label or child.block_type))
        try:
            pieces = child.block.get_searchable_content(child.value)
        except Exception:  # a block that cannot index itself still gets scanned as text
            pieces = [str(child.value)]
        text = " ".join(_plain(piece) for piece in pieces if piece)
        if text.strip():
            yield f"{label}（第{index}块：{block_label}）", field.name, text


def field_texts(obj, prefix=""):
    """Yield (label, field name, plain text) for every text-bearing field of ``obj``."""
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.is_relation:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, StreamField):
            for label, name, text in _stream_texts(field, value):
                yield prefix + label, name, text
        elif isinstance(field, RichTextField | models.CharField | models.TextField):
            text = _plain(value) if isinstance(field, RichTextField) else str(value or "")
            if text.strip():
                yield prefix + _label(field), field.name, text
    if isinstance(obj, ClusterableModel):
        for relation in get_all_child_relations(obj):
            accessor = relation.get_accessor_name()
            related_label = capfirst(str(relation.related_model._meta.verbose_name))
            for row, child in enumerate(getattr(obj, accessor).all(), start=1):
                yield from field_texts(child, prefix=f"{prefix}{related_label}第{row}行·")
