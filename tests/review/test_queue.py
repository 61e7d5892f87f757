"""The editors' queue: what waits, since when, from whom; the campaign's review dates."""

import datetime

import pytest
from django.urls import reverse

from library.models import Campaign
from review.queue import review_queue, urgency
from tests.review.helpers import campaign, draft_case, login, submit

pytestmark = pytest.mark.django_db
QUEUE_URL = reverse("review_queue")


def test_urgency_follows_the_campaigns_review_dates(site_tree):
    c2024 = campaign(2024)  # last phase ends 2024-11-30
    assert urgency(c2024, datetime.date(2024, 10, 1)).level == "normal"
    soon = urgency(c2024, datetime.date(2024, 11, 20))
    assert soon.level == "soon" and soon.label == "距评审截止 2024-11-30 还有 10 天"
    overdue = urgency(c2024, datetime.date(2024, 12, 3))
    assert overdue.level == "overdue" and overdue.label == "已超过评审截止日期 2024-11-30（3 天）"
    assert urgency(None).level == "none"


def test_the_queue_lists_what_waits_since_when_from_whom(client, author, editor):
    late = draft_case(author, title="2023年度报送的案例", campaign=Campaign.objects.get(year=2023))
    fresh = draft_case(author, title="2024年度报送的案例")
    submit(login(client, author), late)
    submit(client, fresh)

    items = review_queue(today=datetime.date(2024, 11, 25))
    assert [item.page.title for item in items] == ["2023年度报送的案例", "2024年度报送的案例"]
    assert items[0].urgency.level == "overdue" and items[0].late_submission
    assert items[1].urgency.level == "soon"
    assert items[0].submitted_by == author
    assert str(items[0].organisation) == "北辰区"

    page = login(client, editor).get(QUEUE_URL).content.decode()
    assert "2023年度报送的案例" in page and "2024年度报送的案例" in page
    assert "北辰区" in page
    assert author.get_full_name() in page
    assert "已逾期" in page and "逾期报送" in page


def test_only_editors_open_the_queue(client, author):
    assert login(client, author).get(QUEUE_URL).status_code in (302, 403)
