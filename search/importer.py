"""Bulk import of existing libraries and test corpora (``manage.py import_library``): one
JSON object per line, idempotent by slug, the file in one transaction and each line in its
own savepoint so one bad line never stops the file. New pages are written in bulk
(search.pagewriter; benchmarks/import_bench.py measures the rate)."""

import json
import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.rich_text import RichText

from library.params import has_control_characters
from library.progress import no_progress
from search.pagewriter import PageWriter, SlugTaken, deferred_indexing

LESSON_FEATURES = ["bold", "italic", "ol", "ul", "link", "h2", "h3", "h4", "blockquote"]
CASE_FEATURES = ["bold", "italic", "ol", "ul", "link"]
MAX_LINE_BYTES = 1024 * 1024
# Longest value of each field the pages can store (CharField max_length).
MAX_LENGTHS = {"slug": 255, "title": 255, "course": 255, "organisation": 100}
logger = logging.getLogger(__name__)


class LineError(ValueError):
    """The reason one line was not imported (Chinese, shown in the report)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    failed: list = field(default_factory=list)  # (line number, reason)


def body_html(body, features):
    """Plain text (paragraphs separated by blank lines) or HTML → rich text for the database."""
    body = (body or "").strip()
    if re.search(r"<[a-zA-Z][^>]*>", body):
        return EditorHTMLConverter(features=features).to_database_format(body)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _required(data, *names):
    for name in names:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise LineError(f"缺少字段 {name}")
    values = [data[name].strip() for name in names]
    if "slug" in names:
        try:
            validate_unicode_slug(values[names.index("slug")])
        except ValidationError:
            raise LineError("字段 slug 只能包含字母、数字、下划线和连字符") from None
    return values


def _check_values(data):
    """Every string in the line: no NUL or other control characters (a title with \\x00 is
    refused, not stored), and within the length the page can store."""
    for name, value in data.items():
        if value is not None and not isinstance(value, str | int | list | bool):
            raise LineError(f"字段 {name} 的类型不正确")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and has_control_characters(item):
                raise LineError(f"字段 {name} 包含不允许的控制字符（如 NUL），该行未导入")
            if isinstance(value, list) and not isinstance(item, str):
                raise LineError(f"字段 {name} 应为文字列表")
        limit = MAX_LENGTHS.get(name)
        if limit and isinstance(value, str) and len(value.strip()) > limit:
            raise LineError(f"字段 {name} 过长（最多 {limit} 个字符）")


class Import:
    """One run of the importer: what it looks up again and again (organisations, sections,
    courses, districts, industries, years, clauses), cached, and the page writer."""

    def __init__(self, publish):
        self.publish = publish
        self.writer = PageWriter()
        self._cache = {}

    def cached(self, key, load):
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def forget(self):
        """A line was rolled back: what it created may be gone."""
        self._cache.clear()
        self.writer.forget()


def _existing(run, model, slug, parent):
    """The page imported earlier with this slug, moved under ``parent`` if it moved."""
    slugs = run.cached(("slugs", model), lambda: set(model.objects.values_list("slug", flat=True)))
    if slug not in slugs:
        return None
    page = model.objects.filter(slug=slug).first()
    if page is not None and page.get_parent().pk != parent.pk:
        # Wagtail's move reads the tree: write what the import has added to it first.
        run.writer.flush()
        parent.refresh_from_db(fields=["numchild"])
        page.move(parent, pos="last-child")
        run.writer.moved()
        page = model.objects.get(pk=page.pk)
    return page


def _save(run, page, parent, existing):
    """A new page is written in bulk (search.pagewriter); one imported earlier gets a new
    revision through Wagtail. ``--publish`` goes through the same automatic checks as the
    editors' 发布 button (``review.publication``); a refused line is reported and nothing
    of it is saved."""
    from review.exceptions import ReviewRefused

    try:
        if existing is None:
            try:
                run.writer.create(page, parent, run.publish)
            except SlugTaken:
                raise LineError(f"slug “{page.slug}”已被同一栏目下的其他页面使用") from None
            slugs = run.cached(("slugs", type(page)), set)
            slugs.add(page.slug)  # a later line with this slug updates it
            return
        if run.writer.holds(page):  # created by an earlier line of this file
            run.writer.flush()
            page.refresh_from_db(fields=["latest_revision", "live_revision", "live"])
        revision = page.save_revision()
        if run.publish:
            revision.publish()
    except ReviewRefused as refused:
        raise LineError(f"自动检查未通过，未发布：{refused}") from refused
    run.writer.written(page)


def _unique_slug(parent, title):
    base = slugify(title, allow_unicode=True)[:60] or "item"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def certification_body(run, name):
    from library.models import CertificationBody

    def load():
        body = CertificationBody.objects.filter(name=name).first()
        if body is None:
            imported = CertificationBody.objects.filter(approval_number__startswith="IMPORT-")
            number = 1 + imported.count()
            body = CertificationBody.objects.create(
                name=name, approval_number=f"IMPORT-{number:04d}"
            )
        return body

    return run.cached(("body", name), load)


def course_page(run, body, title):
    from courses.models import BodyCoursesPage, CoursePage

    section = run.cached(
        ("section", body.pk),
        lambda: BodyCoursesPage.objects.filter(certification_body=body).first(),
    )
    if section is None:
        raise LineError(f"认证机构“{body.name}”没有课程专栏")

    def load():
        course = CoursePage.objects.child_of(section).filter(title=title).first()
        if course is None:
            course = CoursePage(title=title, slug=_unique_slug(section, title), summary=title)
            _save(run, course, section, None)
        return course

    return run.cached(("course", section.pk, title), load)


def _clauses(run, data):
    """The clauses a line names ("clauses": ["8.5.1", ...]); unknown numbers refuse the line."""
    from library.models import Clause

    numbers = data.get("clauses") or []
    if not isinstance(numbers, list):
        raise LineError("clauses 应为条款号列表")
    known = run.cached("clauses", lambda: {c.number: c for c in Clause.objects.all()})
    unknown = sorted({str(n) for n in numbers} - set(known))
    if unknown:
        raise LineError(f"未知条款：{'、'.join(unknown)}")
    return [known[number] for number in dict.fromkeys(numbers)]


def import_lesson(data, run):
    from courses.models.lesson import LessonPage

    slug, title, course_title, organisation = _required(
        data, "slug", "title", "course", "organisation"
    )
    clauses = _clauses(run, data)
    course = course_page(run, certification_body(run, organisation), course_title)
    existing = _existing(run, LessonPage, slug, course)
    lesson = existing or LessonPage(slug=slug)
    lesson.title = title
    html = body_html(data.get("body"), LESSON_FEATURES)
    lesson.body = [("text", RichText(html))]
    lesson.clauses.set(clauses)
    _save(run, lesson, course, existing)
    return existing is None


def import_case(data, run):
    from cases.models import CasePage, DistrictCasesPage
    from library.models import Campaign, District, Industry

    slug, title, district_name, industry_name = _required(
        data, "slug", "title", "district", "industry"
    )
    clauses = _clauses(run, data)
    district = run.cached(
        ("district", district_name), lambda: District.objects.filter(name=district_name).first()
    )
    if district is None:
        raise LineError(f"未知的区：{district_name}")
    industry = run.cached(
        ("industry", industry_name), lambda: Industry.objects.filter(name=industry_name).first()
    )
    if industry is None:
        raise LineError(f"未知的行业：{industry_name}")
    campaign = None
    if data.get("year") not in (None, ""):
        year = str(data["year"]).strip()
        if not re.fullmatch(r"[0-9]{4}", year):
            raise LineError(f"年度应为四位数字，收到的是“{year[:20]}”")
        campaign = run.cached(
            ("campaign", year), lambda: Campaign.objects.filter(year=int(year)).first()
        )
        if campaign is None:
            raise LineError(f"未知的年度：{data['year']}")
    section = run.cached(
        ("cases", district.pk), lambda: DistrictCasesPage.objects.get(district=district)
    )
    existing = _existing(run, CasePage, slug, section)
    # A new case takes its district from its section (CasePage.save does it for the others).
    case = existing or CasePage(slug=slug, district=district)
    case.title = title
    case.industry = industry
    case.campaign = campaign
    case.helping_body = (
        certification_body(run, data["organisation"].strip()) if data.get("organisation") else None
    )
    html = body_html(data.get("body"), CASE_FEATURES)
    case.body = [("section", {"kind": "background", "content": [("paragraph", RichText(html))]})]
    case.clauses.set(clauses)
    _save(run, case, section, existing)
    return existing is None


IMPORTERS = {"lesson": import_lesson, "case": import_case}


def _text(line, number):
    """A line as text: bytes are decoded as UTF-8 (a BOM on the first line is dropped)."""
    if isinstance(line, bytes):
        if len(line) > MAX_LINE_BYTES:
            raise LineError("该行超过 1 MB，未导入")
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise LineError("该行不是有效的 UTF-8 文字，请用 UTF-8 编码保存文件") from None
    elif len(line) > MAX_LINE_BYTES:
        raise LineError("该行超过 1 MB，未导入")
    if has_control_characters(line.rstrip("\r\n")):
        raise LineError("该行包含不允许的控制字符（如 NUL），未导入")
    return line.removeprefix("\ufeff") if number == 1 else line


def _reason(error, number):
    """A Chinese reason for an unexpected error; the details go to the log, not the report."""
    if isinstance(error, ValidationError):
        messages = [str(m) for m in error.messages]
        return "数据未通过校验：" + "；".join(messages)
    if isinstance(error, IntegrityError):
        return "与已有数据冲突（例如 slug 已被其他页面使用），该行未导入"
    if isinstance(error, DatabaseError):
        return "数据库拒绝保存该行（可能有过长或无效的值），该行未导入"
    logger.exception("import_library: line %s failed", number)
    return "导入该行时出现内部错误，该行未导入（详情已记入日志）"


def import_lines(lines, publish=False, progress=no_progress):
    """``progress(stage, done, total)`` as lines are done; ``total`` is None for an iterator.

    The file is imported in one transaction, each line in its own savepoint: a refused
    line leaves nothing behind and the others are kept; the search index follows when the
    transaction commits (the outbox, drained in bulk)."""
    run = Import(publish)
    with transaction.atomic(), deferred_indexing():
        report = _import(lines, run, progress)
        run.writer.finish()
    return report


def _import(lines, run, progress):
    report = ImportReport()
    total = len(lines) if hasattr(lines, "__len__") else None
    number = 0
    for number, line in enumerate(lines, start=1):
        progress("导入", number - 1, total)
        if not line.strip():
            continue
        try:
            data = json.loads(_text(line, number))
            if not isinstance(data, dict):
                raise LineError("每行应为一个 JSON 对象")
            _check_values(data)
            importer = IMPORTERS.get(data.get("kind"))
            if importer is None:
                raise LineError(f"kind 应为 lesson 或 case，收到 {data.get('kind')!r}")
            with transaction.atomic():
                created = importer(data, run)
            run.writer.line_kept()
        except json.JSONDecodeError as error:
            report.failed.append((number, f"不是有效的 JSON（第 {error.colno} 个字符附近有误）"))
        except LineError as error:
            run.forget()
            report.failed.append((number, str(error)))
        except Exception as error:  # any other problem fails this line only
            run.forget()
            report.failed.append((number, _reason(error, number)))
        else:
            if created:
                report.created += 1
            else:
                report.updated += 1
    progress("导入", number, total)
    return report
