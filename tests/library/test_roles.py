"""Each organisation edits its own subtree only; nothing unpublished reaches the public."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cases.models import CasePage, DistrictCasesPage
from courses.models import BodyCoursesPage, CoursePage
from library.models import Campaign, Membership
from library.roles import BODY_USERS, DISTRICT_USERS
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    body_user,
    district,
    district_user,
)

pytestmark = pytest.mark.django_db


def add_page_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def course_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": extra.pop("slug", "course-" + str(abs(hash(title)) % 10**6)),
            "summary": "用大白话讲清楚进货检验该怎么做。",
            "campaign": Campaign.objects.get(year=2024).pk,
            # CoursePage's InlinePanel of handouts posts an (empty) formset.
            "attachments": inline_formset([]),
            **extra,
        }
    )


def case_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "case-" + str(abs(hash(title)) % 10**6),
            "summary": "某电动自行车零部件企业一次合格率从 91% 提升到 98%。",
            "campaign": Campaign.objects.get(year=2024).pk,
            # CasePage's StreamField body and InlinePanel of metrics post (empty) forms.
            "body": streamfield([]),
            "metrics": inline_formset([]),
        }
    )


@pytest.fixture
def two_bodies(site_tree):
    return CertificationBodyFactory(), CertificationBodyFactory()


def test_creating_a_body_creates_its_section_group_and_collection(two_bodies):
    body, _ = two_bodies
    section = BodyCoursesPage.objects.get(certification_body=body)
    assert section.get_parent().specific_class.__name__ == "CourseIndexPage"
    assert body.group.name == f"认证机构 · {body.name}"
    perms = set(body.group.page_permissions.values_list("page_id", "permission__codename"))
    assert perms == {(section.pk, "add_page"), (section.pk, "change_page")}
    assert body.collection.get_parent().name == "认证机构"


def test_body_user_creates_and_edits_a_course_in_its_own_section(client, two_bodies):
    body, _ = two_bodies
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    section = body.courses_section

    response = client.post(add_page_url(CoursePage, section), course_form("进货检验怎么做"))
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(title="进货检验怎么做")
    assert course.get_parent().pk == section.pk
    assert not course.live

    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=(course.pk,)),
        course_form("进货检验怎么做（修订）", slug=course.slug),
    )
    assert edit.status_code == 302
    assert (
        CoursePage.objects.get(pk=course.pk)
        .get_latest_revision_as_object()
        .title.endswith("（修订）")
    )


def test_body_user_is_refused_in_another_bodys_section(client, two_bodies):
    body, other = two_bodies
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    other_section = other.courses_section
    foreign = other_section.add_child(
        instance=CoursePage(title="别家的课程", slug="others", summary="x", live=False)
    )

    response = client.post(add_page_url(CoursePage, other_section), course_form("越权课程"))
    assert response.status_code in (302, 403)
    assert not CoursePage.objects.filter(title="越权课程").exists()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(foreign.pk,)))
    assert edit.status_code in (302, 403)
    if edit.status_code == 302:
        assert "/admin/pages/" not in edit["Location"] or "edit" not in edit["Location"]


def test_body_user_cannot_publish_directly(client, two_bodies):
    body, _ = two_bodies
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    client.post(
        add_page_url(CoursePage, body.courses_section),
        course_form("想直接发布的课程", **{"action-publish": "action-publish"}),
    )
    course = CoursePage.objects.get(title="想直接发布的课程")
    assert not course.live


def test_district_user_works_in_its_own_district_only(client, site_tree):
    beichen, wuqing = district("北辰区"), district("武清区")
    user = district_user(beichen)
    client.login(username=user.username, password=PASSWORD)

    ok = client.post(add_page_url(CasePage, beichen.cases_section), case_form("北辰某车架厂案例"))
    assert ok.status_code == 302
    assert (
        CasePage.objects.child_of(beichen.cases_section).filter(title="北辰某车架厂案例").exists()
    )

    refused = client.post(add_page_url(CasePage, wuqing.cases_section), case_form("越区案例"))
    assert refused.status_code in (302, 403)
    assert not CasePage.objects.filter(title="越区案例").exists()
    assert DistrictCasesPage.objects.get(district=wuqing).get_children().count() == 0


def test_a_user_belongs_to_exactly_one_organisation(two_bodies):
    body, other = two_bodies
    user = body_user(body)
    assert set(user.groups.values_list("name", flat=True)) == {BODY_USERS, body.group.name}

    membership = user.membership
    membership.certification_body = other
    membership.save()
    assert set(user.groups.values_list("name", flat=True)) == {BODY_USERS, other.group.name}

    membership.certification_body = None
    membership.district = district("和平区")
    membership.save()
    assert set(user.groups.values_list("name", flat=True)) == {DISTRICT_USERS, "区 · 和平区"}

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(certification_body=body)


def test_anonymous_visitors_never_see_a_draft(client, two_bodies):
    body, _ = two_bodies
    draft = body.courses_section.add_child(
        instance=CoursePage(title="尚未审核的课程", slug="draft-course", summary="草稿", live=False)
    )
    assert (
        client.get(draft.url or f"/courses/{body.courses_section.slug}/draft-course/").status_code
        == 404
    )
    listing = client.get(body.courses_section.url)
    assert listing.status_code == 200
    assert "尚未审核的课程" not in listing.content.decode()
    assert "尚未审核的课程" not in client.get("/search/", {"q": "尚未审核"}).content.decode()
    assert Page.objects.live().filter(pk=draft.pk).count() == 0
