"""nginx in front with the shipped configuration (deploy/nginx/) answers cached anonymous pages
from the page cache's files, sends everything else to the site, stops serving a page the
moment it changes, and adds the headers the site adds (ops/nginx.py runs it)."""

import socket
import urllib.error
import urllib.request

import pytest
from django.test import override_settings

from library import pagecache
from ops.nginx import Nginx, available
from tests.conftest import require_service
from tests.courses.factories import make_course, make_lesson
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Type",
)


def policy(value):
    """A header's value; a CSP's directives in any order (django-csp does not sort them)."""
    return sorted(part.strip() for part in (value or "").split(";"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def front(live_server, tmp_path, site_tree):
    require_service("nginx", available(), "apt-get install nginx-light")
    pagecache.page_cache().clear()
    html = tmp_path / "html"
    # X_FRAME_OPTIONS as in production (the shipped configuration's value).
    with override_settings(
        PAGE_CACHE_ENABLED=True, PAGE_CACHE_HTML_DIR=str(html), X_FRAME_OPTIONS="SAMEORIGIN"
    ):
        pagecache.bump()
        upstream = live_server.url.removeprefix("http://")
        with Nginx(tmp_path / "nginx", free_port(), upstream, html, workers=1) as server:
            yield f"http://127.0.0.1:{server.port}"
    pagecache.page_cache().clear()


def get(url, method="GET", **headers):
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def course(site_tree):
    course = make_course(CertificationBodyFactory(), "前置服务器课程")
    make_lesson(course, "第一课 老课时", clauses=("8.4",))
    return course


def test_the_second_anonymous_read_is_answered_by_nginx_from_the_file(front, course):
    status, first, body = get(front + course.url)
    assert status == 200 and first["X-Page-Cache"] == "MISS"
    status, second, again = get(front + course.url)
    assert status == 200 and second["X-Page-Cache"] == "FILE"
    assert again == body and "第一课 老课时" in again.decode()
    for name in SECURITY_HEADERS:
        assert policy(second[name]) == policy(first[name]), name
    assert get(front + course.url, method="HEAD")[1]["X-Page-Cache"] == "FILE"


def test_cookies_query_strings_and_posts_go_to_the_site(front, course):
    get(front + course.url)
    assert get(front + course.url)[1]["X-Page-Cache"] == "FILE"
    # A session (a signed-in reader, a learner) or even the CSRF cookie alone.
    assert "X-Page-Cache" not in get(front + course.url, Cookie="sessionid=abc")[1]
    assert get(front + course.url, Cookie="csrftoken=" + "x" * 32)[1]["X-Page-Cache"] == "HIT"
    assert get(front + course.url, Authorization="Bearer x")[1]["X-Page-Cache"] != "FILE"
    assert get(front + course.url + "?page=1")[1]["X-Page-Cache"] != "FILE"
    status, headers, _ = get(front + course.url, method="POST")
    assert headers.get("X-Page-Cache") != "FILE" and status != 200


def test_a_publish_is_shown_by_nginx_on_the_next_read(front, course):
    get(front + course.url)
    assert get(front + course.url)[1]["X-Page-Cache"] == "FILE"
    make_lesson(course, "第二课 新发布", clauses=("8.5",))
    _status, headers, body = get(front + course.url)
    assert headers["X-Page-Cache"] == "MISS" and "第二课 新发布" in body.decode()
    _status, headers, body = get(front + course.url)
    assert headers["X-Page-Cache"] == "FILE" and "第二课 新发布" in body.decode()
