"""Publication is guarded, not the workflow: a page failing an automatic check does not go
live by any path, for any role, unless an editor records a reason for each failing check,
and that reason is in the page history."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.models import PageLogEntry

from cases.models import CasePage
from review import publication
from review.exceptions import PublicationRefused
from review.models import CheckOverride, ForbiddenClaim
from tests.clock import at
from tests.factories import district
from tests.review.helpers import draft_case, edit_form_data, edit_url, login, reload

pytestmark = pytest.mark.django_db

FAILING = "本企业参加提升行动获得免费认证。"
CLAIM_MESSAGE = "“案例摘要”含有禁用宣传用语“免费认证”"


@pytest.fixture
def superuser(django_user_model, site_tree):
    return django_user_model.objects.create_superuser("root-publisher", "root@example.cn", "x")


@pytest.fixture(params=["editor", "superuser"])
def publisher(request, editor, superuser):
    return {"editor": editor, "superuser": superuser}[request.param]


def live_case(author, **fields):
    """A case published while its checks passed."""
    case = draft_case(author, **fields)
    case.get_latest_revision().publish()
    return reload(case)


def press_publish(client, page, **changes):
    data = edit_form_data(client, page, **changes)
    data["action-publish"] = "1"
    return client.post(edit_url(page), data)


def shown(client, response):
    return client.get(response["Location"]).content.decode()


def test_the_guard_wraps_wagtails_publish_and_copy_actions():
    # Fails loudly if a Wagtail upgrade renames what review.publication wraps.
    assert PublishRevisionAction.execute is publication.guarded_publish_execute
    assert CopyPageAction.execute is publication.guarded_copy_execute
    assert publication._wagtail_publish_execute.__qualname__ == "PublishRevisionAction.execute"
    assert publication._wagtail_copy_execute.__qualname__ == "CopyPageAction.execute"


def test_the_publish_button_is_refused_for_editors_and_superusers(client, author, publisher):
    case = draft_case(author, summary=FAILING)
    client.force_login(publisher)
    response = press_publish(client, case)

    assert response.status_code == 302
    assert response["Location"] == edit_url(case)
    case = reload(case)
    assert not case.live and case.live_revision_id is None
    page = shown(client, response)
    assert "不能发布：自动检查未通过" in page
    assert CLAIM_MESSAGE in page
    assert reverse("review_override", args=(case.pk,)) in page  # the way to record a reason
    # The draft itself was saved.
    assert case.get_latest_revision_as_object().summary == FAILING


def test_a_passing_draft_is_published(client, author, editor):
    case = draft_case(author)
    press_publish(login(client, editor), case)
    assert reload(case).live


def test_scheduling_a_failing_draft_is_refused(client, author, editor):
    case = draft_case(author, summary=FAILING)
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    press_publish(login(client, editor), case, go_live_at=future)
    assert not case.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert not reload(case).live


def schedule(client, editor, case, hours=2):
    go_live = timezone.localtime() + datetime.timedelta(hours=hours)
    press_publish(login(client, editor), case, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    revision = case.revisions.get(approved_go_live_at__isnull=False)
    assert not reload(case).live  # scheduled, not yet live
    return revision


def run_scheduled_publishing(hours_later):
    later = timezone.now() + datetime.timedelta(hours=hours_later)
    with at(later):
        call_command("publish_scheduled")


def test_a_scheduled_page_goes_live_when_its_time_comes(client, author, editor):
    case = draft_case(author)
    schedule(client, editor, case)
    run_scheduled_publishing(1)
    assert not reload(case).live  # an hour early
    run_scheduled_publishing(3)
    assert reload(case).live


def test_a_scheduled_page_failing_at_go_live_stays_a_draft(client, author, editor):
    case = draft_case(author, summary="企业建立“零缺陷”质量目标。")
    other = draft_case(author, title="另一个按时发布的案例")
    revision = schedule(client, editor, case)
    schedule(client, editor, other)
    ForbiddenClaim.objects.create(phrase="零缺陷")  # added after scheduling

    run_scheduled_publishing(3)

    assert not reload(case).live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # unscheduled
    entry = PageLogEntry.objects.get(page_id=case.pk, action=publication.REFUSED_ACTION)
    assert "“案例摘要”含有禁用宣传用语“零缺陷”" in entry.data["messages"][0]
    assert reload(other).live  # the other scheduled page still went live


def test_bulk_publish_is_refused(client, author, editor):
    failing = draft_case(author, summary=FAILING)
    passing = draft_case(author, title="合规案例")
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={failing.pk}&id={passing.pk}&next=/admin/"
    )
    response = login(client, editor).post(url, {})
    assert response.status_code == 302
    assert not reload(failing).live
    assert not reload(passing).live  # one bulk action, all or nothing
    assert "不能发布：自动检查未通过" in shown(client, response)


def test_revert_and_publish_is_refused(client, author, editor):
    case = draft_case(author, summary=FAILING)
    old = case.get_latest_revision()
    case = reload(case)
    case.summary = "企业一次合格率从 91% 提升到 98%。"
    case.save_revision(user=author).publish()
    live_revision = reload(case).live_revision_id

    login(client, editor)
    assert (
        client.get(
            reverse("wagtailadmin_pages:revisions_revert", args=(case.pk, old.pk))
        ).status_code
        == 200
    )
    data = edit_form_data(client, case, summary=FAILING)
    data.update({"revision": old.pk, "action-publish": "1"})
    response = client.post(edit_url(case), data)

    case = reload(case)
    assert case.live_revision_id == live_revision
    assert case.summary == "企业一次合格率从 91% 提升到 98%。"
    assert CLAIM_MESSAGE in shown(client, response)


def copy(client, page, slug):
    return client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {
            "new_title": "复制的案例",
            "new_slug": slug,
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
        },
    )


def test_copy_and_publish_of_a_page_now_failing_is_refused(client, author, editor):
    case = live_case(author, summary="企业建立“零缺陷”质量目标。")
    ForbiddenClaim.objects.create(phrase="零缺陷")

    response = copy(login(client, editor), case, "copy-refused")

    assert response.status_code == 302
    assert not CasePage.objects.filter(slug="copy-refused").exists()  # rolled back
    assert reload(case).live
    assert "不能发布：自动检查未通过" in shown(client, response)


def test_copy_and_publish_of_a_passing_page_is_live(client, author, editor):
    case = live_case(author)
    response = copy(login(client, editor), case, "copy-live")
    assert response.status_code == 302
    copied = CasePage.objects.get(slug="copy-live")
    assert copied.live and copied.live_revision_id is not None


def move(client, page, target):
    return client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, target.pk)))


def test_moving_a_live_page_now_failing_is_refused(client, author, editor):
    case = live_case(author, summary="企业建立“零缺陷”质量目标。")
    before = case.get_parent().pk
    ForbiddenClaim.objects.create(phrase="零缺陷")

    response = move(login(client, editor), case, district("武清区").cases_section)

    assert response.status_code == 302
    assert reload(case).get_parent().pk == before
    assert "不能发布：自动检查未通过" in shown(client, response)


def test_moving_a_passing_live_page_works(client, author, editor):
    case = live_case(author)
    target = district("武清区").cases_section
    move(login(client, editor), case, target)
    assert reload(case).get_parent().pk == target.pk


def test_import_with_publish_runs_the_checks(site_tree, tmp_path, capsys):
    lines = [
        {
            "kind": "case",
            "slug": f"import-{name}",
            "title": title,
            "district": "北辰区",
            "industry": "电动自行车",
            "year": 2024,
            "body": body,
        }
        for name, title, body in (
            ("refused", "包过的案例", "参加即可免费认证，一次包过。"),
            ("clean", "进货检验案例", "企业建立进货检验制度。"),
        )
    ]
    path = tmp_path / "library.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))

    call_command("import_library", str(path), "--publish")

    out = capsys.readouterr()
    assert "第 1 行失败：自动检查未通过，未发布" in out.err
    assert "含有禁用宣传用语" in out.err
    assert "新建 1，更新 0，失败 1" in out.out
    assert not CasePage.objects.filter(slug="import-refused").exists()  # nothing half-saved
    assert CasePage.objects.get(slug="import-clean").live


def override(client, page, reasons):
    url = reverse("review_override", args=(page.pk,))
    form = client.get(url)
    assert form.status_code == 200
    return client.post(url, {f"reason_{n}": reason for n, reason in enumerate(reasons, 1)})


def test_an_override_with_a_reason_lets_it_through_and_is_in_the_history(client, author, editor):
    case = draft_case(author, summary=FAILING)
    login(client, editor)
    response = override(client, case, ["短"])  # a reason is required, at least 6 characters
    assert response.status_code == 200
    assert "理由至少 6 个字" in response.content.decode()
    assert not CheckOverride.objects.exists()

    reason = "引用通知原文说明禁止行为，并非宣传，经处务会同意发布"
    response = override(client, case, [reason])
    assert response.status_code == 302
    (recorded,) = CheckOverride.objects.all()
    assert (recorded.check_name, recorded.reason, recorded.editor) == (
        "禁用宣传用语",
        reason,
        editor,
    )

    press_publish(client, case)
    assert reload(case).live

    entry = PageLogEntry.objects.get(page_id=case.pk, action=publication.OVERRIDE_ACTION)
    assert entry.user == editor and entry.data["reason"] == reason
    history = client.get(reverse("wagtailadmin_pages:history", args=(case.pk,))).content.decode()
    assert "记录自动检查例外：禁用宣传用语" in history
    assert reason in history


def test_an_override_covers_only_the_failures_it_was_recorded_for(client, author, editor):
    case = draft_case(author, summary=FAILING)
    override(login(client, editor), case, ["引用通知原文说明禁止行为，并非宣传"])
    # A new forbidden phrase under the same check needs its own reason.
    response = press_publish(client, case, title="包过的案例")
    assert not reload(case).live
    assert "“标题”含有禁用宣传用语“包过”" in shown(client, response)


def test_authors_cannot_record_overrides(client, author):
    case = draft_case(author, summary=FAILING)
    response = login(client, author).get(reverse("review_override", args=(case.pk,)))
    assert response.status_code in (302, 403)
    assert not CheckOverride.objects.exists()


def test_the_model_layer_refuses_too(author):
    case = draft_case(author, summary=FAILING)
    with pytest.raises(PublicationRefused) as refused:
        case.get_latest_revision().publish()
    assert CLAIM_MESSAGE in str(refused.value)
    assert not reload(case).live
