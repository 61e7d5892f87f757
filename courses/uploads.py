"""Upload checks: a file must be what its name claims, for images and documents alike.

Wagtail checks documents by extension only and images by their header. Here a document's
first bytes must match its extension (PDF, Office Open XML zip with the right part, legacy
OLE), and an image must decode completely, so a truncated or forged file is refused with a
Chinese message before anything is stored. Registered in settings through
``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``.

Docs: https://docs.wagtail.org/en/stable/reference/settings.html#wagtaildocs-document-form-base
"""

import os
import struct
import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from library.uploads import UploadRefused, check_image_pixels, check_zip_inflation

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
            allowed = "、".join(
                sorted({KIND_NAMES.get(e, e) for e in settings.WAGTAILDOCS_EXTENSIONS})
            )
            self.fields["file"].help_text = f"支持 {allowed} 文件，单个文件不超过 {limit}。"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            try:
                check_zip_inflation(upload, upload.name)
            except UploadRefused as refused:
                raise forms.ValidationError(refused.message, code="inflated_too_large") from None
        if upload and "file" in self.changed_data and not document_matches_extension(upload):
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
            kind = KIND_NAMES.get(extension, extension.upper())
            raise forms.ValidationError(
                f"文件“{os.path.basename(upload.name)}”的内容不是有效的 {kind} 文件，"
                "可能已损坏或被改了扩展名。请重新导出后再上传。",
                code="content_mismatch",
            )
        return upload


def _corrupt_image_error(name):
    return forms.ValidationError(
        f"图片“{os.path.basename(name or '')}”已损坏或不完整，无法读取。请换一张图片或重新导出后再上传。",
        code="corrupt_image",
    )


def _decode_fully(upload):
    """Raise if Pillow recognises the file but cannot decode all of it (truncated, damaged),
    or if it has more pixels than allowed (checked from the header, before decoding).

    Files Pillow does not recognise at all (e.g. SVG) are left to Wagtail's own message
    about supported formats.
    """
    try:
        check_image_pixels(upload, upload.name)
    except UploadRefused as refused:
        raise forms.ValidationError(refused.message, code="too_many_pixels") from None
    upload.seek(0)
    try:
        image = PILImage.open(upload)
    except (PILImage.UnidentifiedImageError, OSError):
        upload.seek(0)
        return
    # WeasyPrint (certificates) sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process on
    # import, which makes load() pad a truncated file silently; switch it off for this check.
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with image:
            image.load()  # decodes every pixel: a truncated file fails here
    except Exception as exc:  # Pillow raises many kinds of errors for damaged data
        raise _corrupt_image_error(upload.name) from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        upload.seek(0)


class SafeImageForm(BaseImageForm):
    """Checks the whole image before Wagtail's field does: Wagtail 8 reads the pixel size of
    a truncated PNG without catching Pillow's error, which ends in a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            wagtail_to_python = field.to_python

            def to_python(data):
                if data is not None and hasattr(data, "read"):
                    _decode_fully(data)
                try:
                    return wagtail_to_python(data)
                except (OSError, SyntaxError, struct.error) as exc:
                    raise _corrupt_image_error(getattr(data, "name", "")) from exc

            field.to_python = to_python
