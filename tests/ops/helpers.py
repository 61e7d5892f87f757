"""Content for the ops tests: a district's case with an attachment, a document, an image."""

import io
import json

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cases.models import CasePage

PDF_BYTES = b"%PDF-1.4\n% tjqms test attachment\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes(width=120, height=90, colour=(200, 30, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_document(collection, title="整改方案", filename="plan.pdf", content=PDF_BYTES):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=filename), collection=collection
    )


def make_image(collection, title="现场照片", filename="site.png"):
    return get_image_model().objects.create(
        title=title, file=ContentFile(png_bytes(), name=filename), collection=collection
    )


def draft_case_with_attachment(
    district_name, document, title="北辰精密机械质量体系提升", image=None
):
    """An unpublished case in the district's section, complete enough to be published, whose
    body attaches ``document`` (and shows ``image`` when given)."""
    from cases.blocks import SECTIONS
    from tests.cases.factories import complete_case

    case = complete_case(district_name, title=title)
    body = []
    for index, (kind, heading) in enumerate(SECTIONS):
        content = [{"type": "paragraph", "value": f"<p>{heading}：企业建立了首件检验制度。</p>"}]
        if index == 0:
            content.append(
                {"type": "attachment", "value": {"document": document.id, "title": "附件"}}
            )
            if image is not None:
                content.append({"type": "image", "value": {"image": image.id, "caption": "现场"}})
        body.append({"type": "section", "value": {"kind": kind, "content": content}})
    case.body = json.dumps(body)
    case.save_revision()
    return CasePage.objects.get(pk=case.pk)


def download(response):
    """The bytes of a (possibly streaming) file response."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
