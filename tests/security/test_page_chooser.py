"""The admin's page chooser shows a user live pages and the pages they may edit: never
another organisation's draft, not even its title."""

import json

import pytest
from django.urls import reverse

from tests.factories import ExpertFactory, district, district_user
from tests.review.helpers import draft_case

pytestmark = pytest.mark.django_db

BEICHEN_DRAFT = "北辰区草稿：精密机械首件检验"
WUQING_DRAFT = "武清区草稿：自行车车架焊接"


@pytest.fixture
def drafts(site_tree):
    beichen = district_user(district("北辰区"))
    wuqing = district_user(district("武清区"))
    return {
        "beichen": (beichen, draft_case(beichen, title=BEICHEN_DRAFT)),
        "wuqing": (wuqing, draft_case(wuqing, title=WUQING_DRAFT)),
    }


def text_of(response):
    """The modal's JSON decoded, so that escaped Chinese titles are compared as text."""
    assert response.status_code == 200, response.status_code
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.content.decode()


def chooser_texts(client, page):
    """What the chooser shows when browsing the page's section, when searching, and for
    the page's id as "chosen"."""
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=(page.get_parent().pk,)))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "草稿"})
    chosen = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [page.pk]})
    return text_of(browse) + text_of(search) + text_of(chosen)


def test_a_district_sees_its_own_draft_and_not_the_others(client, drafts):
    beichen, beichen_case = drafts["beichen"]
    _, wuqing_case = drafts["wuqing"]
    client.force_login(beichen)
    own = chooser_texts(client, beichen_case)
    assert BEICHEN_DRAFT in own
    other = chooser_texts(client, wuqing_case)
    assert WUQING_DRAFT not in other


def test_browsing_into_another_organisations_draft_is_refused(client, drafts):
    beichen, _ = drafts["beichen"]
    _, wuqing_case = drafts["wuqing"]
    client.force_login(beichen)
    url = reverse("wagtailadmin_choose_page_child", args=(wuqing_case.pk,))
    response = client.get(url)
    assert response.status_code == 404
    assert WUQING_DRAFT not in response.content.decode()


def test_an_expert_sees_only_live_pages(client, drafts):
    _, beichen_case = drafts["beichen"]
    _, wuqing_case = drafts["wuqing"]
    client.force_login(ExpertFactory())
    texts = chooser_texts(client, beichen_case) + chooser_texts(client, wuqing_case)
    assert BEICHEN_DRAFT not in texts
    assert WUQING_DRAFT not in texts
    # The live section pages are still there to browse through.
    assert beichen_case.get_parent().title in texts


def test_a_city_editor_sees_every_draft(client, drafts, editor):
    client.force_login(editor)
    texts = chooser_texts(client, drafts["beichen"][1]) + chooser_texts(client, drafts["wuqing"][1])
    assert BEICHEN_DRAFT in texts
    assert WUQING_DRAFT in texts
