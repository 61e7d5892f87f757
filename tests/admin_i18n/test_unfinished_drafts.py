"""Autosaved drafts are shown to their author and resumable, and never block a new page with
the same title (library.drafts).

Wagtail 8 autosaves a new page as soon as its title is typed: the editor posts the create
form in the background with ``Accept: application/json`` (what these tests do), and from then
on the page exists as a never-published draft whose slug is the title's.
"""

import json

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import BodyCoursesPage, CoursePage
from tests.admin_i18n.test_admin_walk import english_words
from tests.cases.factories import complete_case
from tests.courses.factories import make_course
from tests.factories import CertificationBodyFactory, body_user
from tests.review.helpers import beichen_author

pytestmark = pytest.mark.django_db

TITLE = "进货检验怎么做"


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=("courses", "coursepage", section.pk))


def create_form(client, section, **changes):
    """The create form as the admin renders it, with ``changes`` (the editor's JS copies the
    title into the slug, so a test passes both)."""
    response = client.get(add_url(section))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    return data


def autosave(client, section, title, slug=None):
    data = create_form(client, section, title=title, slug=slug or title)
    return client.post(add_url(section), data, HTTP_ACCEPT="application/json")


@pytest.fixture
def body_section(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    return body, BodyCoursesPage.objects.get(certification_body=body)


def test_an_autosaved_draft_is_listed_on_its_authors_dashboard(client, body_section):
    body, section = body_section
    author, colleague = body_user(body), body_user(body)
    client.force_login(author)
    response = autosave(client, section, TITLE)
    assert response.status_code == 200, response.content
    draft = CoursePage.objects.get(title=TITLE)
    assert not draft.live and draft.summary == ""  # saved before 课程简介 was written
    make_course(body, "已经发布的课程")  # published: not unfinished

    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "未完成的草稿" in html
    panel = html.split('id="unfinished-drafts-section"')[1].split("</table>")[0]
    assert TITLE in panel and "课程简介" in panel  # what is still missing
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in panel
    assert "继续编辑" in panel and "已经发布的课程" not in panel
    assert not english_words(html, {TITLE, body.name, author.username, colleague.username})

    # A colleague sees their own drafts only (the section listing still shows every page).
    client.force_login(colleague)
    assert "未完成的草稿" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_draft_in_review_is_not_unfinished(client, site_tree):
    author = beichen_author()
    case = complete_case("北辰区", user=author, title="北辰草稿：精密机械首件检验")
    client.force_login(author)
    assert case.title in client.get(reverse("wagtailadmin_home")).content.decode()
    case.get_workflow().start(case, author)  # 提交审核
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "未完成的草稿" not in html


def test_the_create_form_offers_the_authors_drafts_to_resume(client, body_section):
    body, section = body_section
    author = body_user(body)
    client.force_login(author)
    autosave(client, section, TITLE)
    draft = CoursePage.objects.get(title=TITLE)

    html = client.get(add_url(section)).content.decode()
    assert f"继续编辑“{TITLE}”" in html
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in html
    assert not english_words(html, {TITLE, author.username, body.name})

    # Not offered to someone else, nor for another page type.
    client.force_login(body_user(body))
    assert "继续编辑" not in client.get(add_url(section)).content.decode()
    client.force_login(author)
    lesson_add = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", draft.pk))
    assert f"继续编辑“{TITLE}”" not in client.get(lesson_add).content.decode()


def test_a_new_page_with_the_same_title_is_not_blocked(client, body_section):
    body, section = body_section
    client.force_login(body_user(body))
    assert autosave(client, section, TITLE).status_code == 200

    # Starting again with the same title: the autosave succeeds with the next free slug and
    # tells the open editor the slug it got.
    response = autosave(client, section, TITLE)
    assert response.status_code == 200, response.content
    result = json.loads(response.content)
    assert result["success"] is True
    assert result["field_updates"]["slug"] == f"{TITLE}-2"
    assert Page.objects.get(pk=result["pk"]).slug == f"{TITLE}-2"

    # The same by pressing 保存草稿 (no JavaScript): saved, not an error.
    data = create_form(client, section, title=TITLE, slug=TITLE)
    response = client.post(add_url(section), data)
    assert response.status_code == 302
    assert sorted(CoursePage.objects.child_of(section).values_list("slug", flat=True)) == [
        TITLE,
        f"{TITLE}-2",
        f"{TITLE}-3",
    ]


def test_a_typed_slug_in_use_is_refused_naming_the_page(client, body_section):
    body, section = body_section
    client.force_login(body_user(body))
    autosave(client, section, TITLE)
    data = create_form(client, section, title="供方选择与评价", slug=TITLE)
    response = client.post(add_url(section), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"网址名称“{TITLE}”已被同一栏目下的尚未发布的草稿“{TITLE}”使用" in html
    assert "页面未能创建" in html
    assert CoursePage.objects.child_of(section).count() == 1
