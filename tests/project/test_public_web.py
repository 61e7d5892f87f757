"""The public library on the web: sitemap.xml and robots.txt, RSS/Atom feeds of new courses
and cases (per district and pilot region), canonical and OpenGraph tags."""

import pytest

from library.models import District
from tests.cases.factories import complete_case
from tests.courses.factories import make_course
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    course = make_course(body, "进货检验怎么做")
    draft = make_course(body, "还没发布的课程", live=False)
    beichen = complete_case("北辰区", title="北辰首件检验", publish=True)
    wuqing = complete_case("武清区", title="武清内审改进", publish=True)
    return course, draft, beichen, wuqing


def test_the_sitemap_lists_live_pages_only(client, library):
    course, draft, beichen, _ = library
    xml = client.get("/sitemap.xml").content.decode()
    assert f"{course.url}</loc>" in xml and f"{beichen.url}</loc>" in xml
    assert draft.slug not in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_private_screens_out(client, site_tree):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /learners/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_feeds_of_new_courses_and_cases(client, library):
    course, draft, beichen, wuqing = library
    rss = client.get("/feeds/courses/").content.decode()
    assert "<rss" in rss and course.title in rss and draft.title not in rss
    atom = client.get("/feeds/cases/atom/").content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom
    assert beichen.title in atom and wuqing.title in atom

    district = District.objects.get(name="北辰区")
    per_district = client.get(f"/feeds/cases/district/{district.pk}/").content.decode()
    assert beichen.title in per_district and wuqing.title not in per_district
    assert "北辰区最新案例" in per_district
    assert client.get("/feeds/cases/district/999999/").status_code == 404


def test_pages_carry_canonical_and_opengraph_tags(client, library):
    course = library[0]
    html = client.get(course.url + "?page=2&utm_source=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver{course.url}">' in html
    assert f'<meta property="og:title" content="{course.title}">' in html
    assert '<meta property="og:locale" content="zh_CN">' in html
    assert 'type="application/rss+xml"' in html
