"""A pilot region's self-assessment report (附件2) written in Word → a draft ``PilotReportPage``.

The outline's headings (一、背景需求 …（三）典型经验 … 六、下一步工作计划及建议) are mapped onto
the report's sections by ``library.docx_outline``, the same reader the case import uses;
paragraphs and pictures follow their heading. What cannot be placed is listed."""

from dataclasses import dataclass, field
from io import BytesIO

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from library import campaigns
from library.docx_outline import DocxImportError, OutlineParser, all_or_nothing, open_document
from library.drafts import free_slug
from reports.models import PilotReportPage
from reports.outline import REPORT_HEADINGS, REPORT_KEYWORDS, REPORT_OUTLINE


@dataclass
class ParsedReport:
    title: str = ""
    sections: dict = field(default_factory=dict)
    unmapped: list = field(default_factory=list)


class _Parser(OutlineParser):
    outline_name = "自评报告参考提纲"
    heading_length = 24

    def __init__(self, document):
        super().__init__(
            document, ParsedReport(), sections=REPORT_HEADINGS, keywords=REPORT_KEYWORDS
        )


def parse_report(fileobj) -> ParsedReport:
    document = open_document(fileobj)
    try:
        return _Parser(document).run()
    except DocxImportError:
        raise
    except Exception as exc:
        raise DocxImportError("无法读取该文件的内容，请用 Word 另存为 .docx 后重试。") from exc


def import_report(fileobj, section, user, campaign=None):
    """A draft report under ``section`` (a ``PilotReportsSection``), all or nothing;
    returns (page, unmapped)."""
    parsed = parse_report(fileobj)
    unmapped = list(parsed.unmapped)
    campaign = campaign or campaigns.current()
    if campaign is None:
        raise DocxImportError("尚未建立年度行动，无法导入")
    title = parsed.title or f"{section.region.name}{campaign.year}年区域试点自评报告"
    for key, heading, _ in REPORT_OUTLINE:
        if key not in parsed.sections and key not in ("background", "experience"):
            unmapped.append(f"文档中没有“{heading}”的正文，请在编辑页补写")
    Image = get_image_model()
    with all_or_nothing() as saved:
        body = []
        for key, _, _ in REPORT_OUTLINE:
            content = []
            for kind, value in parsed.sections.get(key, []):
                if kind == "paragraph":
                    content.append(("paragraph", RichText(value)))
                    continue
                image = Image(
                    title=value.caption or f"{title} · {value.filename}",
                    file=ImageFile(BytesIO(value.data), name=value.filename),
                    uploaded_by_user=user,
                )
                image.save()
                saved.append(image.file.name)
                content.append(("image", {"image": image, "caption": value.caption}))
            if content:
                body.append(("section", {"kind": key, "content": content}))
        page = PilotReportPage(
            title=title[:255],
            slug=free_slug(section, title, "report"),
            campaign=campaign,
            body=body,
            owner=user,
            live=False,
        )
        section.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page, unmapped
