"""The read API of the public library (/api/v1/, django-ninja): published courses, their
lessons and cases with their facets, described by OpenAPI at /api/v1/openapi.json (docs at
/api/v1/docs).

Only live pages anyone may see (``live().public()``): drafts, unpublished and restricted pages
never appear. No personal data: no enterprise contacts, credit codes, experts or learners; a
lesson's blocks (quiz questions among them) stay on its page. Query parameters are read through
``library.params``, so bad input is a 400 with a Chinese message, never a 500.
"""

from django.core.exceptions import BadRequest
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from library import params
from library.params import BadParameter

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

api = NinjaAPI(
    title="天津市小微企业质量管理体系认证提升行动 · 公开资料库 API",
    version="1",
    description=(
        "只读接口：已发布的培训课程、课时和优良实践案例及其分面（认证机构、区、行业、条款、年度）。"
        '不含任何个人信息。参数错误时返回 400 和中文说明 `{"error": ...}`。'
    ),
    urls_namespace="api_v1",
    docs_url="/docs",
)


def _error(request, message, status):
    return api.create_response(request, {"error": message}, status=status)


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return _error(request, getattr(exc, "message", "请求无效。"), 400)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return _error(request, "请求参数格式不正确。", 400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, str(exc) or "没有找到。", 404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, str(exc), exc.status_code)


# Schemas
class Named(Schema):
    id: int
    name: str


class ClauseOut(Schema):
    number: str
    title: str


class LessonOut(Schema):
    id: int
    title: str
    url: str
    course_id: int
    introduction: str
    minutes: int | None
    clauses: list[ClauseOut]


class CourseOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    year: int | None
    body: Named | None
    industries: list[Named]
    audiences: list[str]
    clauses: list[ClauseOut]
    first_published_at: str | None


class CourseDetail(CourseOut):
    lessons: list[LessonOut]


class CaseOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    year: int | None
    district: Named | None
    pilot_region: Named | None
    industry: Named | None
    body: Named | None
    clauses: list[ClauseOut]
    first_published_at: str | None


class Paged(Schema):
    count: int
    page: int
    pages: int
    page_size: int


class CoursePage_(Paged):
    results: list[CourseOut]


class LessonPage_(Paged):
    results: list[LessonOut]


class CasePage_(Paged):
    results: list[CaseOut]


class Error(Schema):
    error: str


# Reading the filters (library.params: 400 with a Chinese message)
FILTER_HELP = {
    "body": "认证机构编号",
    "district": "区编号",
    "industry": "行业编号",
    "clause": "GB/T 19001 条款号，如 8.4.1",
    "year": "年度，如 2025",
    "page": "页码，从 1 开始",
    "page_size": f"每页条数，1 到 {MAX_PAGE_SIZE}",
}


def _record(request, name, model, label):
    pk = params.model_id(request.GET, name, required=False, label=name)
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise BadParameter(f"参数“{name}”：没有编号为 {pk} 的{label}。")
    return found


def _clause(request):
    from library.models import Clause

    number = params.raw(request.GET, "clause", max_length=12)
    if not number:
        return None
    clause = Clause.objects.filter(number=number).first()
    if clause is None:
        raise BadParameter(f"参数“clause”：没有条款“{params.shown(number)}”（应形如 8.4.1）。")
    return clause


