"""Body and district users cannot publish without the editors, through any admin path."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.fields import StreamField

from cases.models import CasePage
from courses.models import CoursePage
from tests.clock import at
from tests.factories import CertificationBodyFactory, DivisionHeadFactory, district
from tests.review.helpers import (
    approve,
    beichen_author,
    body_author,
    draft_case,
    draft_course,
    edit_form_data,
    edit_url,
    login,
    reload,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["district", "body"])
def authored(request, site_tree):
    """(author, a draft page in the author's own section)."""
    if request.param == "district":
        author = beichen_author()
        return author, draft_case(author)
    author = body_author(CertificationBodyFactory())
    return author, draft_course(author)


def never_live(page):
    page = reload(page)
    assert not page.live
    assert page.live_revision_id is None
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_edit_view_publish_button(client, authored):
    author, page = authored
    data = edit_form_data(login(client, author), page, title="想直接发布")
    data["action-publish"] = "1"
    client.post(edit_url(page), data)
    never_live(page)
    assert "action-publish" not in client.get(edit_url(page)).content.decode()


def test_create_view_publish_button(client, authored):
    author, page = authored
    parent = page.get_parent()
    model = type(page)
    add_url = reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )
    from wagtail.test.utils.form_data import querydict_from_html

    login(client, author)
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data.update({"title": "新建即发布", "slug": "publish-on-create", "action-publish": "1"})
    if "summary" in data:
        data["summary"] = "摘要"
    for field in model._meta.concrete_fields:
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    client.post(add_url, data)
    never_live(model.objects.get(slug="publish-on-create"))


def test_copy_with_publish_copies(client, authored):
    author, page = authored
    page.get_latest_revision().publish()  # a live page, published by the editors
    assert reload(page).live
    login(client, author)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {
            "new_title": "复制并发布",
            "new_slug": "copy-and-publish",
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    # The copy is made (authors may add pages here) but stays a draft; the original stays live.
    copied = type(page).objects.get(slug="copy-and-publish")
    assert copied.get_parent().pk == page.get_parent().pk
    never_live(copied)
    assert reload(page).live


def test_bulk_publish(client, authored):
    author, page = authored
    login(client, author)
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={page.pk}&next=/admin/"
    )
    assert client.get(url).status_code in (200, 302, 403)
    client.post(url, {})
    never_live(page)


def test_revision_revert_and_publish(client, authored):
    author, page = authored
    revision = page.latest_revision
    login(client, author)
    response = client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, revision.pk))
    )
    assert response.status_code == 200
    data = edit_form_data(client, page)
    data.update({"revision": revision.pk, "action-publish": "1"})
    client.post(edit_url(page), data)
    never_live(page)


def approvers(page, editor):
    """Who signs the item off: cases need a 处长 after the editor (review/setup.py)."""
    return [editor, DivisionHeadFactory()] if isinstance(page, CasePage) else [editor]


def run_scheduled_publishing(hours_later):
    later = timezone.now() + datetime.timedelta(hours=hours_later)
    with at(later):
        call_command("publish_scheduled")


def test_scheduled_publishing(client, authored, editor):
    author, page = authored
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    # The author cannot schedule a publication: the go-live date is only saved in the draft.
    data = edit_form_data(login(client, author), page, go_live_at=go_live)
    data["action-publish"] = "1"
    client.post(edit_url(page), data)
    assert reload(page).get_latest_revision_as_object().go_live_at is not None
    run_scheduled_publishing(3)
    never_live(page)

    # Through the review the date holds: approved, scheduled, live when the time comes.
    submit(login(client, author), page, go_live_at=go_live)
    for person in approvers(page, editor):
        approve(login(client, person), page)
    page = reload(page)
    assert not page.live
    assert page.revisions.filter(approved_go_live_at__isnull=False).count() == 1
    run_scheduled_publishing(1)
    assert not reload(page).live  # an hour before
    run_scheduled_publishing(3)
    page = reload(page)
    assert page.live and page.live_revision_id == page.latest_revision_id


def test_unpublish_and_workflow_approval_are_refused(client, authored, editor):
    author, page = authored
    submit(login(client, author), page)
    assert approve(client, page).status_code in (302, 403)
    never_live(page)
    for person in approvers(page, editor):
        approve(login(client, person), page)
    assert reload(page).live

    login(client, author)
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    assert reload(page).live  # only editors take pages down


def test_moving_a_page(client, authored):
    author, page = authored
    other_section = (
        district("武清区").cases_section
        if isinstance(page, CasePage)
        else CertificationBodyFactory().courses_section
    )
    login(client, author)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, other_section.pk)))
    page = reload(page)
    assert page.get_parent().pk != other_section.pk
    never_live(page)


def test_editors_still_publish(client, editor, site_tree):
    author = beichen_author()
    page = draft_case(author)
    data = edit_form_data(login(client, editor), page)
    data["action-publish"] = "1"
    client.post(edit_url(page), data)
    assert reload(page).live
    assert isinstance(reload(page), CasePage | CoursePage)
