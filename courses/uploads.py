"""Upload checks: a file must be what its name claims, for images and documents alike.

Wagtail checks documents by extension only and images by their header. Here a document's
first bytes must match its extension (PDF, Office Open XML zip with the right part, legacy
OLE), and an image must decode completely, so a truncated or forged file is refused with a
Chinese message before anything is stored. Registered in settings through
``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``.

Docs: https://docs.wagtail.org/en/stable/reference/settings.html#wagtaildocs-document-form-base
"""

import os
import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
OOXML_PART = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}
KIND_NAMES = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "ppt": "PPT",
    "pptx": "PPT",
    "xls": "Excel",
    "xlsx": "Excel",
}


def _head(upload, size=8):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_ooxml(upload, extension):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(
        name.startswith(OOXML_PART[extension]) for name in names
    )


def document_matches_extension(upload):
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    head = _head(upload)
    if extension == "pdf":
        return head.startswith(PDF_MAGIC)
    if extension in OOXML_PART:
        return head.startswith(ZIP_MAGIC) and _is_ooxml(upload, extension)
    if extension in ("doc", "ppt", "xls"):
        return head.startswith(OLE_MAGIC)
    return True  # other extensions are refused by Wagtail's extension check


class SafeDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            limit = filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
            self.fields["file"].error_messages["file_too_large"] = (
                f"文件过大（%(file_size)s），单个文件不能超过 {limit}。"
            )
            allowed = "、".join(sorted({KIND_NAMES.get(e, e) for e in settings.WAGTAILDOCS_EXTENSIONS}))
            self.fields["file"].help_text = f"支持 {allowed} 文件，单个文件不超过 {limit}。"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and not document_matches_extension(upload):
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
            kind = KIND_NAMES.get(extension, extension.upper())
            raise forms.ValidationError(
                f"文件“{os.path.basename(upload.name)}”的内容不是有效的 {kind} 文件，"
                "可能已损坏或被改了扩展名。请重新导出后再上传。",
                code="content_mismatch",
            )
        return upload


class SafeImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            upload.seek(0)
            try:
                with PILImage.open(upload) as image:
                    image.load()  # decodes every pixel: a truncated file fails here
            except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad data
                raise forms.ValidationError(
                    f"图片“{os.path.basename(upload.name)}”已损坏或不完整，无法读取。"
                    "请换一张图片或重新导出后再上传。",
                    code="corrupt_image",
                ) from exc
            finally:
                upload.seek(0)
        return upload
