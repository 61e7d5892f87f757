"""Learners manage their accounts: consent at sign-up, password change and reset by e-mail,
deletion that keeps certificates verifiable without personal data; editors and the course's
body revoke certificates, which the verify page reports."""

import re

import pytest
from django.core import mail

from courses.models import Attempt, Certificate, LearnerProfile, LessonProgress
from courses.privacy import NOTICE_VERSION
from tests.courses.factories import learner
from tests.courses.test_assessment import signed_in, study_all, take
from tests.courses.test_learners import signup_data
from tests.factories import PASSWORD, CertificationBodyFactory, EditorFactory, body_user

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Zhiliang-New-2025!"


def test_sign_up_needs_consent_to_the_privacy_notice(client, site_tree):
    refused = client.post("/learners/signup/", signup_data(privacy_consent=""))
    assert refused.status_code == 200
    assert "请阅读并同意个人信息保护告知" in refused.content.decode()
    assert not LearnerProfile.objects.exists()

    client.post("/learners/signup/", signup_data())
    profile = LearnerProfile.objects.get()
    assert profile.privacy_notice_version == NOTICE_VERSION
    assert profile.privacy_consent_at is not None


def test_the_privacy_notice_says_what_is_stored_and_why(client, site_tree):
    html = client.get("/learners/privacy/").content.decode()
    for words in ("统一社会信用代码", "印在结业证书上", "注销", "个人信息保护法"):
        assert words in html


def test_a_learner_changes_their_password(client, site_tree):
    user = signed_in(client)
    response = client.post(
        "/learners/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    wrong = client.post(
        "/learners/password/change/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "旧密码" in wrong.content.decode() or "密码" in wrong.content.decode()


def test_a_learner_resets_a_forgotten_password_by_email(client, site_tree):
    user = learner()
    response = client.post("/learners/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "重设密码" in message.subject and user.username in message.body
    link = re.search(r"https?://[^/\s]+(/learners/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]
    # An unknown address gets the same answer and no mail.
    client.post("/learners/password/reset/", {"email": "nobody@example.cn"})
    assert len(mail.outbox) == 1


def test_deleting_an_account_keeps_the_certificate_verifiable_without_personal_data(client, course):
    user = signed_in(client)
    study_all(client, course)
    take(client, course)
    certificate = Certificate.objects.get()
    assert certificate.learner_name == "孙丽"

    wrong = client.post("/learners/delete/", {"password": "nope"})
    assert "密码不正确" in wrong.content.decode()
    client.post("/learners/delete/", {"password": PASSWORD})

    assert not type(user).objects.filter(pk=user.pk).exists()
    assert not LearnerProfile.objects.exists()
    assert not Attempt.objects.exists() and not LessonProgress.objects.exists()
    certificate.refresh_from_db()
    assert certificate.user is None and certificate.learner_name == ""
    assert certificate.enterprise_name == ""
    verify = client.get("/certificates/verify/", {"code": certificate.code}).content.decode()
    assert "证书有效" in verify and "学员已注销账号" in verify
    assert "孙丽" not in verify and "鑫达" not in verify
    assert course.title in verify


def test_staff_accounts_cannot_delete_themselves_here(client, site_tree):
    editor = EditorFactory()
    client.login(username=editor.username, password=PASSWORD)
    client.post("/learners/delete/", {"password": PASSWORD})
    assert type(editor).objects.filter(pk=editor.pk).exists()


def test_the_owning_body_revokes_a_certificate_and_verify_reports_it(client, course, body):
    signed_in(client)
    study_all(client, course)
    take(client, course)
    certificate = Certificate.objects.get()
    client.logout()

    stranger = body_user(CertificationBodyFactory())
    client.force_login(stranger)
    listing = client.get("/admin/learning/certificates/").content.decode()
    assert certificate.display_code not in listing
    client.post("/admin/learning/certificates/", {"certificate": certificate.pk, "reason": "x"})
    certificate.refresh_from_db()
    assert not certificate.is_revoked

    client.force_login(body_user(body))
    assert certificate.display_code in client.get("/admin/learning/certificates/").content.decode()
    client.post("/admin/learning/certificates/", {"certificate": certificate.pk, "reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # a reason is required
    client.post(
        "/admin/learning/certificates/", {"certificate": certificate.pk, "reason": "考评代考"}
    )
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "考评代考"

    verify = client.get("/certificates/verify/", {"code": certificate.code}).content.decode()
    assert "证书已撤销" in verify and "考评代考" in verify and "证书有效" not in verify


def test_learners_are_listed_for_editors_and_the_body_whose_courses_they_took(client, course, body):
    user = signed_in(client)
    take(client, course, wrong=2)
    client.logout()
    other = learner(enterprise="天津市别家企业有限公司")

    client.force_login(body_user(body))
    html = client.get("/admin/learning/learners/").content.decode()
    assert user.learner_profile.enterprise_name in html
    assert "别家企业" not in html
    client.force_login(body_user(CertificationBodyFactory()))
    assert "鑫达" not in client.get("/admin/learning/learners/").content.decode()
    client.force_login(EditorFactory())
    html = client.get("/admin/learning/learners/").content.decode()
    assert "别家企业" in html and other.learner_profile.full_name in html
