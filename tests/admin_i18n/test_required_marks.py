"""Required fields are marked as required in the admin: Wagtail 8 puts a "*" (w-required-mark)
after the label of every required field; our panels keep that (no custom label templates)."""

import re

import pytest
from django.urls import reverse

from tests.courses.factories import make_course
from tests.factories import PASSWORD, CertificationBodyFactory, body_user

pytestmark = pytest.mark.django_db


def marked_labels(html):
    """The label texts followed by the required mark (a panel heading or a field label)."""
    return {
        label.strip()
        for label in re.findall(
            r"(?:data-panel-heading-text>)?([^<>]*)(?:</span>)?<span class=\"w-required-mark\"",
            html,
        )
    }


def test_the_course_form_marks_its_required_fields(client, site_tree):
    body = CertificationBodyFactory()
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    course = make_course(body, live=False)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    labels = marked_labels(html)
    assert "课程简介" in labels  # required
    assert "封面图片" not in labels  # optional
