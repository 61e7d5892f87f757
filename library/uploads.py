"""Limits every uploaded file is checked against before anything parses or stores it.

- Images: at most ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels (all frames), read from the
  header only, so a 30000×30000 PNG (Pillow's decompression bomb) is refused without
  decoding a single pixel.
- Zip containers (.docx/.xlsx/.pptx): the central directory's sizes are checked before any
  member is inflated: the total inflated size, the size of each XML part and the
  compression ratio. ``zipfile`` never inflates a member beyond its declared size, so a
  file that passes cannot make the process inflate more than these limits.

Every refusal is an ``UploadRefused`` with a Chinese message naming the file; forms turn it
into a field error, importers into their own error.
"""

import os
import warnings
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage

# Inflated size of all members together, and of one non-media part (XML, which is parsed
# into a tree several times its size).
MAX_INFLATED_SIZE = 100 * 1024 * 1024
MAX_PART_SIZE = 10 * 1024 * 1024
# Inflated/compressed above this, a member counts as a bomb (text compresses ~5–20×).
MAX_RATIO = 100
MAX_MEMBERS = 2000
MEDIA_PREFIXES = ("word/media/", "ppt/media/", "xl/media/")


class UploadRefused(ValueError):
    """An upload over a limit; ``message`` says which, in Chinese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or 128_000_000


def _megapixels(count):
    return f"{count / 1_000_000:g} 百万"


def check_image_pixels(fileobj, name=""):
    """Refuse an image with more than ``max_image_pixels()`` pixels, from its header alone.

    Files Pillow cannot identify are left to the caller (format checks have their own
    messages). The file position is restored.
    """
    label = os.path.basename(name or getattr(fileobj, "name", "") or "")
    limit = max_image_pixels()
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            try:
                image = PILImage.open(fileobj)
            except PILImage.DecompressionBombError:
                raise UploadRefused(
                    f"图片“{label}”的像素过多（超过 {_megapixels(limit)}像素），"
                    "请缩小尺寸后再上传。"
                ) from None
            except (PILImage.UnidentifiedImageError, OSError, SyntaxError, ValueError):
                return
            with image:
                width, height = image.size
                try:
                    frames = getattr(image, "n_frames", 1) or 1
                except Exception:  # a damaged animation: the decode check reports it
                    frames = 1
        if width * height * frames > limit:
            size = f"{width}×{height}" + (f"×{frames} 帧" if frames > 1 else "")
            raise UploadRefused(
                f"图片“{label}”的尺寸为 {size}，像素过多（最多 {_megapixels(limit)}像素），"
                "请缩小尺寸后再上传。"
            )
    finally:
        fileobj.seek(position)


def check_zip_inflation(fileobj, name=""):
    """Refuse a zip container whose members would inflate past the limits (a zip bomb).

    Only the central directory is read; nothing is decompressed. A file that is not a zip at
    all passes (the format check or the parser reports that). The file position is restored.
    """
    label = os.path.basename(name or getattr(fileobj, "name", "") or "")
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    try:
        try:
            with zipfile.ZipFile(fileobj) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            return
    finally:
        fileobj.seek(position)
    refused = f"文件“{label}”解压后过大，疑似压缩炸弹，已拒绝。"
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(f"文件“{label}”包含的部件过多（{len(members)} 个），已拒绝。")
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_INFLATED_SIZE:
            raise UploadRefused(f"{refused}解压后不能超过 {filesizeformat(MAX_INFLATED_SIZE)}。")
        media = member.filename.startswith(MEDIA_PREFIXES)
        if not media and member.file_size > MAX_PART_SIZE:
            raise UploadRefused(
                f"{refused}其中“{member.filename[:60]}”解压后超过 {filesizeformat(MAX_PART_SIZE)}。"
            )
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UploadRefused(f"{refused}（“{member.filename[:60]}”的压缩比异常）")
