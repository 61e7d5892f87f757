"""SME staff register as learners with their enterprise, sign in on the public site and rate courses."""

import pytest

from courses.models import CourseRating, LearnerProfile
from library.models import District, Industry
from tests.courses.factories import learner
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# A published code whose check character is worked out by hand in tests/library/test_credit_code.py.
VALID_CODE = "9144030071526726XG"


def signup_data(**overrides):
    return {
        "username": "sunli",
        "full_name": "孙丽",
        "email": "sunli@example.cn",
        "password1": "Zhiliang-2024!",
        "password2": "Zhiliang-2024!",
        "enterprise_name": "天津市鑫达车架制造有限公司",
        "credit_code": VALID_CODE.lower(),
        "district": District.objects.get(name="北辰区").pk,
        "industry": Industry.objects.get(code="electric-bicycle").pk,
        "position": "质量负责人",
        "privacy_consent": "on",
        **overrides,
    }


def test_an_sme_learner_registers_with_their_enterprise_and_is_signed_in(client, site_tree):
    response = client.post("/learners/signup/", signup_data())
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user__username="sunli")
    assert profile.credit_code == VALID_CODE
    assert profile.district.name == "北辰区"
    assert not profile.user.is_staff
    assert not profile.user.has_perm("wagtailadmin.access_admin")
    assert client.get("/learners/").status_code == 200
    assert client.get("/admin/").status_code == 302  # no admin for learners


def test_a_wrong_credit_code_is_explained_and_nothing_is_created(client, site_tree):
    response = client.post("/learners/signup/", signup_data(credit_code="91120113MA06A1B2C0"))
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not LearnerProfile.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="sunli").exists()


def test_learners_sign_in_and_out_on_the_public_site(client, site_tree):
    user = learner("zhanggong")
    bad = client.post("/learners/login/", {"username": "zhanggong", "password": "wrong"})
    assert "请输入一个正确的" in bad.content.decode()
    response = client.post(
        "/learners/login/", {"username": "zhanggong", "password": PASSWORD, "next": "/clauses/"}
    )
    assert response.status_code == 302 and response["Location"] == "/clauses/"
    client.post("/learners/logout/")
    assert client.get("/learners/").status_code == 302
    assert user.learner_profile.enterprise_name


def test_a_learner_rates_a_course_once_and_may_change_it(client, course):
    user = learner()
    client.login(username=user.username, password=PASSWORD)
    client.post(course.url + "rate/", {"stars": 4, "comment": "例子很实用"})
    client.post(course.url + "rate/", {"stars": 5, "comment": "更新：非常实用"})
    rating = CourseRating.objects.get(user=user, course=course)
    assert (rating.stars, rating.comment) == (5, "更新：非常实用")
    page = client.get(course.url)
    assert "平均满意度" in page.content.decode()
    assert page.context["rating"]["count"] == 1

    client.post(course.url + "rate/", {"stars": 9})
    assert CourseRating.objects.get(user=user, course=course).stars == 5


def test_anonymous_visitors_cannot_rate(client, course):
    response = client.post(course.url + "rate/", {"stars": 1})
    assert response.status_code == 302 and "/learners/login/" in response["Location"]
    assert not CourseRating.objects.exists()
