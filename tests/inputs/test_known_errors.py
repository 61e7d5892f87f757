"""Each input that used to end in a server error, now a 400 with a Chinese message (or, for
withdrawing a decision that never existed, a message that says so)."""

import pytest
from django.urls import NoReverseMatch, reverse

from selection.models import Decision
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

UNICODE_DIGITS = ["²", "¹²", "١٢", "１２", "৩"]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def chinese(text):
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("page", [*UNICODE_DIGITS, "0", "-1", "1.0", "99999999999999999999"])
def test_search_page_numbers(client, site_tree, page):
    html = client.get("/search/", {"q": "审核", "page": page})
    assert html.status_code == 400
    assert "参数“page”应为1 到 1000 之间的整数" in html.content.decode()
    api = client.get("/api/search/", {"q": "审核", "page": page})
    assert api.status_code == 400
    assert "参数“page”" in api.json()["error"]


@pytest.mark.parametrize("year", ["abc", "２０２４", "١٩٩٩", "20245", "²⁰²⁴"])
def test_search_year_filter(client, site_tree, year):
    response = client.get("/api/search/", {"q": "审核", "year": year})
    assert response.status_code == 400 and "四位年份" in response.json()["error"]


@pytest.mark.parametrize("answer", [*UNICODE_DIGITS, "-1", "1.0", " ", "9" * 40])
def test_an_assessment_answer_that_is_not_a_choice(client, course, answer):
    from courses.assessment import drawn_questions
    from tests.courses.test_assessment import signed_in, start

    signed_in(client)
    attempt = start(client, course)  # answers are checked against the attempt's draw
    questions = drawn_questions(attempt)
    sheet = {q.field_name: [str(min(q.correct))] for q in questions}
    sheet.update(action="submit", attempt=str(attempt.pk))
    sheet[questions[0].field_name] = [answer]
    response = client.post(course.url + "assessment/", sheet)
    assert response.status_code == 400
    assert "答卷中包含无效的选项" in response.content.decode()


def _dashboard_urls():
    """The cases dashboard and its export (moving from cases_admin to reports_admin)."""
    for namespace in ("reports_admin", "cases_admin"):
        try:
            return reverse(f"{namespace}:dashboard"), reverse(f"{namespace}:dashboard_export")
        except NoReverseMatch:
            continue
    raise AssertionError("no dashboard URL")


@pytest.mark.parametrize("year", ["abc", "²⁰²⁴", "2024abc", "99999999999999999999", "\x00"])
def test_dashboard_and_export_year(client, editor, year):
    login(client, editor)
    for url in _dashboard_urls():
        response = client.get(url, {"year": year})
        assert response.status_code == 400, url
        text = response.content.decode()
        assert "参数“year”" in text and chinese(text)


def test_an_existing_year_still_shows_the_dashboard(client, editor):
    from library.models import Campaign

    login(client, editor)
    year = Campaign.objects.order_by("year").first().year
    dashboard, export = _dashboard_urls()
    assert client.get(dashboard, {"year": year}).status_code == 200
    assert client.get(export, {"year": year}).status_code == 200
    assert client.get(dashboard, {"year": "1999"}).status_code == 404


@pytest.mark.parametrize(
    "value", ["abc", "²", "", "-1", "0", "1.5", "99999999999999999999", "1 OR 1=1"]
)
def test_decide_form_case_parameter(client, editor, closed_round, value):
    login(client, editor)
    url = reverse("selection_rounds:decide", args=[closed_round.pk])
    response = client.post(url, {"case": value, "level": "city", "reason": "成效突出"})
    assert response.status_code == 400
    assert "参数“案例”" in response.content.decode()
    assert not closed_round.decisions.exists()


@pytest.mark.parametrize("value", ["abc", "²", "", "99999999999999999999"])
def test_add_assignment_expert_parameter(client, editor, closed_round, value):
    login(client, editor)
    case = closed_round.candidate_cases().first()
    url = reverse("selection_rounds:add_assignment", args=[closed_round.pk])
    before = closed_round.assignments.count()
    response = client.post(url, {"case": case.pk, "expert": value})
    assert response.status_code == 400
    assert "参数“专家”" in response.content.decode()
    assert closed_round.assignments.count() == before


def test_a_missing_record_is_a_404_not_a_400(client, editor, closed_round):
    login(client, editor)
    url = reverse("selection_rounds:decide", args=[closed_round.pk])
    response = client.post(url, {"case": "9223372036854775807", "level": "city", "reason": "x"})
    assert response.status_code == 404


def test_withdrawing_a_decision_that_never_existed_says_so(client, editor, closed_round):
    login(client, editor)
    case = closed_round.candidate_cases().first()
    url = reverse("selection_rounds:decide", args=[closed_round.pk])
    response = client.post(url, {"case": case.pk, "level": "withdraw"}, follow=True)
    text = response.content.decode()
    assert "没有认定，无需撤销" in text
    assert "已撤销" not in text

    client.post(url, {"case": case.pk, "level": "city", "reason": "成效突出"})
    assert closed_round.decisions.filter(entry__case=case, level=Decision.CITY).exists()
    response = client.post(url, {"case": case.pk, "level": "withdraw"}, follow=True)
    assert f"已撤销《{case.title}》的认定" in response.content.decode()
    assert not closed_round.decisions.exists()


def test_the_400_page_is_chinese_and_json_under_api(client, site_tree):
    page = client.get("/search/", {"page": "²"})
    assert page.status_code == 400 and "收到的是“²”" in page.content.decode()
    api = client.get("/api/search/", {"page": "²"})
    assert api["Content-Type"].startswith("application/json")
    assert "收到的是“²”" in api.json()["error"]
