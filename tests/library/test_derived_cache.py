"""Values derived from public content (the case library's order and count, the browse by
clause's lesson lists) are kept per content generation, so a fresh render of a long list does
not sort the whole library again; and they change the moment the content does
(library.pagecache.remember, library.pagination.KeyPaginator)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cases.models import CaseIndexPage
from library import pagecache
from review.publication import seed_publication
from tests.cases.factories import complete_case
from tests.courses.factories import make_course, make_lesson
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def derived_cache_on():
    pagecache.page_cache().clear()
    # The page cache stays off: every request renders afresh.
    with override_settings(DERIVED_CACHE_ENABLED=True, PAGE_CACHE_ENABLED=False):
        yield
    pagecache.page_cache().clear()


def render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def test_the_case_library_sorts_once_per_change_and_shows_a_publish_at_once(client, site_tree):
    first = complete_case(publish=True, title="第一个优良案例")
    library = CaseIndexPage.objects.get().url
    html, cold = render(client, library)
    assert "第一个优良案例" in html
    html, warm = render(client, library)
    assert warm < cold  # the keys' sort and count were not made again
    section = first.get_parent().url
    assert "第一个优良案例" in render(client, section)[0]

    second = complete_case(publish=True, title="第二个优良案例")
    for url in (library, section):
        html = render(client, url)[0]
        assert "第一个优良案例" in html and "第二个优良案例" in html, url
    with seed_publication():
        second.unpublish()
    for url in (library, section):
        assert "第二个优良案例" not in render(client, url)[0], url


def test_each_filter_keeps_its_own_list(client, site_tree):
    complete_case(publish=True, title="北辰的案例")
    complete_case("西青区", publish=True, title="西青的案例")
    library = CaseIndexPage.objects.get().url
    assert "西青的案例" in render(client, library)[0]
    district = site_tree_district_id("北辰区")
    html = render(client, f"{library}?district={district}")[0]
    assert "北辰的案例" in html and "西青的案例" not in html
    # a value the form refuses is ignored, as the list ignores it, under the unfiltered key
    assert "西青的案例" in render(client, f"{library}?district=999999")[0]


def site_tree_district_id(name):
    from library.models import District

    return District.objects.get(name=name).pk


def test_the_browse_by_clause_follows_a_published_lesson(client, site_tree):
    course = make_course(CertificationBodyFactory(), "条款浏览测试课程")
    make_lesson(course, "外部提供的控制第一课", clauses=("8.4",))
    html, cold = render(client, "/clauses/")
    assert "外部提供的控制第一课" in html
    assert render(client, "/clauses/")[1] < cold
    make_lesson(course, "外部提供的控制第二课", clauses=("8.4",))
    assert "外部提供的控制第二课" in render(client, "/clauses/")[0]


def test_a_case_card_is_rendered_once_per_change(client, site_tree):
    from django.utils import timezone

    from cases.models import CasePage, CaseRecognition

    case = complete_case(publish=True, title="原来的标题")
    section = case.get_parent().url
    assert "原来的标题" in render(client, section)[0]
    # a write that bypasses every signal does not change the generation: the card is kept
    CasePage.objects.filter(pk=case.pk).update(title="悄悄改的标题")
    assert "原来的标题" in render(client, section)[0]
    # a decision is a change of public content: the card is made again, with both
    CaseRecognition.objects.create(
        case=case, level="city", decided_at=timezone.now(), source="测试轮次"
    )
    html = render(client, section)[0]
    assert "悄悄改的标题" in html and "市级优良案例" in html


def test_a_kept_list_reads_no_rows_and_each_page_keeps_its_own(client, site_tree):
    from cases.models import CasePage

    with seed_publication():  # past the district's yearly quota: fixture data
        for number in range(14):  # a district section shows 12 a page
            complete_case(publish=True, title=f"分页案例{number:02d}")
    section = CasePage.objects.get(title="分页案例00").get_parent().url
    first, cold = render(client, section)
    again, warm = render(client, section)
    assert again == first
    with CaptureQueriesContext(connection) as queries:
        client.get(section)
    assert not any("cases_casemetric" in q["sql"] for q in queries.captured_queries)
    assert warm < cold
    second = render(client, f"{section}?page=2")[0]
    shown = {f"分页案例{n:02d}" for n in range(14) if f"分页案例{n:02d}" in first}
    shown_second = {f"分页案例{n:02d}" for n in range(14) if f"分页案例{n:02d}" in second}
    assert len(shown) == 12 and len(shown_second) == 2 and not shown & shown_second


def test_a_course_outline_is_kept_for_readers_without_progress_and_never_shows_anothers(
    client, site_tree
):
    from courses.models import LessonProgress
    from tests.courses.factories import learner
    from tests.factories import PASSWORD

    course = make_course(CertificationBodyFactory(), "大纲保留课程")
    first = make_lesson(course, "第一课 质量方针", clauses=("5.2",))
    make_lesson(course, "第二课 内部审核", clauses=("9.2",))
    course.refresh_from_db()
    html, cold = render(client, course.url)
    html, warm = render(client, course.url)
    # Kept: the order, the count and the HTML; the lessons themselves are not read again.
    assert warm < cold and "第一课 质量方针" in html and 'href="/clauses/#clause-5.2"' in html
    assert f'href="{first.url}"' in html and "lesson-item--done" not in html

    # A learner who finished the first lesson sees it marked; the next anonymous reader does
    # not, and the learner's mark is not kept for anyone else.
    reader = learner()
    LessonProgress.objects.create(user=reader, lesson=first)
    client.login(username=reader.username, password=PASSWORD)
    assert render(client, course.url)[0].count("lesson-item--done") == 1
    client.logout()
    assert "lesson-item--done" not in render(client, course.url)[0]
    other = learner()
    client.login(username=other.username, password=PASSWORD)
    html = render(client, course.url)[0]
    assert "lesson-item--done" not in html and "第二课 内部审核" in html
    client.logout()

    # A lesson published or retitled shows at once.
    make_lesson(course, "第三课 管理评审", clauses=("9.3",))
    first.title = "第一课 质量方针和目标"
    with seed_publication():
        first.save_revision().publish()
    html = render(client, course.url)[0]
    assert "第三课 管理评审" in html and "第一课 质量方针和目标" in html
    assert "（共 3 课时）" in html
