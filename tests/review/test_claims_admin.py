"""The list of forbidden claims: seeded from the notice once, editable by city editors only."""

import pytest
from django.urls import reverse

from library.models import ReferenceSeed
from review.checks import failures, run_checks
from review.models import ForbiddenClaim
from review.setup import SEED_KIND, seed_forbidden_claims
from tests.review.helpers import draft_case, login

pytestmark = pytest.mark.django_db

LIST_URL = reverse("wagtailsnippets_review_forbiddenclaim:list")
ADD_URL = reverse("wagtailsnippets_review_forbiddenclaim:add")


def test_the_notice_phrases_are_seeded_once(site_tree):
    for phrase in ("免费认证", "免费拿证", "包过", "包通过"):
        assert ForbiddenClaim.objects.filter(phrase=phrase, active=True).exists()
    ForbiddenClaim.objects.filter(phrase="包过").delete()
    assert seed_forbidden_claims() == 0
    assert not ForbiddenClaim.objects.filter(phrase="包过").exists()
    assert ReferenceSeed.objects.filter(kind=SEED_KIND, key="包过").exists()


def test_editors_add_a_phrase_and_it_is_checked(client, editor, author):
    login(client, editor)
    assert client.get(LIST_URL).status_code == 200
    response = client.post(
        ADD_URL,
        {"phrase": "政府买单认证", "reason": "误导企业", "allowed_contexts": "", "active": "on"},
    )
    assert response.status_code == 302
    case = draft_case(author, summary="企业参加后由政府买单认证。")
    assert any("政府买单认证" in result.message for result in failures(run_checks(case)))


def test_editors_switch_a_phrase_off(client, editor, author):
    claim = ForbiddenClaim.objects.get(phrase="包通过")
    edit = reverse("wagtailsnippets_review_forbiddenclaim:edit", args=(claim.pk,))
    login(client, editor).post(edit, {"phrase": "包通过", "reason": "", "allowed_contexts": ""})
    assert not ForbiddenClaim.objects.get(pk=claim.pk).active
    assert not failures(run_checks(draft_case(author, summary="审核包通过")))


def test_body_and_district_users_cannot_change_the_list(client, author):
    login(client, author)
    assert client.get(LIST_URL).status_code in (302, 403)
    client.post(ADD_URL, {"phrase": "随便", "active": "on"})
    assert not ForbiddenClaim.objects.filter(phrase="随便").exists()
