"""Required fields are marked as required on every create and edit form the roles fill in:
Wagtail 8 puts a "*" (w-required-mark) in the label of a required field; our panels and our
own templates keep that, and no optional field carries it.

Each form is checked field by field against the form the view rendered (its formsets too):
a required field's label has the mark, an optional one's has not, and a required field
without a label is a failure as well.
"""

import re

import pytest
from django.urls import reverse

from courses.models import BodyCoursesPage, LessonPage
from library.models import PilotRegion
from tests.cases.factories import complete_case, open_campaign
from tests.courses.factories import make_course, make_lesson
from tests.enterprises.factories import enterprise, ledger, session
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    body_user,
    district,
    district_user,
)

pytestmark = pytest.mark.django_db

LABEL = re.compile(r'<label\b[^>]*\bfor="([^"]+)"[^>]*>(.*?)</label>', re.S)
TEMPLATE = re.compile(r"<template\b.*?</template>", re.S)


def marked_labels(html):
    """{field id: whether its label carries the required mark}, outside <template> (the
    empty forms a formset clones)."""
    return {
        field_id: "w-required-mark" in inner
        for field_id, inner in LABEL.findall(TEMPLATE.sub("", html))
    }


def bound_fields(form):
    fields = list(form)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            fields.extend(child)
    return fields


def wrong_marks(response):
    """The fields whose mark does not say what the form requires: [(label, problem)]."""
    form = response.context["form"]
    labels = marked_labels(response.content.decode())
    wrong = []
    for field in bound_fields(form):
        if field.is_hidden or field.field.disabled:
            continue
        field_id = field.id_for_label
        if field_id not in labels:
            if field.field.required:
                wrong.append((field.label, "必填但没有标签"))
            continue
        if labels[field_id] != field.field.required:
            wrong.append((field.label, "必填未标 *" if field.field.required else "选填却标了 *"))
    return wrong


def check(client, url, expect_required):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert wrong_marks(response) == [], url
    labels = marked_labels(response.content.decode())
    required = {
        field.label
        for field in bound_fields(response.context["form"])
        if labels.get(field.id_for_label)
    }
    assert expect_required <= required, (url, expect_required - required)
    return required


@pytest.fixture
def body_and_user(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    user = body_user(body)
    assert user  # logged in by each test
    return body, user


def test_the_course_and_lesson_forms_mark_their_required_fields(client, body_and_user):
    body, user = body_and_user
    client.login(username=user.username, password=PASSWORD)
    section = BodyCoursesPage.objects.get(certification_body=body)
    course = make_course(body, live=False)
    lesson = make_lesson(course, "第一课 供方选择", live=False)
    add_course = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", section.pk))
    add_lesson = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", course.pk))
    for url in (add_course, reverse("wagtailadmin_pages:edit", args=[course.pk])):
        required = check(client, url, {"标题", "课程简介", "缩略名"})
        assert "封面图片" not in required
    for url in (add_lesson, reverse("wagtailadmin_pages:edit", args=[lesson.pk])):
        required = check(client, url, {"标题", "涉及条款"})
        assert LessonPage._meta.get_field("introduction").verbose_name not in required


def test_the_case_form_marks_its_required_fields(client, site_tree):
    user = district_user(district("北辰区"))
    client.login(username=user.username, password=PASSWORD)
    case = complete_case("北辰区", user=user)
    section = district("北辰区").cases_section
    add_case = reverse("wagtailadmin_pages:add", args=("cases", "casepage", section.pk))
    for url in (add_case, reverse("wagtailadmin_pages:edit", args=[case.pk])):
        check(client, url, {"标题", "缩略名"})


def test_the_ledger_and_training_forms_mark_their_required_fields(client, body_and_user):
    body, user = body_and_user
    client.login(username=user.username, password=PASSWORD)
    campaign = open_campaign()
    record = ledger(enterprise("北辰区"), campaign, body)
    training = session(campaign, body=body)
    for name, item, expected in (
        ("helpledger", record, {"帮扶企业", "帮扶认证机构", "所属年度"}),
        ("trainingsession", training, {"培训名称", "培训日期"}),
    ):
        add = reverse(f"wagtailsnippets_enterprises_{name}:add")
        edit = reverse(f"wagtailsnippets_enterprises_{name}:edit", args=[item.pk])
        for url in (add, edit):
            check(client, url, expected)


def test_the_pilot_statistics_form_marks_what_it_requires(client, site_tree):
    campaign = open_campaign()
    region = PilotRegion.objects.get(name="电动自行车试点")
    user = district_user(district("武清区"))
    client.login(username=user.username, password=PASSWORD)
    url = reverse("reports_admin:pilot_statistics_edit", args=[region.pk, campaign.year])
    # Every figure of 附件3 may be left empty (a district fills what it has): none is
    # marked, and any that becomes required must be.
    assert check(client, url, set()) == set()
