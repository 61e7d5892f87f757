"""The blocks a lesson is written in.

The notice asks bodies to be the enterprise's "翻译官": each clause block puts the standard's
wording and the plain-language reading side by side, and the risk → control block follows
"有风险才有制度" (a control exists because a risk does, and a record proves it runs).
Question blocks feed the course's assessment (学习+考评).

Docs: https://docs.wagtail.org/en/stable/topics/streamfield.html
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

SIMPLE_RICH_TEXT = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class ClauseBlock(blocks.StructBlock):
    clause = SnippetChooserBlock("library.Clause", label="条款")
    requirement = blocks.TextBlock(
        label="标准原文摘录", max_length=400, help_text="简短摘录该条款的要求，不超过 400 字"
    )
    plain_reading = blocks.RichTextBlock(
        label="大白话解读", features=SIMPLE_RICH_TEXT, help_text="用企业听得懂的话说清楚要做什么"
    )

    class Meta:
        icon = "doc-full"
        label = "条款解读（原文 ↔ 大白话）"
        template = "courses/blocks/clause_block.html"


class CaptionedDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件", help_text="PDF、PPT 或 Word 课件")
    caption = blocks.CharBlock(label="说明", required=False, max_length=120)

    class Meta:
        icon = "doc-full-inverse"
        label = "课件下载"
        template = "courses/blocks/document_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label="视频链接", help_text="视频平台的分享链接")
    caption = blocks.CharBlock(label="说明", required=False, max_length=120)

    class Meta:
        icon = "media"
        label = "视频"
        template = "courses/blocks/video_block.html"


class RiskControlBlock(blocks.StructBlock):
    risk = blocks.TextBlock(label="风险", help_text="不管会出什么问题")
    control = blocks.TextBlock(label="控制措施", help_text="制度或做法：谁、什么时候、怎么做")
    record = blocks.CharBlock(
        label="证明记录", max_length=200, help_text="哪张表、哪份记录能证明做了"
    )

    class Meta:
        icon = "warning"
        label = "风险 → 控制 → 记录"
        template = "courses/blocks/risk_control_block.html"


class WorkedExampleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="例子标题", max_length=100)
    situation = blocks.TextBlock(label="情景")
    approach = blocks.RichTextBlock(label="企业怎么做", features=SIMPLE_RICH_TEXT)
    result = blocks.TextBlock(label="效果", required=False)

    class Meta:
        icon = "pick"
        label = "实例讲解"
        template = "courses/blocks/worked_example_block.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="选项", max_length=200)
    correct = blocks.BooleanBlock(label="正确答案", required=False)

    class Meta:
        icon = "radio-full"
        label = "选项"


SINGLE, MULTIPLE = "single", "multiple"
QUESTION_KINDS = [(SINGLE, "单选题"), (MULTIPLE, "多选题")]


def check_correct_count(kind, correct_flags):
    """The one rule for a question's right answers (lesson blocks and the question bank)."""
    correct = sum(1 for flag in correct_flags if flag)
    if correct == 0:
        return ["请至少标出一个正确答案"]
    if kind == SINGLE and correct != 1:
        return ["单选题只能有一个正确答案"]
    return []


class QuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label="题目")
    kind = blocks.ChoiceBlock(label="题型", choices=QUESTION_KINDS, default=SINGLE)
    # A new question starts with the two choices it needs at least.
    choices = blocks.ListBlock(
        ChoiceBlock(),
        label="选项",
        min_num=2,
        max_num=8,
        default=[{"text": "", "correct": False}, {"text": "", "correct": False}],
    )
    explanation = blocks.TextBlock(
        label="答案解析", help_text="考评合格或用完考评次数后展示给学员，说明为什么"
    )

    class Meta:
        icon = "help"
        label = "考评题"
        template = "courses/blocks/question_block.html"

    def clean(self, value):
        value = super().clean(value)
        messages = check_correct_count(
            value["kind"], [choice["correct"] for choice in value["choices"]]
        )
        if messages:
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(message) for message in messages]
            )
        return value

    def get_searchable_content(self, value):
        # Quiz text is never indexed: search snippets would reveal the questions and answers.
        return []


class LessonBodyBlock(blocks.StreamBlock):
    clause = ClauseBlock()
    text = blocks.RichTextBlock(
        label="正文", features=[*SIMPLE_RICH_TEXT, "h2", "blockquote"], icon="pilcrow"
    )
    image = ImageBlock(label="图片", template="courses/blocks/image_block.html")
    document = CaptionedDocumentBlock()
    video = VideoBlock()
    risk_control = RiskControlBlock()
    example = WorkedExampleBlock()
    question = QuestionBlock()
