"""The HTML mirror: the page cache also writes anonymous pages as files for nginx in front,
and every invalidation of the cache removes them (library/pagecache.py, ops/pagecache.py,
deploy/nginx/)."""

import datetime
from urllib.parse import unquote

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from cases.models import CaseRecognition
from library import pagecache
from library.models import Clause
from tests.cases.factories import complete_case
from tests.cases.test_survey import survey  # noqa: F401 - the questionnaire page fixture
from tests.courses.factories import learner, make_lesson, question
from tests.factories import PASSWORD
from tests.ops.test_pagecache import cache_on, course, fetch  # noqa: F401 - shared set-up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mirror(db, tmp_path, cache_on):  # noqa: F811
    with override_settings(PAGE_CACHE_HTML_DIR=str(tmp_path / "html")):
        pagecache.bump()
        yield tmp_path / "html"


def served(path):
    """The file nginx would answer ``path`` with now, if there is one."""
    target = pagecache.current_mirror_file(path)
    return target if target is not None and target.exists() else None


def test_an_anonymous_page_is_written_for_nginx_with_the_same_html(client, course):  # noqa: F811
    assert served(course.url) is None
    response = client.get(course.url)
    assert response["X-Page-Cache"] == "MISS"
    assert served(course.url).read_bytes() == response.content
    assert served("/clauses/") is None
    fetch(client, "/clauses/")
    assert "第一课 老课时" in served("/clauses/").read_text()
    # The home page (path "/") too.
    fetch(client, "/")
    assert served("/") is not None


def test_publish_removes_the_file_at_once(client, course):  # noqa: F811
    fetch(client, course.url)
    assert served(course.url) is not None
    make_lesson(course, "第二课 新发布", clauses=("8.5",))
    assert served(course.url) is None
    fetch(client, course.url)
    assert "第二课 新发布" in served(course.url).read_text()


def test_unpublish_removes_the_files_at_once(client, course):  # noqa: F811
    lesson = make_lesson(course, "第二课 将撤下", clauses=("8.5",))
    for url in (course.url, "/clauses/", lesson.url):
        fetch(client, url)
        assert "第二课 将撤下" in served(url).read_text()
    lesson.unpublish()
    for url in (course.url, "/clauses/", lesson.url):
        assert served(url) is None
    assert client.get(lesson.url).status_code == 404
    assert served(lesson.url) is None
    fetch(client, course.url)
    assert "第二课 将撤下" not in served(course.url).read_text()


def test_a_decision_and_its_withdrawal_remove_the_case_file(client, site_tree):
    case = complete_case(publish=True)
    fetch(client, case.url)
    assert "市级优良案例" not in served(case.url).read_text()
    recognition = CaseRecognition.objects.create(
        case=case, level="city", decided_at=timezone.now(), source="测试轮次"
    )
    assert served(case.url) is None
    fetch(client, case.url)
    assert "市级优良案例" in served(case.url).read_text()
    recognition.delete()
    assert served(case.url) is None


def test_a_reference_data_edit_removes_the_clause_browse_file(client, course):  # noqa: F811
    fetch(client, "/clauses/")
    assert served("/clauses/") is not None
    clause = Clause.objects.get(number="8.4")
    clause.title = "外部供方的控制（改）"
    clause.save()
    assert served("/clauses/") is None
    fetch(client, "/clauses/")
    assert "外部供方的控制（改）" in served("/clauses/").read_text()


def test_never_written_for_a_signed_in_reader_or_a_session_cookie(client, course):  # noqa: F811
    reader = learner("learner-one")
    client.login(username=reader.username, password=PASSWORD)
    response = client.get(course.url)
    assert response.status_code == 200 and "您好" in response.content.decode()
    assert served(course.url) is None
    client.logout()
    client.cookies["sessionid"] = "whatever"
    assert client.get(course.url).status_code == 200
    assert served(course.url) is None


def test_never_written_for_a_query_string(client, course):  # noqa: F811
    assert client.get(course.url + "?page=1").status_code == 200
    assert served(course.url) is None


def test_public_pages_with_a_form_are_never_written(client, course, survey):  # noqa: F811
    """The public pages that show a form to anonymous readers: the assessment and the
    satisfaction questionnaire (the objection form says no-store). With or without the CSRF
    cookie already set, their token never reaches a file."""
    make_lesson(course, "带考题课时", clauses=("8.4",), blocks=[question("题目", [("甲", True)])])
    for url in (course.url + "assessment/", survey.url):
        for _ in range(2):  # the second time the reader already has the CSRF cookie
            response = client.get(url)
            assert response.status_code == 200
            assert 'name="csrfmiddlewaretoken"' in response.content.decode()
            assert response["X-Page-Cache"] == "BYPASS"
            assert served(url) is None
    # The course page itself has no form for an anonymous reader, and is written.
    fetch(client, course.url)
    assert "csrfmiddlewaretoken" not in served(course.url).read_text()


def test_a_page_rendered_under_an_old_generation_is_never_written(course):  # noqa: F811
    old, day, path = pagecache.generation(), pagecache.mirror_day(), unquote(course.url)
    pagecache.bump()
    assert pagecache.write_mirror(old, day, path, b"stale") is None
    assert served(course.url) is None
    current = pagecache.generation()
    assert pagecache.write_mirror(current, day, path, b"fresh") is not None
    assert served(course.url).read_bytes() == b"fresh"


def test_paths_nginx_would_normalise_get_no_file(course):  # noqa: F811
    token, day = pagecache.generation(), pagecache.mirror_day()
    for path in ("/a/../b/", "/a//b/", "/a/./b/", "/no-slash", "relative/"):
        assert pagecache.write_mirror(token, day, path, b"x") is None


def test_the_file_is_named_by_the_tianjin_date(client, course):  # noqa: F811
    """nginx looks a page up under today's name: yesterday's files are never served."""
    fetch(client, course.url)
    assert served(course.url) is not None
    assert pagecache.mirror_day().endswith("+08:00")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert served(course.url) is None
        assert fetch(client, course.url)[0] == "MISS"
        assert served(course.url) is not None


def test_an_evicted_generation_starts_an_empty_mirror(client, course):  # noqa: F811
    fetch(client, course.url)
    before = served(course.url)
    pagecache.page_cache().delete(pagecache.GENERATION_KEY)
    assert fetch(client, course.url)[0] == "MISS"
    # A new generation's directory, holding only what was rendered under it.
    assert served(course.url) != before and not before.exists()


def test_a_mirror_switched_on_after_the_token_was_made_is_linked_on_first_write(
    client,
    course,  # noqa: F811
    mirror,
):
    (mirror / pagecache.CURRENT).unlink()
    assert served(course.url) is None
    assert fetch(client, course.url)[0] == "MISS"
    assert served(course.url) is not None
