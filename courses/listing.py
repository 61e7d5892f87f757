"""The public course list and its filters (body, audience, industry, clause, year).

Every filter is a database condition and the page is paginated, so the list costs the same
number of queries for ten courses or a thousand.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Length, Substr
from wagtail.images import get_image_model

from courses.learning import attach_bodies, live_lesson_counts
from courses.models import AUDIENCES, BodyCoursesPage, CoursePage, LessonPage
from library.models import Campaign, CertificationBody, Clause, Industry
from library.tree import descendants

PER_PAGE = 12
COVER_FILTER = "fill-480x270"


class CourseFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        label="认证机构",
        queryset=CertificationBody.objects.only("id", "name"),
        required=False,
        empty_label="全部机构",
    )
    audience = forms.ChoiceField(
        label="培训对象", choices=[("", "全部对象"), *AUDIENCES], required=False
    )
    industry = forms.ModelChoiceField(
        label="行业",
        queryset=Industry.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="全部行业",
    )
    clause = forms.ModelChoiceField(
        label="条款",
        queryset=Clause.objects.all(),
        to_field_name="number",
        required=False,
        empty_label="全部条款",
    )
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Campaign.objects.order_by("-year").values_list("year", flat=True)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y} 年") for y in years)]
        self.fields["clause"].label_from_instance = lambda clause: str(clause)


def filter_courses(queryset, data):
    if data.get("body"):
        section = BodyCoursesPage.objects.filter(certification_body=data["body"]).first()
        queryset = descendants(queryset, section) if section else queryset.none()
    if data.get("audience"):
        field = CoursePage._meta.get_field("audiences")
        queryset = queryset.filter(audiences__contains=field.get_lookup_value(data["audience"]))
    if data.get("industry"):
        queryset = queryset.filter(industries=data["industry"])
    if data.get("clause"):
        # A clause includes its sub-clauses: 8.5 finds lessons on 8.5.1 too.
        lesson_parents = (
            LessonPage.objects.live()
            .filter(clauses__sort_key__startswith=data["clause"].sort_key)
            .annotate(parent_path=Substr("path", 1, Length("path") - LessonPage.steplen))
            .values("parent_path")
        )
        queryset = queryset.filter(path__in=lesson_parents)
    if data.get("year"):
        queryset = queryset.filter(campaign__year=data["year"])
    return queryset


def course_list(request):
    form = CourseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    courses = (
        filter_courses(CoursePage.objects.live(), data)
        .select_related("campaign")
        .prefetch_related(
            "industries",
            Prefetch(
                "cover_image",
                queryset=get_image_model().objects.prefetch_renditions(COVER_FILTER),
            ),
        )
        .order_by("-campaign__year", "-first_published_at", "pk")
    )
    paginator = Paginator(courses, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    items = attach_bodies(list(page.object_list))
    counts = live_lesson_counts([course.path for course in items])
    for course in items:
        course.lesson_count = counts.get(course.path, 0)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "courses": items,
        "page_obj": page,
        "paginator": paginator,
        "filter_query": query.urlencode(),
        "is_filtered": bool(data and any(data.values())),
    }
