"""The clause chooser of the lesson editor finds a clause by its number and by its title."""

import pytest
from django.urls import reverse

from tests.factories import body_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, expected",
    [("8.4.1", "8.4.1"), ("外部提供", "8.4"), ("不合格输出", "8.7"), ("9.2", "9.2")],
)
def test_the_clause_chooser_finds_clauses_by_number_and_title(client, body, query, expected):
    client.force_login(body_user(body))
    url = reverse("wagtailsnippetchoosers_library_clause:choose_results")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    numbers = [clause.number for clause in response.context["results"]]
    assert expected in numbers, numbers
    if query == "8.4.1":
        assert numbers[0] == "8.4.1"
