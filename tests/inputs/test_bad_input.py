"""Bad input never reaches a 500: every public and admin URL that takes parameters, each
parameter given each bad value (unicode digits, huge and negative numbers, empty, repeated
and bracketed arrays, NUL, very long strings, SQL-ish strings...). Each answer is below 500;
a 400 carries a Chinese message. ``test_inputs_covered`` prints the number of inputs."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    "²",
    "¹²³",
    "١٢",
    "１２",
    "৩",
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "",
    " ",
    "\x00",
    "1\x00",
    "\x1b[31m",
    "长" * 5000,
    "a" * 20000,
    "' OR 1=1 --",
    "1; DROP TABLE wagtailcore_page; --",
    '" OR ""="',
    "%00",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "{}",
    "[]",
    "null",
    "true",
    "\ud7ff\ue000\U0010ffff",
    "🙂" * 100,
]
# Each parameter is also sent twice (a repeated value, as ``?x=1&x=²``) and as ``x[]``.
ARRAY_FORMS = ("repeated", "brackets")


@dataclass
class Target:
    name: str
    url: object  # str, or a callable (context) -> str
    params: list
    method: str = "get"
    user: str = ""  # "", "editor", "learner"
    base: dict = field(default_factory=dict)  # sent with every request

    def inputs(self):
        return len(self.params) * (len(BAD_VALUES) + len(ARRAY_FORMS))


def _course_index(context):
    from courses.models import CourseIndexPage

    return CourseIndexPage.objects.first().url


def _case_index(context):
    from cases.models import CaseIndexPage

    return CaseIndexPage.objects.first().url


def _round(name):
    return lambda context: reverse(f"selection_rounds:{name}", args=[context["round"].pk])


def _explorer(context):
    return reverse("wagtailadmin_explore", args=[context["course"].get_parent().pk])


SEARCH = ["q", "page", "type", "year", "district", "body", "industry", "clause"]
TARGETS = [
    # Public
    Target("search page", "/search/", SEARCH, base={"q": "审核"}),
    Target("search api", "/api/search/", SEARCH, base={"q": "审核"}),
    Target("suggest api", "/api/search/suggest/", ["q"]),
    Target("certificate verify", "/certificates/verify/", ["code"]),
    Target("selection verify", "/selection/verify/", ["sha256"]),
    Target("clause browse", "/clauses/", ["clause", "page"]),
    Target("course list", _course_index, ["page", "audience", "industry", "clause", "year", "q"]),
    Target(
        "case library",
        _case_index,
        ["page", "district", "industry", "pilot", "year", "body", "recognition"],
    ),
    Target(
        "assessment",
        lambda context: context["course"].url + "assessment/",
        ["q-unknown", "__first_question__", "attempt"],
        method="post",
        user="learner",  # an attempt is started first: answers are checked against its draw
        base={"action": "submit", "attempt": "__attempt__"},
    ),
    Target("learner login", "/learners/login/", ["username", "password", "next"], method="post"),
    # Admin (a city editor)
    Target("dashboard", lambda c: reverse("reports_admin:dashboard"), ["year"], user="editor"),
    Target(
        "dashboard export",
        lambda c: reverse("reports_admin:dashboard_export"),
        ["year"],
        user="editor",
    ),
    Target(
        "course report",
        lambda c: reverse("reports_admin:course_report"),
        ["year", "format"],
        user="editor",
    ),
    Target("round workbench", _round("manage"), ["case"], user="editor"),
    Target(
        "decide",
        _round("decide"),
        ["case", "level", "reason"],
        method="post",
        user="editor",
        base={"case": "__case__", "level": "city", "reason": "成效突出"},
    ),
    Target(
        "add assignment",
        _round("add_assignment"),
        ["case", "expert"],
        method="post",
        user="editor",
        base={"case": "__case__", "expert": "__expert__"},
    ),
    Target(
        "rounds index",
        lambda c: reverse("selection_rounds:index"),
        ["p", "campaign", "q", "ordering"],
        user="editor",
    ),
    Target("page explorer", _explorer, ["p", "ordering", "q"], user="editor"),
    Target(
        "page search",
        lambda c: reverse("wagtailadmin_pages:search"),
        ["q", "p", "ordering"],
        user="editor",
    ),
    Target(
        "images",
        lambda c: reverse("wagtailimages:index"),
        ["p", "q", "collection_id", "ordering"],
        user="editor",
    ),
    Target(
        "documents",
        lambda c: reverse("wagtaildocs:index"),
        ["p", "q", "collection_id", "ordering"],
        user="editor",
    ),
    Target(
        "page chooser",
        lambda c: reverse("wagtailadmin_choose_page"),
        ["p", "q", "page_type"],
        user="editor",
    ),
    Target(
        "page chooser titles",
        "/admin/choose-page/chosen-multiple/",
        ["id"],
        user="editor",
    ),
    Target(
        "site history",
        lambda c: reverse("wagtailadmin_reports:site_history"),
        ["p", "action", "timestamp_from", "user"],
        user="editor",
    ),
]


def chinese(text):
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _resolve(value, context):
    return {
        "__case__": str(context["case"].pk),
        "__expert__": str(context["expert"].pk),
        "__attempt__": context.get("attempt", ""),
    }.get(value, value)


def requests_for(target, context):
    first_question = context["question_field"]
    for name in target.params:
        name = first_question if name == "__first_question__" else name
        base = {k: _resolve(v, context) for k, v in target.base.items() if k != name}
        for value in BAD_VALUES:
            yield f"{name}={value[:20]!r}", {**base, name: value}
        yield f"{name} repeated", {**base, name: ["1", "²"]}
        yield f"{name}[]", {**base, f"{name}[]": ["1", "2"]}


@pytest.fixture
def context(client, course, closed_round, editor):
    from courses.assessment import course_questions

    case = closed_round.candidate_cases().first()
    return {
        "course": course,
        "round": closed_round,
        "case": case,
        "expert": closed_round.experts.first(),
        "question_field": course_questions(course.lessons())[0].field_name,
        "editor": editor,
    }


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_no_server_error(client, context, target):
    if target.user == "editor":
        assert client.login(username=context["editor"].username, password=PASSWORD)
    if target.user == "learner":
        from courses.assessment import drawn_questions
        from tests.courses.test_assessment import signed_in, start

        signed_in(client)
        attempt = start(client, context["course"])
        first = drawn_questions(attempt)[0].field_name
        context = {**context, "attempt": str(attempt.pk), "question_field": first}
    url = target.url(context) if callable(target.url) else target.url
    failures, answered = [], 0
    for label, data in requests_for(target, context):
        try:
            response = getattr(client, target.method)(url, data)
        except Exception as error:  # a server error raised through the test client
            failures.append(f"{label}: {type(error).__name__}: {str(error)[:120]}")
            continue
        answered += response.status_code in (200, 400)
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
        elif response.status_code == 400:
            text = response.content.decode(errors="replace")
            if not chinese(text):
                failures.append(f"{label}: 400 without a Chinese message: {text[:120]}")
    assert not failures, f"{target.name} {url}: " + "; ".join(failures[:10])
    assert answered, f"{target.name}: no request reached the view (all redirected or refused)"


def test_inputs_covered(capsys):
    total = sum(target.inputs() for target in TARGETS)
    with capsys.disabled():
        print(f"\nbad-input test: {len(TARGETS)} URLs, {total} inputs")
    assert total >= 1000