def _paginate(request, queryset, serialise):
    page = params.page_number(request.GET)
    size = params.integer(
        request.GET, "page_size", default=DEFAULT_PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE
    )
    count = queryset.count()
    pages = max(1, -(-count // size))
    items = queryset[(page - 1) * size : page * size]
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "page_size": size,
        "results": [serialise(item) for item in items],
    }


def _named(obj):
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _clauses(queryset):
    return [{"number": c.number, "title": c.title} for c in queryset.order_by("sort_key", "pk")]


def _published(obj):
    return obj.first_published_at.isoformat() if obj.first_published_at else None


def _live(model):
    return model.objects.live().public()


def _lesson(lesson):
    return {
        "id": lesson.pk,
        "title": lesson.title,
        "url": lesson.get_full_url() or lesson.url,
        "course_id": lesson.get_parent().pk,
        "introduction": lesson.introduction,
        "minutes": lesson.minutes,
        "clauses": _clauses(lesson.clauses.all()),
    }


def _course(course):
    from courses.models import LessonPage
    from library.models import Clause

    lessons = _live(LessonPage).child_of(course)
    return {
        "id": course.pk,
        "title": course.title,
        "url": course.get_full_url() or course.url,
        "summary": course.summary,
        "year": course.campaign.year if course.campaign_id else None,
        "body": _named(course.certification_body),
        "industries": [_named(i) for i in course.industries.order_by("sort_order", "pk")],
        "audiences": list(course.audience_labels()),
        "clauses": _clauses(Clause.objects.filter(lessons__in=lessons).distinct()),
        "first_published_at": _published(course),
    }


def _case(case):
    return {
        "id": case.pk,
        "title": case.title,
        "url": case.get_full_url() or case.url,
        "summary": case.summary,
        "year": case.campaign.year if case.campaign_id else None,
        "district": _named(case.district),
        "pilot_region": _named(case.pilot_region),
        "industry": _named(case.industry),
        "body": _named(case.helping_body),
        "clauses": _clauses(case.clauses.all()),
        "first_published_at": _published(case),
    }


def _courses_filtered(request):
    from courses.models import CoursePage, LessonPage
    from library.models import CertificationBody, Industry

    courses = _live(CoursePage).select_related("campaign")
    body = _record(request, "body", CertificationBody, "认证机构")
    if body is not None:
        section = body.courses_section
        if section is None:
            return courses.none()
        courses = courses.child_of(section)
    industry = _record(request, "industry", Industry, "行业")
    if industry is not None:
        courses = courses.filter(industries=industry)
    year = params.year(request.GET)
    if year is not None:
        courses = courses.filter(campaign__year=year)
    clause = _clause(request)
    if clause is not None:
        steplen = CoursePage.steplen
        paths = {
            path[:-steplen]
            for path in _live(LessonPage).filter(clauses=clause).values_list("path", flat=True)
        }
        courses = courses.filter(path__in=paths)
    return courses.order_by("-first_published_at", "pk")


@api.get(
    "/courses/",
    response={200: CoursePage_, 400: Error},
    summary="已发布的培训课程",
    tags=["课程"],
)
def list_courses(
    request,
    body: str | None = None,
    industry: str | None = None,
    clause: str | None = None,
    year: str | None = None,
    page: str | None = None,
    page_size: str | None = None,
):
    """按认证机构、行业、条款（课程下任一课时涉及）和年度筛选，分页。"""
    return _paginate(request, _courses_filtered(request), _course)


@api.get(
    "/courses/{course_id}/",
    response={200: CourseDetail, 404: Error},
    summary="一门课程及其课时",
    tags=["课程"],
)
def course_detail(request, course_id: int):
    from courses.models import CoursePage, LessonPage

    course = _live(CoursePage).filter(pk=course_id).first()
    if course is None:
        raise Http404("没有找到该课程。")
    data = _course(course)
    data["lessons"] = [
        _lesson(lesson) for lesson in _live(LessonPage).child_of(course).order_by("path")
    ]
    return data


@api.get(
    "/lessons/",
    response={200: LessonPage_, 400: Error},
    summary="已发布课程中已发布的课时",
    tags=["课程"],
)
def list_lessons(
    request,
    course: str | None = None,
    clause: str | None = None,
    page: str | None = None,
    page_size: str | None = None,
):
    """按课程编号和条款筛选，分页。课时正文（含测验题）不在接口中提供。"""
    from courses.models import CoursePage, LessonPage

    lessons = _live(LessonPage)
    live_courses = _live(CoursePage).values_list("path", flat=True)
    steplen = LessonPage.steplen
    course_id = params.model_id(request.GET, "course", required=False)
    if course_id is not None:
        lessons = lessons.filter(path__startswith=_course_path(course_id))
    clause_obj = _clause(request)
    if clause_obj is not None:
        lessons = lessons.filter(clauses=clause_obj)
    live_paths = set(live_courses)
    ids = [pk for pk, path in lessons.values_list("pk", "path") if path[:-steplen] in live_paths]
    return _paginate(request, LessonPage.objects.filter(pk__in=ids).order_by("path"), _lesson)


def _course_path(course_id):
    from courses.models import CoursePage

    course = _live(CoursePage).filter(pk=course_id).first()
    if course is None:
        raise BadParameter(f"参数“course”：没有编号为 {course_id} 的已发布课程。")
    return course.path


@api.get(
    "/lessons/{lesson_id}/",
    response={200: LessonOut, 404: Error},
    summary="一个课时",
    tags=["课程"],
)
def lesson_detail(request, lesson_id: int):
    from courses.models import CoursePage, LessonPage

    lesson = _live(LessonPage).filter(pk=lesson_id).first()
    if lesson is None or not _live(CoursePage).filter(path=lesson.path[: -lesson.steplen]).exists():
        raise Http404("没有找到该课时。")
    return _lesson(lesson)


def _cases_filtered(request):
    from cases.models import CasePage
    from library.models import CertificationBody, District, Industry

    cases = _live(CasePage).select_related(
        "campaign", "district", "pilot_region", "industry", "helping_body"
    )
    for name, model, label, field in (
        ("body", CertificationBody, "认证机构", "helping_body"),
        ("district", District, "区", "district"),
        ("industry", Industry, "行业", "industry"),
    ):
        found = _record(request, name, model, label)
        if found is not None:
            cases = cases.filter(**{field: found})
    year = params.year(request.GET)
    if year is not None:
        cases = cases.filter(campaign__year=year)
    clause = _clause(request)
    if clause is not None:
        cases = cases.filter(clauses=clause)
    return cases.order_by("-first_published_at", "pk")


@api.get(
    "/cases/",
    response={200: CasePage_, 400: Error},
    summary="已发布的优良实践案例",
    tags=["案例"],
)
def list_cases(
    request,
    body: str | None = None,
    district: str | None = None,
    industry: str | None = None,
    clause: str | None = None,
    year: str | None = None,
    page: str | None = None,
    page_size: str | None = None,
):
    """按帮扶认证机构、区、行业、条款和年度筛选，分页。不含企业联系人、信用代码和专家等信息。"""
    return _paginate(request, _cases_filtered(request), _case)


@api.get(
    "/cases/{case_id}/",
    response={200: CaseOut, 404: Error},
    summary="一个案例",
    tags=["案例"],
)
def case_detail(request, case_id: int):
    from cases.models import CasePage

    case = _live(CasePage).filter(pk=case_id).first()
    if case is None:
        raise Http404("没有找到该案例。")
    return _case(case)
