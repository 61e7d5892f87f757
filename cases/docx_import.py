"""Turn a case written in Word the usual way into a draft ``CasePage``.

Districts write their cases in Word: a title, a table of enterprise details, headings for
the outline's sections, a table of before/after figures and pictures in the text. The
import reads that shape (``parse_docx``, no database), then creates the draft, its images
and metrics in one transaction (``import_case``). Whatever it cannot place is listed for
the user instead of silently dropped; a file it cannot read at all creates nothing.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cases.blocks import SECTION_HEADINGS
from cases.models import CaseMetric, CasePage
from cases.models.metrics import KINDS, OTHER
from library import campaigns
from library.credit_code import is_valid, normalise
from library.docx_outline import DocxImportError, OutlineParser, all_or_nothing, open_document
from library.docx_outline import short as _short
from library.drafts import free_slug
from library.names import match_name

__all__ = ["DocxImportError", "import_case", "parse_docx"]

# Heading keywords, checked in this order; the first that occurs in a heading wins.
SECTION_KEYWORDS = [
    ("summary", ("案例摘要", "摘要")),
    ("background", ("企业概况", "企业基本情况", "企业简介", "背景")),
    ("diagnosis", ("问题诊断", "诊断", "存在问题", "主要问题")),
    ("measures", ("帮扶措施", "帮扶举措", "帮扶过程", "帮扶做法")),
    ("system", ("体系建设", "体系运行", "体系的建立")),
    ("experience", ("经验", "推广价值", "可复制")),
    ("results", ("成效", "绩效", "效果")),
]
INFO_KEYS = {
    "企业名称": "enterprise_name",
    "统一社会信用代码": "credit_code",
    "信用代码": "credit_code",
    "企业规模": "enterprise_size",
    "规模": "enterprise_size",
    "所属行业": "industry",
    "行业": "industry",
    "所在区": "district",
    "所属区": "district",
    "试点区域": "pilot_region",
    "所属试点区域": "pilot_region",
    "年度": "campaign",
    "所属年度": "campaign",
    "案例年度": "campaign",
    "帮扶认证机构": "helping_body",
    "帮扶机构": "helping_body",
    "帮扶专家": "helping_experts",
    "案例名称": "title",
    "案例标题": "title",
}
METRIC_ALIASES = {
    "合格率": "pass_rate",
    "一次交检合格率": "first_pass_yield",
    "一次交验合格率": "first_pass_yield",
    "不良品率": "defect_rate",
    "次品率": "defect_rate",
    "废品率": "defect_rate",
    "顾客满意度": "customer_satisfaction",
    "客户投诉率": "complaint_rate",
    "顾客投诉率": "complaint_rate",
    "年产值": "output_value",
    "总产值": "output_value",
    "出口额": "export_value",
}
METRIC_NAMES = {kind.name: key for key, kind in KINDS.items() if key != OTHER} | METRIC_ALIASES
# Free rows whose name says a fall is an improvement (返工工时 320 → 95 is good news).
LOWER_IS_BETTER_WORDS = (
    "返工",
    "不良",
    "投诉",
    "次品",
    "废品",
    "缺陷",
    "成本",
    "周期",
    "损失",
    "停线",
    "事故",
    "退货",
)
NONE_VALUES = {"", "无", "否", "—", "-", "/", "不适用"}


@dataclass
class ParsedCase:
    title: str = ""
    info: dict = field(default_factory=dict)
    summary: str = ""
    sections: dict = field(
        default_factory=dict
    )  # kind -> [("paragraph", html) | ("image", ParsedImage)]
    metrics: list = field(default_factory=list)  # unsaved CaseMetric rows
    unmapped: list = field(default_factory=list)


@dataclass
class ImportResult:
    page: CasePage
    unmapped: list
    # What the import inferred rather than read: names the document wrote differently from
    # the register, matched by their short form (华正认证 → 天津华正认证有限公司), and the
    # clauses suggested from the text. Shown for the author to confirm.
    loose_matches: list = field(default_factory=list)


def _number(raw):
    text = re.sub(r"[,，\s%％]|万元|元|人|个|家", "", raw or "")
    if text in NONE_VALUES:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(raw) from exc


class _Parser(OutlineParser):
    outline_name = "案例提纲"

    def __init__(self, document):
        super().__init__(
            document, ParsedCase(), sections=SECTION_HEADINGS, keywords=SECTION_KEYWORDS
        )
        self.case = self.result

    def add_text(self, paragraph, text):
        if self.current == "summary":
            self.case.summary = (self.case.summary + text).strip()
        else:
            super().add_text(paragraph, text)

    # Tables
    def table(self, table):
        rows = []
        for row in table.rows:
            values, seen = [], []
            for cell in row.cells:
                # Merged cells repeat in python-docx; keep each once.
                if any(cell._tc is tc for tc in seen):
                    continue
                seen.append(cell._tc)
                values.append(cell.text.strip())
            rows.append(values)
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        header = rows[0]
        if (
            any("指标" in cell for cell in header)
            and any("前" in cell for cell in header)
            and any("后" in cell for cell in header)
        ):
            self.metrics_table(header, rows[1:])
        elif any(self.info_key(cell) for row in rows for cell in row[::2]):
            self.info_table(rows)
        elif self.current in self.section_headings:
            # Any other table under a section is kept as a table of that section.
            width = max(len(row) for row in rows)
            data = [row + [""] * (width - len(row)) for row in rows]
            self.case.sections.setdefault(self.current, []).append(
                ("table", {"data": data, "first_row_is_table_header": True})
            )
        else:
            self.case.unmapped.append(
                f"第{self.table_number}个表格（{len(rows)}行）不在任何章节之下，"
                "也不是企业信息表或绩效指标表，未导入"
            )

    @staticmethod
    def info_key(cell):
        return INFO_KEYS.get(cell.replace(" ", "").rstrip("：:"))

    def info_table(self, rows):
        for row in rows:
            for index in range(0, len(row) - 1, 2):
                label, value = row[index], row[index + 1]
                key = self.info_key(label)
                if key:
                    self.case.info[key] = value
                elif label:
                    self.case.unmapped.append(f"企业信息表中的“{_short(label)}”未能识别，未导入")
            if len(row) % 2 and row[-1] and not self.info_key(row[-1]):
                self.case.unmapped.append(f"企业信息表中的“{_short(row[-1])}”未能识别，未导入")

    def metrics_table(self, header, rows):
        def column(*words):
            for index, cell in enumerate(header):
                if any(word in cell for word in words):
                    return index
            return None

        name_col = column("指标")
        unit_col = column("单位")
        before_col = column("提升前", "帮扶前", "前")
        after_col = column("提升后", "帮扶后", "后")
        period_col = column("期间", "时间", "周期")

        def cell(row, index):
            return row[index].strip() if index is not None and index < len(row) else ""

        for row in rows:
            name = cell(row, name_col)
            if not name:
                continue
            raw_before, raw_after = cell(row, before_col), cell(row, after_col)
            try:
                before, after = _number(raw_before), _number(raw_after)
            except ValueError as exc:
                self.case.unmapped.append(
                    f"绩效指标“{_short(name)}”的数值“{exc.args[0]}”不是数字，该行未导入"
                )
                continue
            kind = METRIC_NAMES.get(name, OTHER)
            unit = cell(row, unit_col).replace("％", "%")
            if not unit and ("%" in raw_before or "%" in raw_after or "％" in raw_before):
                unit = "%"
            metric = CaseMetric(
                kind=kind,
                label="" if kind != OTHER else name,
                unit="" if kind != OTHER and unit == KINDS[kind].unit else unit,
                before=before,
                after=after,
                period=cell(row, period_col),
                higher_is_better=not any(word in name for word in LOWER_IS_BETTER_WORDS),
            )
            problems = metric.problems()
            if problems:
                reasons = "；".join(message for _, message in problems)
                self.case.unmapped.append(f"绩效指标“{_short(name)}”未导入：{reasons}")
                continue
            self.case.metrics.append(metric)


def parse_docx(fileobj) -> ParsedCase:
    document = open_document(fileobj)
    try:
        return _Parser(document).run()
    except DocxImportError:
        raise
    except Exception as exc:
        raise DocxImportError(
            "无法读取该文件：它不是有效的 Word（.docx）文档，或者文件已损坏。请用 Word 另存为 .docx 后重试。"
        ) from exc


# Turning the parsed values into the case's fields.
def _match(model, written, what, loose):
    item, is_loose = match_name(written, [(obj.name, obj) for obj in model.objects.order_by("pk")])
    if item and is_loose:
        loose.append(f"{what}“{written}”已对应为“{item.name}”，请核对")
    return item


def _resolve(parsed, section, unmapped, loose):
    from library.models import CertificationBody, Expert, Industry, PilotRegion

    info = parsed.info
    values, experts = {}, []
    if info.get("enterprise_name"):
        values["enterprise_name"] = info["enterprise_name"][:100]
    if "credit_code" in info:
        code = normalise(info["credit_code"])
        if is_valid(code):
            values["credit_code"] = code
        else:
            unmapped.append(
                f"统一社会信用代码“{info['credit_code']}”无效（位数或校验码不对），未导入"
            )
    if "enterprise_size" in info:
        size = info["enterprise_size"]
        if "小型" in size:
            values["enterprise_size"] = "small"
        elif "微型" in size:
            values["enterprise_size"] = "micro"
        else:
            unmapped.append(f"企业规模“{size}”应为小型或微型，未导入")
    if info.get("industry"):
        industry = _match(Industry, info["industry"], "所属行业", loose)
        if industry:
            values["industry"] = industry
        else:
            unmapped.append(f"所属行业“{info['industry']}”不在行业列表中，未导入")
    if info.get("district") and info["district"] not in (
        section.district.name,
        section.district.short_name,
    ):
        unmapped.append(
            f"文档写明所在区为“{info['district']}”，案例已按导入位置记为{section.district.name}"
        )
    pilot = info.get("pilot_region", "")
    if pilot not in NONE_VALUES:
        region = (
            PilotRegion.objects.filter(name=pilot).first()
            or PilotRegion.objects.filter(name__startswith=pilot.removesuffix("试点")).first()
        )
        if region:
            values["pilot_region"] = region
        else:
            unmapped.append(f"试点区域“{pilot}”不是四个试点区域之一，未导入")
    if info.get("campaign"):
        year = re.search(r"\d{4}", info["campaign"])
        campaign = campaigns.for_year(int(year.group())) if year else None
        if campaign:
            values["campaign"] = campaign
        else:
            unmapped.append(
                f"年度“{info['campaign']}”没有对应的年度行动，未导入（请市级编辑先开启该年度行动）"
            )
    else:
        values["campaign"] = campaigns.current()  # the current year unless the document says
    if info.get("helping_body"):
        body = _match(CertificationBody, info["helping_body"], "帮扶认证机构", loose)
        if body:
            values["helping_body"] = body
        else:
            unmapped.append(f"帮扶认证机构“{info['helping_body']}”不在认证机构名录中，未导入")
    for name in filter(None, re.split(r"[、,，;；\s]+", info.get("helping_experts", ""))):
        candidates = list(Expert.objects.filter(name=name))
        body = values.get("helping_body")
        # Two experts may share a name: prefer the one from the helping body.
        expert = next(
            (e for e in candidates if body and e.certification_body_id == body.pk),
            candidates[0] if candidates else None,
        )
        if expert:
            experts.append(expert)
        else:
            unmapped.append(f"帮扶专家“{name}”不在专家库中，未导入")
    return values, experts


# A GB/T 19001 clause number in the text (sections 4 to 10), not part of a longer number.
CLAUSE_NUMBER = re.compile(r"(?<![\d.])((?:10|[4-9])(?:\.\d{1,2}){1,3})(?![\d]|\.\d)")


def suggested_clauses(text):
    """The clauses a case's text names, by number ("8.5.1") or by title ("不合格输出的控制"):
    the import ticks them and the author keeps or changes them."""
    from library.models import Clause

    numbers = set(CLAUSE_NUMBER.findall(text))
    return [
        clause
        for clause in Clause.objects.order_by("pk")
        if clause.number in numbers
        or (len(clause.title) >= 4 and clause.title != "总则" and clause.title in text)
    ]


def import_case(fileobj, section, user) -> ImportResult:
    """Create a draft case under ``section`` from a .docx, all or nothing."""
    parsed = parse_docx(fileobj)
    unmapped, loose = list(parsed.unmapped), []
    values, experts = _resolve(parsed, section, unmapped, loose)
    title = (parsed.info.get("title") or parsed.title or "").strip()
    if not title:
        title = f"{values.get('enterprise_name', '未命名企业')}优良实践案例"
        unmapped.append("文档没有案例标题，已按企业名称生成，请修改")
    summary = parsed.summary
    if len(summary) > 500:
        unmapped.append("案例摘要超过 500 字，已截断，请精简")
        summary = summary[:500]
    for kind, heading in SECTION_HEADINGS.items():
        if kind not in parsed.sections:
            unmapped.append(f"文档中没有“{heading}”章节的正文，请在编辑页补写")

    Image = get_image_model()
    with all_or_nothing() as saved_files:
        body = []
        for kind in SECTION_HEADINGS:
            content = []
            for block_type, value in parsed.sections.get(kind, []):
                if block_type == "paragraph":
                    content.append(("paragraph", RichText(value)))
                    continue
                if block_type == "table":
                    content.append(("table", value))
                    continue
                image = Image(
                    title=value.caption or f"{title} · {value.filename}",
                    file=ImageFile(BytesIO(value.data), name=value.filename),
                    collection=section.district.collection,
                    uploaded_by_user=user,
                )
                image.save()
                saved_files.append(image.file.name)
                content.append(("image", {"image": image, "caption": value.caption}))
            if content:
                body.append(("section", {"kind": kind, "content": content}))
        page = CasePage(
            title=title[:255],
            slug=free_slug(section, title, "case"),
            summary=summary,
            body=body,
            owner=user,
            live=False,
            **values,
        )
        page.metrics = parsed.metrics
        page.helping_experts = experts
        text = " ".join(
            [title, summary]
            + [v for blocks in parsed.sections.values() for t, v in blocks if t == "paragraph"]
        )
        clauses = suggested_clauses(re.sub(r"<[^>]+>", "", text))
        page.clauses = clauses
        if clauses:
            loose.append("按正文建议的条款：" + "、".join(c.number for c in clauses) + "，请核对")
        section.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return ImportResult(page=page, unmapped=unmapped, loose_matches=loose)
