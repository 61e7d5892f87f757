"""The page cache: anonymous readers get cached pages, never a stale one, and nobody signed in
ever gets a cached page (ops/pagecache.py, library/pagecache.py, project/reactions.py)."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from cases.models import CaseRecognition
from library import pagecache
from library.models import Clause
from review.publication import seed_publication
from tests.cases.factories import complete_case, open_campaign
from tests.courses.factories import learner, make_course, make_lesson, question
from tests.factories import PASSWORD, CertificationBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on():
    pagecache.page_cache().clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield
    pagecache.page_cache().clear()


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


@pytest.fixture
def course(site_tree):
    body = CertificationBodyFactory()
    course = make_course(body, "缓存测试课程")
    make_lesson(course, "第一课 老课时", clauses=("8.4",))
    return course


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, course):
    assert fetch(client, course.url)[0] == "MISS"
    state, html = fetch(client, course.url)
    assert state == "HIT"
    assert "第一课 老课时" in html
    # The CSRF cookie alone does not change the page.
    client.cookies["csrftoken"] = "x" * 32
    assert fetch(client, course.url)[0] == "HIT"


def test_publishing_a_lesson_changes_the_cached_course_page_at_once(client, course):
    fetch(client, course.url)
    assert fetch(client, course.url)[0] == "HIT"
    make_lesson(course, "第二课 新发布", clauses=("8.5",))
    state, html = fetch(client, course.url)
    assert state == "MISS" and "第二课 新发布" in html


def test_unpublishing_takes_the_lesson_out_of_the_cached_pages(client, course):
    lesson = make_lesson(course, "第二课 将撤下", clauses=("8.5",))
    assert "第二课 将撤下" in fetch(client, course.url)[1]
    assert "第二课 将撤下" in fetch(client, "/clauses/")[1]
    assert fetch(client, course.url)[0] == "HIT"
    lesson.unpublish()
    assert "第二课 将撤下" not in fetch(client, course.url)[1]
    assert "第二课 将撤下" not in fetch(client, "/clauses/")[1]
    assert client.get(lesson.url).status_code == 404


def test_a_decision_and_its_withdrawal_show_on_the_cached_case_page(client, site_tree):
    case = complete_case(publish=True)
    fetch(client, case.url)
    state, html = fetch(client, case.url)
    assert state == "HIT" and "市级优良案例" not in html
    recognition = CaseRecognition.objects.create(
        case=case, level="city", decided_at=timezone.now(), source="测试轮次"
    )
    state, html = fetch(client, case.url)
    assert state == "MISS" and "市级优良案例" in html
    recognition.delete()
    assert "市级优良案例" not in fetch(client, case.url)[1]


def test_a_reference_data_edit_shows_on_the_cached_clause_browse(client, course):
    fetch(client, "/clauses/")
    state, html = fetch(client, "/clauses/")
    assert state == "HIT" and "外部提供的过程、产品和服务的控制" in html
    clause = Clause.objects.get(number="8.4")
    clause.title = "外部供方的控制（改）"
    clause.save()
    state, html = fetch(client, "/clauses/")
    assert state == "MISS" and "外部供方的控制（改）" in html


def test_moving_a_page_and_a_site_change_invalidate(client, course, site_tree):
    other = CertificationBodyFactory()
    fetch(client, course.url)
    with seed_publication():  # the fixture course is past its campaign's deadline
        course.move(other.courses_section, pos="last-child")
    course.refresh_from_db()
    assert fetch(client, course.url)[0] == "MISS"
    fetch(client, course.url)
    site = site_tree.get_site()
    site.site_name = "改名"
    site.save()
    assert fetch(client, course.url)[0] == "MISS"


def test_the_date_is_part_of_the_entry(client, course):
    """Phases and deadlines read today's date: yesterday's page is not today's."""
    fetch(client, course.url)
    assert fetch(client, course.url)[0] == "HIT"
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert fetch(client, course.url)[0] == "MISS"


def test_a_signed_in_learner_never_gets_a_cached_page_nor_another_learners(client, course):
    fetch(client, course.url)
    assert fetch(client, course.url)[0] == "HIT"
    first, second = learner("learner-one"), learner("learner-two")
    client.login(username=first.username, password=PASSWORD)
    response = client.get(course.url)
    assert "X-Page-Cache" not in response
    html = response.content.decode()
    assert "您好" in html and "登录后可记录学习进度" not in html
    client.logout()
    client.login(username=second.username, password=PASSWORD)
    again = client.get(course.url)
    assert "X-Page-Cache" not in again
    # The second learner's page carries the second learner's CSRF token, not the first's.
    assert again.context["csrf_token"] != response.context["csrf_token"]
    assert str(again.context["csrf_token"]) not in html
    client.logout()
    # And the anonymous entry never contained either learner.
    _state, anonymous = fetch(client, course.url)
    assert "您好" not in anonymous


def test_a_page_whose_form_sets_the_csrf_cookie_is_never_cached(client, course):
    lesson = make_lesson(
        course,
        "带考题课时",
        clauses=("8.4",),
        blocks=[question("题目", [("甲", True), ("乙", False)])],
    )
    url = course.url + "assessment/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert response["X-Page-Cache"] == "BYPASS"
    # A reader with another cookie (a session) is not served the anonymous entry.
    fetch(client, lesson.url)
    assert fetch(client, lesson.url)[0] == "HIT"
    client.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in client.get(lesson.url)


def test_admin_search_and_authorised_requests_bypass_the_cache(client, course):
    for url in ("/search/", "/health/live/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url)
    fetch(client, course.url)
    assert "X-Page-Cache" not in client.get(course.url, HTTP_AUTHORIZATION="Bearer x")


def test_an_evicted_generation_never_revives_old_entries(client, course):
    fetch(client, course.url)
    assert fetch(client, course.url)[0] == "HIT"
    pagecache.page_cache().delete(pagecache.GENERATION_KEY)
    assert fetch(client, course.url)[0] == "MISS"


def test_the_deadline_campaign_is_reference_data(client, site_tree):
    campaign = open_campaign()
    home = site_tree.url
    fetch(client, home)
    assert fetch(client, home)[0] == "HIT"
    campaign.title = "改过的年度标题"
    campaign.save()
    assert fetch(client, home)[0] == "MISS"


def test_a_page_made_private_is_never_served_from_the_cache(client, site_tree):
    from wagtail.models import PageViewRestriction

    case = complete_case(publish=True, title="将设为不公开的案例")
    library = case.get_parent().get_parent().url
    fetch(client, case.url)
    assert "将设为不公开的案例" in fetch(client, library)[1]
    restriction = PageViewRestriction.objects.create(
        page=case, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(case.url)
    assert response.status_code == 302 and "将设为不公开的案例" not in response.content.decode()
    assert "将设为不公开的案例" not in fetch(client, library)[1]
    restriction.delete()
    assert "将设为不公开的案例" in fetch(client, library)[1]
