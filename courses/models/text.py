"""Flattening page content to plain text, for search (see docs/contracts.md)."""

from django.utils.html import strip_tags
from wagtail.rich_text import RichText


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, RichText):
        return [strip_tags(value.source)]
    if isinstance(value, str):
        return [strip_tags(value)]
    if hasattr(value, "items") and callable(value.items):  # StructValue, dict
        return [text for _, item in value.items() for text in _flatten(item)]
    if isinstance(value, (list, tuple)) or hasattr(value, "raw_data"):  # ListValue, StreamValue
        return [text for item in value for text in _flatten(item)]
    if hasattr(value, "block") and hasattr(value, "value"):  # a StreamChild
        return _flatten(value.value)
    if hasattr(value, "title"):  # a chosen document, image or snippet
        return [str(value)]
    return []


def stream_text(stream_value):
    """Every piece of text in a StreamField value, one per line, without HTML."""
    return "\n".join(text.strip() for text in _flatten(stream_value) if text and text.strip())
