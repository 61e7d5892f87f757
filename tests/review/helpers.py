"""Building review scenarios: draft pages in an organisation's section, and the admin's
own submit / approve / request-changes URLs driven through the test client."""

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from cases.models import CasePage
from courses.models import CoursePage
from library.models import Campaign
from tests.factories import PASSWORD, body_user, district, district_user

CASE_SUMMARY = "某电动自行车零部件企业导入“有风险才有制度”的方法，一次合格率从 91% 提升到 98%。"
COURSE_SUMMARY = "用大白话讲清楚进货检验该怎么做。"


def campaign(year=2024):
    return Campaign.objects.get(year=year)


def draft(parent, model, *, user=None, **fields):
    """A draft page with one revision by ``user``, as if they had saved it in the admin."""
    page = parent.add_child(instance=model(live=False, owner=user, **fields))
    page.save_revision(user=user)
    return model.objects.get(pk=page.pk)


def draft_case(author, title="北辰区某车架厂质量提升案例", **fields):
    section = author.membership.district.cases_section
    fields.setdefault("slug", f"case-{Page.objects.count()}")
    fields.setdefault("summary", CASE_SUMMARY)
    fields.setdefault("campaign", campaign())
    return draft(section, CasePage, user=author, title=title, **fields)


def draft_course(author, title="进货检验怎么做", **fields):
    section = author.membership.certification_body.courses_section
    fields.setdefault("slug", f"course-{Page.objects.count()}")
    fields.setdefault("summary", COURSE_SUMMARY)
    fields.setdefault("campaign", campaign())
    return draft(section, CoursePage, user=author, title=title, **fields)


def beichen_author(**kwargs):
    return district_user(district("北辰区"), **kwargs)


def body_author(body, **kwargs):
    return body_user(body, **kwargs)


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def edit_form_data(client, page, **changes):
    """The edit form exactly as the admin renders it, with ``changes`` applied."""
    response = client.get(edit_url(page))
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # StreamFields are drawn by JavaScript, so their inputs are not in the HTML: these
    # helpers only submit pages whose StreamFields are still empty.
    latest = page.get_latest_revision_as_object()
    for field in latest._meta.concrete_fields:
        if isinstance(field, StreamField) and f"{field.name}-count" not in data:
            assert not field.value_from_object(latest), f"{field.name} 非空：请在浏览器测试中编辑"
            data[f"{field.name}-count"] = "0"
    for name, value in changes.items():
        data[name] = value
    return data


def submit(client, page, **changes):
    """Press 提交审核 in the edit view (also used to resubmit after changes were requested)."""
    data = edit_form_data(client, page, **changes)
    data["action-submit"] = "1"
    return client.post(edit_url(page), data)


def task_state(page):
    return Page.objects.get(pk=page.pk).current_workflow_task_state


def workflow_action(client, page, action, comment="", task_state_id=None):
    """Approve or request changes from the dashboard / edit view's workflow modal."""
    state_id = task_state_id or task_state(page).pk
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state_id))
    return client.post(url, {"comment": comment})


def approve(client, page, comment=""):
    return workflow_action(client, page, "approve", comment)


def request_changes(client, page, comment):
    return workflow_action(client, page, "reject", comment)


def reload(page):
    return type(page).objects.get(pk=page.pk)
