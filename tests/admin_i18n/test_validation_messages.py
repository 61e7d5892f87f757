"""Slug clashes and missing required fields are reported in Chinese, and nothing on the
returned form is English, for the forms body users (course, lesson) and district users
(case) fill in: the admin's own message, the field's message, and the page named by a clash."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from cases.models import CasePage
from courses.models import CoursePage, LessonPage
from library.models import District
from tests.admin_i18n.test_admin_walk import english_words
from tests.cases.factories import complete_case
from tests.courses.factories import make_course
from tests.factories import CertificationBodyFactory, body_user, district_user

pytestmark = pytest.mark.django_db

REQUIRED = "必需字段"
NOT_CREATED = "页面未能创建：有内容未通过校验，请按提示修改。"
NOT_SAVED = "页面未能保存：有内容未通过校验，请按提示修改。"


def form_data(client, url, **changes):
    """The form as the admin renders it (StreamFields, drawn by JavaScript, left empty)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    model = response.context["page_class"] if "page_class" in response.context else None
    model = model or type(response.context["page"])
    for field in model._meta.concrete_fields:
        if isinstance(field, StreamField) and f"{field.name}-count" not in data:
            data[f"{field.name}-count"] = "0"
    for name, value in changes.items():
        data[name] = value
    return data


def add_url(model, parent):
    meta = model._meta
    return reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk))


def content_of(*pages, user):
    """Text that is the users' own content, not the interface (titles, names)."""
    names = set(get_user_model().objects.values_list("username", flat=True))
    names |= {user.get_full_name()}
    return names | {page.title for page in pages}


@pytest.fixture
def forms(site_tree):
    """(role, user, model, parent, an existing sibling) for each form."""
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    course = make_course(body, "进货检验怎么做", slug="jinhuo-jianyan")
    lesson = LessonPage(title="第一课 供方选择", slug="gongfang-xuanze", live=False)
    course.add_child(instance=lesson)
    district = District.objects.get(name="北辰区")
    case = complete_case("北辰区", title="北辰精密机械首件检验")
    return {
        "course": ("body", body_user(body), CoursePage, body.courses_section, course),
        "lesson": ("body", body_user(body), LessonPage, course, lesson),
        "case": ("district", district_user(district), CasePage, district.cases_section, case),
    }


@pytest.mark.parametrize("form", ["course", "lesson", "case"])
def test_missing_required_fields_are_reported_in_chinese(client, forms, form):
    role, user, model, parent, sibling = forms[form]
    client.force_login(user)
    url = add_url(model, parent)
    # 提交审核 validates every required field (保存草稿 only the title); the title is empty.
    data = form_data(client, url, title="", slug="xin-ye-mian")
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200, (role, form, response.status_code)
    html = response.content.decode()
    assert NOT_CREATED in html
    assert REQUIRED in html
    assert "This field is required" not in html
    assert not english_words(html, content_of(parent, sibling, user=user)), (role, form)
    assert not model.objects.child_of(parent).exclude(pk=sibling.pk).exists()


@pytest.mark.parametrize("form", ["course", "lesson", "case"])
def test_a_slug_clash_is_reported_in_chinese_naming_the_page(client, forms, form):
    role, user, model, parent, sibling = forms[form]
    client.force_login(user)
    url = add_url(model, parent)
    data = form_data(client, url, title="另一个新页面", slug=sibling.slug)
    response = client.post(url, data)
    assert response.status_code == 200, (role, form, response.status_code)
    html = response.content.decode()
    assert NOT_CREATED in html
    assert f"网址名称“{sibling.slug}”已被同一栏目下的" in html and f"“{sibling.title}”使用" in html
    assert "already in use" not in html
    assert not english_words(html, content_of(parent, sibling, user=user) | {sibling.slug})


def test_changing_a_slug_to_a_siblings_is_refused_in_chinese(client, forms):
    _role, user, _model, parent, course = forms["course"]
    other = make_course(parent.certification_body, "供方选择与评价", slug="gongfang")
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[other.pk])
    data = form_data(client, url, slug=course.slug)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_SAVED in html
    assert f"网址名称“{course.slug}”已被同一栏目下的页面“{course.title}”使用" in html
    assert CoursePage.objects.get(pk=other.pk).slug == "gongfang"
