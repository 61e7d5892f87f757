"""Who sees what in the ledger, the training register and the enterprise register, over HTTP,
for every role: editors everything; a body its own ledgers and sessions; a district those of
its district (read and comment on ledgers, record its own sessions); experts, learners and
visitors nothing. Contact details never reach a public page."""

import pytest
from django.urls import reverse

from enterprises.models import HelpLedger, LedgerComment, TrainingSession
from tests.cases.factories import open_campaign
from tests.enterprises.factories import enterprise, ledger, session
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    EditorFactory,
    ExpertFactory,
    UserFactory,
    body_user,
    district,
    district_user,
)

pytestmark = pytest.mark.django_db

LEDGER = "wagtailsnippets_enterprises_helpledger"
SESSION = "wagtailsnippets_enterprises_trainingsession"
REGISTER = "wagtailsnippets_enterprises_enterprise"


@pytest.fixture
def world(site_tree):
    campaign = open_campaign()
    own_body, other_body = CertificationBodyFactory(), CertificationBodyFactory()
    beichen = enterprise("北辰区", name="北辰台账企业", contact_phone="13900001111")
    wuqing = enterprise("武清区", name="武清台账企业", contact_phone="13900002222")
    return {
        "campaign": campaign,
        "own_body": own_body,
        "other_body": other_body,
        "own_ledger": ledger(beichen, campaign, own_body),
        "other_ledger": ledger(wuqing, campaign, other_body),
        "own_session": session(campaign, body=own_body, district_obj=district("北辰区")),
        "district_session": session(campaign, district_obj=district("北辰区")),
        "other_session": session(campaign, body=other_body, district_obj=district("武清区")),
    }


def client_for(client, user):
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def status(client, name, *args):
    return client.get(reverse(name, args=args)).status_code


def learner():
    from courses.models import LearnerProfile
    from library.models import Industry

    user = UserFactory()
    LearnerProfile.objects.create(
        user=user,
        full_name="学员甲",
        enterprise_name="北辰台账企业",
        credit_code=HelpLedger.objects.first().enterprise.credit_code,
        district=district("北辰区"),
        industry=Industry.objects.first(),
    )
    return user


def test_editor_sees_and_changes_everything(client, world):
    c = client_for(client, EditorFactory())
    listing = c.get(reverse(f"{LEDGER}:list")).content.decode()
    assert "北辰台账企业" in listing and "武清台账企业" in listing
    for item in (world["own_ledger"], world["other_ledger"]):
        assert status(c, f"{LEDGER}:edit", item.pk) == 200
        assert status(c, f"{LEDGER}:inspect", item.pk) == 200
        assert status(c, f"{LEDGER}:history", item.pk) == 200
    for item in ("own_session", "district_session", "other_session"):
        assert status(c, f"{SESSION}:edit", world[item].pk) == 200


def test_body_edits_only_its_own_ledgers_and_sessions(client, world):
    c = client_for(client, body_user(world["own_body"]))
    listing = c.get(reverse(f"{LEDGER}:list")).content.decode()
    assert "北辰台账企业" in listing and "武清台账企业" not in listing
    assert status(c, f"{LEDGER}:edit", world["own_ledger"].pk) == 200
    assert status(c, f"{LEDGER}:add") == 200
    for view in ("edit", "inspect", "history", "delete"):
        assert status(c, f"{LEDGER}:{view}", world["other_ledger"].pk) in (403, 302, 404)
    assert status(c, f"{SESSION}:edit", world["own_session"].pk) == 200
    assert status(c, f"{SESSION}:edit", world["district_session"].pk) in (403, 302)
    assert status(c, f"{SESSION}:edit", world["other_session"].pk) in (403, 302)
    # A body may not delete a ledger (its history is the record).
    assert status(c, f"{LEDGER}:delete", world["own_ledger"].pk) in (403, 302)
    # Posting another body's ledger is refused, not silently saved.
    response = c.post(reverse(f"{LEDGER}:edit", args=(world["other_ledger"].pk,)), {})
    assert response.status_code in (403, 302)
    assert HelpLedger.objects.get(pk=world["other_ledger"].pk).body == world["other_body"]


def test_body_records_a_ledger_only_for_itself(client, world):
    user = body_user(world["own_body"])
    from wagtail.admin.panels import get_edit_handler

    from enterprises.forms import LedgerForm

    form_class = get_edit_handler(HelpLedger).get_form_class()
    assert issubclass(form_class, LedgerForm)
    form = form_class(for_user=user, instance=HelpLedger())
    assert list(form.fields["body"].queryset) == [world["own_body"]]


