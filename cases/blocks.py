"""The case body: one block per section of the notices' outline, each holding text,
pictures and attachments.

The 2023 notice asks for cases that show the diagnosis, the help given, the system built
and the measured results; keeping each section a typed block (rather than free headings)
lets the submission checks see which sections are missing and the import map a Word
document's headings onto them.

Docs: https://docs.wagtail.org/en/stable/topics/streamfield.html
"""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# (key, heading) in the order a case is read.
SECTIONS = [
    ("background", "企业概况与背景"),
    ("diagnosis", "问题诊断"),
    ("measures", "帮扶措施"),
    ("system", "体系建设与运行"),
    ("results", "成效"),
    ("experience", "经验与推广价值"),
]
SECTION_HEADINGS = dict(SECTIONS)

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图注", required=False, max_length=120)

    class Meta:
        icon = "image"
        label = "图片"
        template = "cases/blocks/image.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = "附件"
        template = "cases/blocks/attachment.html"


class SectionContentBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label="段落", features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    attachment = AttachmentBlock()


class CaseSectionContentBlock(SectionContentBlock):
    # Tables a Word case carries besides the enterprise and metrics tables (docx import).
    table = TableBlock(label="表格")


class CaseSectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label="章节", choices=SECTIONS)
    content = CaseSectionContentBlock(label="内容")

    class Meta:
        icon = "doc-full-inverse"
        label = "案例章节"


class CaseBodyBlock(blocks.StreamBlock):
    section = CaseSectionBlock()
