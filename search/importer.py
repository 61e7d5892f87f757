"""Bulk import of existing libraries and test corpora (``manage.py import_library``): one
JSON object per line, idempotent by slug, each line in its own savepoint so one bad line
never stops the file."""

import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.rich_text import RichText

LESSON_FEATURES = ["bold", "italic", "ol", "ul", "link", "h2", "h3", "h4", "blockquote"]
CASE_FEATURES = ["bold", "italic", "ol", "ul", "link"]


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
    return [data[name].strip() for name in names]


def _existing(model, slug, parent):
    """The page imported earlier with this slug, moved under ``parent`` if it moved."""
    page = model.objects.filter(slug=slug).first()
    if page is not None and page.get_parent().pk != parent.pk:
        page.move(parent, pos="last-child")
        page = model.objects.get(pk=page.pk)
    return page


def _save(page, parent, publish, existing):
    if existing is None:
        page.live = False
        parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()


def _unique_slug(parent, title):
    base = slugify(title, allow_unicode=True)[:60] or "item"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def certification_body(name):
    from library.models import CertificationBody

    body = CertificationBody.objects.filter(name=name).first()
    if body is None:
        number = 1 + CertificationBody.objects.filter(approval_number__startswith="IMPORT-").count()
        body = CertificationBody.objects.create(name=name, approval_number=f"IMPORT-{number:04d}")
    return body


def course_page(body, title, publish):
    from courses.models import BodyCoursesPage, CoursePage

    section = BodyCoursesPage.objects.filter(certification_body=body).first()
    if section is None:
        raise LineError(f"认证机构“{body.name}”没有课程专栏")
    course = CoursePage.objects.child_of(section).filter(title=title).first()
    if course is None:
        course = CoursePage(title=title, slug=_unique_slug(section, title), summary=title)
        section.add_child(instance=course)
        revision = course.save_revision()
        if publish:
            revision.publish()
    return course


def import_lesson(data, publish):
    from courses.models.lesson import LessonPage
    from library.models import Clause

    slug, title, course_title, organisation = _required(
        data, "slug", "title", "course", "organisation"
    )
    numbers = data.get("clauses") or []
    if not isinstance(numbers, list):
        raise LineError("clauses 应为条款号列表")
    clauses = list(Clause.objects.filter(number__in=numbers))
    unknown = sorted(set(numbers) - {c.number for c in clauses})
    if unknown:
        raise LineError(f"未知条款：{'、'.join(map(str, unknown))}")
    course = course_page(certification_body(organisation), course_title, publish)
    existing = _existing(LessonPage, slug, course)
    lesson = existing or LessonPage(slug=slug)
    lesson.title = title
    lesson.body = [("text", RichText(body_html(data.get("body"), LESSON_FEATURES)))]
    lesson.clauses.set(clauses)
    _save(lesson, course, publish, existing)
    return existing is None


def import_case(data, publish):
    from cases.models import CasePage, DistrictCasesPage
    from library.models import Campaign, District, Industry

    slug, title, district_name, industry_name = _required(
        data, "slug", "title", "district", "industry"
    )
    district = District.objects.filter(name=district_name).first()
    if district is None:
        raise LineError(f"未知的区：{district_name}")
    industry = Industry.objects.filter(name=industry_name).first()
    if industry is None:
        raise LineError(f"未知的行业：{industry_name}")
    campaign = None
    if data.get("year") not in (None, ""):
        campaign = Campaign.objects.filter(year=data["year"]).first()
        if campaign is None:
            raise LineError(f"未知的年度：{data['year']}")
    section = DistrictCasesPage.objects.get(district=district)
    existing = _existing(CasePage, slug, section)
    case = existing or CasePage(slug=slug)
    case.title = title
    case.industry = industry
    case.campaign = campaign
    case.helping_body = (
        certification_body(data["organisation"].strip()) if data.get("organisation") else None
    )
    html = body_html(data.get("body"), CASE_FEATURES)
    case.body = [("section", {"kind": "background", "content": [("paragraph", RichText(html))]})]
    _save(case, section, publish, existing)
    return existing is None


IMPORTERS = {"lesson": import_lesson, "case": import_case}


def import_lines(lines, publish=False):
    report = ImportReport()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise LineError("每行应为一个 JSON 对象")
            importer = IMPORTERS.get(data.get("kind"))
            if importer is None:
                raise LineError(f"kind 应为 lesson 或 case，收到 {data.get('kind')!r}")
            with transaction.atomic():
                created = importer(data, publish)
        except json.JSONDecodeError as error:
            report.failed.append((number, f"不是有效的 JSON：{error.msg}"))
        except LineError as error:
            report.failed.append((number, str(error)))
        except Exception as error:  # any other problem fails this line only
            report.failed.append((number, f"{type(error).__name__}: {error}"))
        else:
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report
