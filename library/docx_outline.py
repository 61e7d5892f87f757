"""Reading a Word document written to an outline: headings mapped onto the outline's sections
by keywords, the paragraphs and pictures under each heading kept in order, and whatever
cannot be placed listed for the user. Cases (``cases.docx_import``) and the pilot
self-assessment reports (``reports.docx_import``) both read Word files through this.
"""

import os
import re
from io import BytesIO

from django.conf import settings
from django.utils.html import escape

from library.uploads import UploadRefused, check_image_pixels, check_zip_inflation

HEADING_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．\s]*")


class DocxImportError(Exception):
    """The file cannot be imported at all; the message says why, in Chinese."""


def open_document(fileobj):
    """The python-docx document, or ``DocxImportError`` (damaged, not .docx, a zip bomb)."""
    import docx

    try:
        # Before python-docx inflates anything: a small file that would inflate hugely is refused.
        check_zip_inflation(fileobj, getattr(fileobj, "name", ""))
    except UploadRefused as refused:
        raise DocxImportError(refused.message) from None
    try:
        return docx.Document(fileobj)
    except Exception as exc:
        raise DocxImportError(
            "无法读取该文件：它不是有效的 Word（.docx）文档，或者文件已损坏。请用 Word 另存为 .docx 后重试。"
        ) from exc


def section_of(text, keywords):
    """The first section whose keyword occurs in the heading ``text`` (its number removed).
    ``keywords``: [(section key, (keyword, …))], checked in order."""
    stripped = HEADING_NUMBER.sub("", text).strip()
    for kind, words in keywords:
        if any(word in stripped for word in words):
            return kind
    return None


def style_name(paragraph):
    return (paragraph.style.name if paragraph.style is not None else "") or ""


def is_heading(paragraph):
    style = style_name(paragraph)
    return style.lower().startswith("heading") or style.startswith("标题")


def is_title(paragraph):
    style = style_name(paragraph)
    return style.lower() == "title" or style == "标题"


def short(text, length=20):
    return text if len(text) <= length else text[:length] + "…"


def paragraph_html(paragraph):
    parts = []
    for run in paragraph.runs:
        if not run.text:
            continue
        text = escape(run.text)
        parts.append(f"<b>{text}</b>" if run.bold else text)
    return f"<p>{''.join(parts) or escape(paragraph.text)}</p>"


def image_ok(data, filename):
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
        return False
    from PIL import Image as PILImage

    try:
        check_image_pixels(BytesIO(data), filename)
        PILImage.open(BytesIO(data)).verify()
    except Exception:  # too many pixels, damaged or unknown: the picture is listed as skipped
        return False
    return True


class ParsedImage:
    def __init__(self, data, filename, caption=""):
        self.data, self.filename, self.caption = data, filename, caption


class OutlineParser:
    """Walks a document: the title, headings onto ``sections`` (key → heading) by
    ``keywords``, paragraphs and pictures under the current section. ``result`` needs
    ``title``, ``sections`` ({key: [("paragraph", html) | ("image", ParsedImage)]}) and
    ``unmapped``; subclasses add what their documents carry (tables, a summary)."""

    outline_name = "提纲"
    # A paragraph without a heading style is a heading when it is numbered, this short and
    # names a section ("三、试点成效").
    heading_length = 16

    def __init__(self, document, result, *, sections, keywords):
        self.document = document
        self.result = result
        self.section_headings = sections
        self.keywords = keywords
        self.current = None  # a section key, "unknown" or None (before any heading)
        self.seen_heading = False
        self.table_number = 0

    def run(self):
        from docx.table import Table

        for item in self.document.iter_inner_content():
            if isinstance(item, Table):
                self.table_number += 1
                self.table(item)
            else:
                self.paragraph(item)
        return self.result

    def table(self, table):
        self.result.unmapped.append(
            f"第{self.table_number}个表格未导入，请在编辑页以文字或附件补充"
        )

    def section_of(self, text):
        return section_of(text, self.keywords)

    def paragraph(self, paragraph):
        text = paragraph.text.strip()
        if is_title(paragraph) and text and not self.result.title:
            self.result.title = text
            return
        kind = self.section_of(text) if text else None
        number = HEADING_NUMBER.match(text) if text else None
        looks_like_heading = is_heading(paragraph) or (
            kind and len(text) <= self.heading_length and number and number.group()
        )
        if text and looks_like_heading:
            self.seen_heading = True
            self.heading(kind, text)
            return
        for image in self.images(paragraph):
            self.add_image(image)
        if text:
            self.add_text(paragraph, text)

    def heading(self, kind, text):
        if kind:
            self.current = kind
        else:
            self.current = "unknown"
            self.result.unmapped.append(
                f"标题“{short(text)}”不属于{self.outline_name}的章节，其下内容未导入"
            )

    def images(self, paragraph):
        for rel_id in paragraph._element.xpath(".//a:blip/@r:embed"):
            part = self.document.part.related_parts.get(rel_id)
            if part is not None:
                yield ParsedImage(part.blob, os.path.basename(str(part.partname)))

    def add_image(self, image):
        if self.current not in self.section_headings:
            self.result.unmapped.append(f"图片 {image.filename} 不在任何章节之下，未导入")
        elif not image_ok(image.data, image.filename):
            self.result.unmapped.append(
                f"图片 {image.filename} 的格式不受支持（仅支持 JPG、PNG、GIF、WebP），未导入"
            )
        else:
            self.result.sections.setdefault(self.current, []).append(("image", image))

    def add_section_text(self, paragraph, text):
        """Text under a known section; a short "图…" line after a picture is its caption."""
        blocks = self.result.sections.setdefault(self.current, [])
        previous = blocks[-1] if blocks else None
        if (
            previous
            and previous[0] == "image"
            and not previous[1].caption
            and text.startswith("图")
            and len(text) <= 60
        ):
            previous[1].caption = text
            return
        blocks.append(("paragraph", paragraph_html(paragraph)))

    def add_text(self, paragraph, text):
        if self.current in self.section_headings:
            self.add_section_text(paragraph, text)
        elif self.current is None and not self.result.title:
            self.result.title = text
        elif self.current is None:
            self.result.unmapped.append(f"正文开头的段落“{short(text)}”不在任何章节之下，未导入")
