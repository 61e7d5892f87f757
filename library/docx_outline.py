"""Reading a Word document written to an outline: headings mapped onto the outline's sections
by keywords, the paragraphs and pictures under each heading kept in order, and whatever
cannot be placed listed for the user. Cases (``cases.docx_import``) and the pilot
self-assessment reports (``reports.docx_import``) both read Word files through this.
"""

import logging
import os
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils.html import escape

from library.uploads import UploadRefused, check_image_pixels, check_zip_inflation

HEADING_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．\s]*")


logger = logging.getLogger(__name__)


class DocxImportError(Exception):
    """The file cannot be imported at all; the message says why, in Chinese."""


@contextmanager
def all_or_nothing():
    """One transaction for the draft and its pictures: yields the list the importer appends
    each stored file name to. On any failure the database rolls back, the stored files are
    deleted, and the user gets a Chinese ``DocxImportError`` (never a raw exception text)."""
    from wagtail.images import get_image_model

    saved_files = []
    try:
        with transaction.atomic():
            yield saved_files
    except Exception as exc:
        storage = get_image_model()._meta.get_field("file").storage
        for name in saved_files:
            storage.delete(name)
        if isinstance(exc, DocxImportError):
            raise
        logger.exception("Word import failed")
        raise DocxImportError(
            "导入失败，未创建任何内容。请检查文档后重试，或联系市级编辑。"
        ) from exc


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


# What the outline's rich-text fields allow (cases.blocks.RICH_TEXT_FEATURES).
RICH_TEXT_FEATURES = ("bold", "italic", "ol", "ul", "link")
# Tag a feature allows → the tag Wagtail stores.
FEATURE_TAGS = {
    "bold": {"b": "b", "strong": "b"},
    "italic": {"i": "i", "em": "i"},
    "ol": {"ol": "ol", "li": "li"},
    "ul": {"ul": "ul", "li": "li"},
    "link": {"a": "a"},
}
VOID_TAGS = {"br", "img", "hr", "wbr", "input", "col", "area", "embed", "source"}
SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


class _RichTextFilter(HTMLParser):
    def __init__(self, features):
        super().__init__(convert_charrefs=True)
        self.tags = {"p": "p", "br": "br"}
        for feature in features:
            self.tags.update(FEATURE_TAGS.get(feature, {}))
        self.out, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if tag == "br" and "br" in self.tags:
                self.out.append("<br/>")
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            tag = "p"  # headings inside a section are paragraphs (the section is the heading)
        kept = self.tags.get(tag)
        if kept == "a":
            href = dict(attrs).get("href") or ""
            if not SAFE_LINK.match(href):
                kept = None
            else:
                self.out.append(f'<a href="{escape(href)}">')
        elif kept:
            self.out.append(f"<{kept}>")
        self.open.append(kept)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or not self.open:
            return
        kept = self.open.pop()
        if kept:
            self.out.append(f"</{kept}>")

    def handle_data(self, data):
        self.out.append(escape(data))


def rich_text_html(html, features=RICH_TEXT_FEATURES):
    """``html`` with only what the rich-text ``features`` allow (Wagtail's stored tags:
    b, i, ol/ul/li, a href, p, br); other tags are dropped and their text kept."""
    parser = _RichTextFilter(features)
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    return re.sub(r"<(b|i|p|a[^>]*)>\s*</(b|i|p|a)>", "", text)


def element_html(document):
    """Mammoth's HTML of each top-level paragraph and table of ``document`` (a python-docx
    document), in body order: [(kind, text, html)], kind "paragraph" or "table". Lists,
    numbering, bold, italics and links come through; pictures are left to the outline
    reader. ``None`` when mammoth cannot read the file (the plain reading is used)."""
    import mammoth
    from mammoth import conversion, documents, options

    buffer = BytesIO()
    try:
        document.save(buffer)
        buffer.seek(0)
        body = mammoth.docx.read(buffer).value
        convert = options.read_options({"convert_image": lambda image: []}).value
        items = []
        for element in body.children:
            if isinstance(element, (documents.Paragraph, documents.Table)):
                html = conversion.convert_document_element_to_html(element, **convert).value
                kind = "table" if isinstance(element, documents.Table) else "paragraph"
                items.append((kind, mammoth.extract_raw_text_from_element(element), html))
        return items
    except Exception:  # an unusual file: fall back to python-docx's runs
        return None


def merge_lists(previous, html):
    """Two consecutive list paragraphs as one list: "<ul><li>a</li></ul>" + "<ul><li>b</li></ul>"."""
    for tag in ("ul", "ol"):
        if previous.endswith(f"</{tag}>") and html.startswith(f"<{tag}>"):
            return previous[: -len(f"</{tag}>")] + html[len(f"<{tag}>") :]
    return None


def paragraph_html(paragraph):
    """The plain reading (bold runs only), when mammoth gave nothing for the paragraph."""
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
    rich_text_features = RICH_TEXT_FEATURES
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
        self.html = None  # mammoth's HTML of the paragraph or table being read

    def run(self):
        from docx.table import Table

        items = list(self.document.iter_inner_content())
        converted = element_html(self.document)
        # Mammoth reads the same body in the same order; if the two readings disagree
        # (content controls, tracked changes), each paragraph falls back to its runs.
        if converted is None or len(converted) != len(items):
            converted = [None] * len(items)
        for item, html in zip(items, converted, strict=True):
            kind = "table" if isinstance(item, Table) else "paragraph"
            self.html = html[2] if html and html[0] == kind else None
            if kind == "table":
                self.table_number += 1
                self.table(item)
            else:
                self.paragraph(item)
        return self.result

    def rich_text(self, paragraph):
        """The paragraph as rich text the fields allow: mammoth's reading when there is one."""
        if self.html:
            html = rich_text_html(self.html, self.rich_text_features)
            if html:
                return html
        return paragraph_html(paragraph)

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
        html = self.rich_text(paragraph)
        if previous and previous[0] == "paragraph":
            merged = merge_lists(previous[1], html)
            if merged:
                blocks[-1] = ("paragraph", merged)
                return
        blocks.append(("paragraph", html))

    def add_text(self, paragraph, text):
        if self.current in self.section_headings:
            self.add_section_text(paragraph, text)
        elif self.current is None and not self.result.title:
            self.result.title = text
        elif self.current is None:
            self.result.unmapped.append(f"正文开头的段落“{short(text)}”不在任何章节之下，未导入")
