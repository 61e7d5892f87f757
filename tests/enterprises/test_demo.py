"""The demo ledgers and trainings: the current campaign, every stage, once however often the
demo loads, and the ledger and training register pages render for the demo accounts."""

import pytest
from django.urls import reverse

from enterprises.demo import ENTERPRISES, SESSIONS, add_demo_ledgers, add_demo_sessions
from enterprises.models import HelpLedger, TrainingSession
from enterprises.rules import campaign_breaches
from library import demo as library_demo
from library.campaigns import current
from tests.factories import PASSWORD, EditorFactory

pytestmark = pytest.mark.django_db


def test_demo_ledgers_cover_every_stage_once(client, site_tree):
    library_demo.create_demo_bodies()
    for _ in range(2):
        add_demo_ledgers(print)
        add_demo_sessions(print)
    campaign = current()
    ledgers = HelpLedger.objects.filter(campaign=campaign)
    assert ledgers.count() == len(ENTERPRISES)
    assert {ledger.stage for ledger in ledgers} >= {
        "已获证",
        "已完成管理评审",
        "已完成内审",
        "已诊断",
    }
    assert TrainingSession.objects.filter(campaign=campaign).count() == len(SESSIONS)
    assert len(campaign_breaches(campaign)) == 1
    assert client.login(username=EditorFactory().username, password=PASSWORD)
    for name in ("helpledger", "trainingsession", "enterprise"):
        assert client.get(reverse(f"wagtailsnippets_enterprises_{name}:list")).status_code == 200
    ledger = ledgers.first()
    page = client.get(reverse("wagtailsnippets_enterprises_helpledger:inspect", args=(ledger.pk,)))
    assert page.status_code == 200 and ledger.enterprise.name in page.content.decode()
    response = client.get(reverse("wagtailsnippets_enterprises_helpledger:edit", args=(ledger.pk,)))
    assert response.status_code == 200
