"""The checks every page gets, whatever app it comes from: forbidden claims and
attachments that are missing (the only attachments check: it finds images and documents
in any field, rich text, inline row or StreamField). Content-specific checks live in
``courses/checks.py`` and ``cases/checks.py``; all of them register through
``review.checks.page_check``.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from review.checks import CheckResult, page_check
from review.claims import claims_in
from review.content import field_texts

CLAIMS_CHECK = "禁用宣传用语"
ATTACHMENTS_CHECK = "附件完整性"


def active_claims():
    from review.models import ForbiddenClaim

    return [claim.as_claim() for claim in ForbiddenClaim.objects.filter(active=True)]


@page_check()
def forbidden_claims(page):
    claims = active_claims()
    found = False
    for label, field_name, text in field_texts(page):
        for claim in claims_in(text, claims):
            found = True
            yield CheckResult(
                CLAIMS_CHECK,
                False,
                f"“{label}”含有禁用宣传用语“{claim.phrase}”，请删除或改写"
                "（通知要求：严禁以“免费认证”的名义开展提升行动）",
                field_name,
            )
    if not found:
        yield CheckResult(CLAIMS_CHECK, True, "标题、正文及各字段均未发现禁用宣传用语")


def _field_label(obj, model_path):
    """ "cover_image" → "封面图片"; "attachments.item.document" → "附件·文档"."""
    parts = model_path.split(".")
    try:
        field = obj._meta.get_field(parts[0])
    except FieldDoesNotExist:
        return parts[0]
    if field.is_relation and field.one_to_many and len(parts) > 2:
        inner = field.related_model
        try:
            return f"{capfirst(inner._meta.verbose_name)}·{capfirst(inner._meta.get_field(parts[2]).verbose_name)}"
        except FieldDoesNotExist:
            return capfirst(str(inner._meta.verbose_name))
    return capfirst(str(getattr(field, "verbose_name", field.name)))


def _attachment_models():
    """{content type id: (model, kind)} for the document and image models."""
    models = {}
    for model, kind in ((get_document_model(), "文档"), (get_image_model(), "图片")):
        models[ContentType.objects.get_for_model(model).pk] = (model, kind)
    return models


def _raw_chooser_values(block, raw):
    """Yield (chooser block, raw value) for every chooser inside a block's raw JSON.

    Read from the stored JSON rather than the block values: a chooser whose image or
    document was deleted turns into ``None`` when the stream is loaded, so the deleted
    item is only visible in the raw data.
    """
    if isinstance(block, blocks.ChooserBlock):
        yield block, raw
    elif isinstance(block, blocks.StreamBlock):
        for child in raw or []:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                yield from _raw_chooser_values(
                    block.child_blocks[child["type"]], child.get("value")
                )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _raw_chooser_values(child_block, (raw or {}).get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            yield from _raw_chooser_values(block.child_block, value)


def _stream_references(page, models):
    """(content type id, raw id or None, field name) for image/document choosers in StreamFields."""
    by_model = {model: pk for pk, (model, _) in models.items()}
    for field in page._meta.concrete_fields:
        if not isinstance(field, StreamField):
            continue
        value = field.value_from_object(page)
        raw = getattr(value, "raw_data", None)
        raw = list(raw) if raw is not None else []
        for block, raw_id in _raw_chooser_values(field.stream_block, raw):
            content_type_id = by_model.get(resolve_model_string(block.target_model))
            if content_type_id is None:
                continue
            if raw_id in (None, "") and not block.required:
                continue
            yield content_type_id, None if raw_id in (None, "") else str(raw_id), field.name


def attachment_references(page):
    """Every image and document ``page`` refers to, found generically: foreign keys,
    rich text, inline rows (Wagtail's reference index) and StreamField choosers (raw).

    Yields (content type id, object id or None for an empty required chooser, field path).
    """
    models = _attachment_models()
    for content_type_id, object_id, model_path, _ in ReferenceIndex._extract_references_from_object(
        page
    ):
        if content_type_id in models:
            yield content_type_id, str(object_id), model_path
    yield from _stream_references(page, models)


@page_check()
def attachments_present(page):
    """One check for every content type: each referenced image or document still exists
    and its file is still in storage; one message per missing item."""
    models = _attachment_models()
    seen = set()
    problems = []
    for content_type_id, object_id, model_path in attachment_references(page):
        model, kind = models[content_type_id]
        label = _field_label(page, model_path)
        field_name = model_path.split(".")[0]
        if object_id is None:
            problems.append((f"“{label}”中有一处{kind}未选择，请选择{kind}", field_name))
            continue
        if (content_type_id, object_id) in seen:
            continue
        seen.add((content_type_id, object_id))
        item = model.objects.filter(pk=object_id).first()
        if item is None:
            problems.append((f"“{label}”引用的{kind}已被删除，请重新上传或选择", field_name))
        elif not item.file or not item.file.storage.exists(item.file.name):
            problems.append(
                (f"“{label}”引用的{kind}“{item.title}”文件缺失，请重新上传", field_name)
            )
    for message, field_name in problems:
        yield CheckResult(ATTACHMENTS_CHECK, False, message, field_name)
    if not problems:
        message = "引用的附件均可正常打开" if seen else "未引用附件"
        yield CheckResult(ATTACHMENTS_CHECK, True, message)
