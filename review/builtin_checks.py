"""The checks every page gets, whatever app it comes from: forbidden claims and
attachments that are missing. Content-specific checks live in ``courses/checks.py`` and
``cases/checks.py``; all of them register through ``review.checks.page_check``.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from wagtail.documents import get_document_model
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
    models = {}
    for model, kind in ((get_document_model(), "文档"), (get_image_model(), "图片")):
        models[ContentType.objects.get_for_model(model).pk] = (model, kind)
    return models


@page_check()
def attachments_present(page):
    models = _attachment_models()
    seen = set()
    problems = []
    for content_type_id, object_id, model_path, _ in ReferenceIndex._extract_references_from_object(
        page
    ):
        if content_type_id not in models or (content_type_id, object_id) in seen:
            continue
        seen.add((content_type_id, object_id))
        model, kind = models[content_type_id]
        label = _field_label(page, model_path)
        item = model.objects.filter(pk=object_id).first()
        field_name = model_path.split(".")[0]
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