def test_district_reads_and_comments_on_its_district_only(client, world):
    user = district_user(district("北辰区"))
    c = client_for(client, user)
    listing = c.get(reverse(f"{LEDGER}:list")).content.decode()
    assert "北辰台账企业" in listing and "武清台账企业" not in listing
    page = c.get(reverse(f"{LEDGER}:inspect", args=(world["own_ledger"].pk,)))
    assert page.status_code == 200 and "提交意见" in page.content.decode()
    assert status(c, f"{LEDGER}:edit", world["own_ledger"].pk) in (403, 302)
    assert status(c, f"{LEDGER}:add") in (403, 302)
    assert status(c, f"{LEDGER}:inspect", world["other_ledger"].pk) in (403, 302)

    comment_url = reverse("enterprises_admin:ledger_comment", args=(world["own_ledger"].pk,))
    c.post(comment_url, {"text": "请补充内审报告附件"})
    assert LedgerComment.objects.get().text == "请补充内审报告附件"
    other_url = reverse("enterprises_admin:ledger_comment", args=(world["other_ledger"].pk,))
    assert c.post(other_url, {"text": "越区意见"}).status_code in (302, 403)
    assert LedgerComment.objects.count() == 1

    # Sessions: sees those in its district, edits only its own.
    sessions = c.get(reverse(f"{SESSION}:list")).content.decode()
    assert world["own_session"].title in sessions and world["district_session"].title in sessions
    assert world["other_session"].title not in sessions
    assert status(c, f"{SESSION}:edit", world["district_session"].pk) == 200
    assert status(c, f"{SESSION}:edit", world["own_session"].pk) in (403, 302)
    assert status(c, f"{SESSION}:add") == 200


def test_the_body_reads_the_districts_comment_but_cannot_comment(client, world):
    LedgerComment.objects.create(ledger=world["own_ledger"], text="区里的意见：请加快进度")
    c = client_for(client, body_user(world["own_body"]))
    page = c.get(reverse(f"{LEDGER}:inspect", args=(world["own_ledger"].pk,))).content.decode()
    assert "区里的意见：请加快进度" in page and "提交意见" not in page
    url = reverse("enterprises_admin:ledger_comment", args=(world["own_ledger"].pk,))
    assert c.post(url, {"text": "机构自评"}).status_code in (302, 403)
    assert not LedgerComment.objects.filter(text="机构自评").exists()


@pytest.mark.parametrize("role", ["expert", "learner", "visitor"])
def test_experts_learners_and_visitors_see_nothing(client, world, role):
    user = {"expert": ExpertFactory, "learner": learner, "visitor": lambda: None}[role]()
    c = client_for(client, user)
    for name, pk in (
        (LEDGER, world["own_ledger"].pk),
        (SESSION, world["own_session"].pk),
        (REGISTER, world["own_ledger"].enterprise_id),
    ):
        for view in ("list", "add"):
            response = c.get(reverse(f"{name}:{view}"))
            assert response.status_code in (302, 403)
            assert "北辰台账企业" not in response.content.decode()
        for view in ("edit", "inspect", "history"):
            response = c.get(reverse(f"{name}:{view}", args=(pk,)))
            assert response.status_code in (302, 403)
            assert "13900001111" not in response.content.decode()


def test_register_contact_details_for_the_district_but_never_in_public(client, world):
    c = client_for(client, district_user(district("北辰区")))
    record = world["own_ledger"].enterprise
    assert "13900001111" in c.get(reverse(f"{REGISTER}:edit", args=(record.pk,))).content.decode()
    assert status(c, f"{REGISTER}:edit", world["other_ledger"].enterprise_id) in (403, 302)
    client.logout()
    for url in ("/", "/search/?q=北辰台账企业", "/api/search/?q=北辰台账企业"):
        response = client.get(url)
        assert "13900001111" not in response.content.decode()
        assert "zhang@example.cn" not in response.content.decode()


def test_sessions_and_ledgers_record_their_history(client, world):
    c = client_for(client, body_user(world["own_body"]))
    item = world["own_session"]
    data = {
        "title": "修改后的培训名称",
        "campaign": item.campaign_id,
        "held_on": item.held_on.isoformat(),
        "place": item.place,
        "link": "",
        "kind": "industry",
        "audience_layer": "",
        "organiser_body": world["own_body"].pk,
        "organiser_district": district("北辰区").pk,
        "industry": "",
        "course": "",
        "notes": "",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
    }
    response = c.post(reverse(f"{SESSION}:edit", args=(item.pk,)), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TrainingSession.objects.get(pk=item.pk).title == "修改后的培训名称"
    history = c.get(reverse(f"{SESSION}:history", args=(item.pk,))).content.decode()
    assert "修改后的培训名称" in history or "编辑" in history
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(item.pk), action="wagtail.edit").exists()
