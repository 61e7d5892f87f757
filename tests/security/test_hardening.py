"""Login lock-out on both logins, the Content-Security-Policy header, the admin's idle
timeout."""

import time

import pytest
from django.test import override_settings

from ops.security import LAST_SEEN_KEY
from tests.courses.factories import learner
from tests.factories import PASSWORD, EditorFactory

pytestmark = pytest.mark.django_db

LOGINS = {"admin": "/admin/login/", "learners": "/learners/login/"}


def attempt(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("login", LOGINS)
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, site_tree, login):
    user = EditorFactory() if login == "admin" else learner()
    url = LOGINS[login]
    for _ in range(5):
        response = attempt(client, url, user.username, "wrong-password")
        assert not signed_in(client)
    response = attempt(client, url, user.username, PASSWORD)
    assert response.status_code == 429
    assert "登录已锁定" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize("login", LOGINS)
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_four_wrong_passwords_then_the_right_one_signs_in(client, site_tree, login):
    user = EditorFactory() if login == "admin" else learner()
    url = LOGINS[login]
    for _ in range(4):
        assert attempt(client, url, user.username, "wrong-password").status_code == 200
    response = attempt(client, url, user.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_locked_username_does_not_lock_other_accounts(client, site_tree):
    victim, other = EditorFactory(), EditorFactory()
    for _ in range(5):
        attempt(client, LOGINS["admin"], victim.username, "wrong-password")
    assert attempt(client, LOGINS["admin"], other.username, PASSWORD).status_code == 302


def csp_of(response):
    header = response["Content-Security-Policy"]
    return {part.strip().split()[0]: part.strip().split()[1:] for part in header.split(";") if part}


def test_public_pages_have_a_strict_policy(client, site_tree):
    policy = csp_of(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_admin_allows_inline_scripts_only_there(client, editor):
    client.force_login(editor)
    policy = csp_of(client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


IDLE = 30 * 60


def test_admin_session_ends_after_thirty_idle_minutes(client, editor, monkeypatch):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    started = client.session[LAST_SEEN_KEY]

    monkeypatch.setattr(time, "time", lambda: started + IDLE)
    assert client.get("/admin/").status_code == 200  # exactly 30 minutes: still signed in

    last = client.session[LAST_SEEN_KEY]
    monkeypatch.setattr(time, "time", lambda: last + IDLE + 1)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not signed_in(client)


def test_activity_keeps_the_admin_session_alive(client, editor, monkeypatch):
    client.force_login(editor)
    client.get("/admin/")
    now = client.session[LAST_SEEN_KEY]
    for _ in range(4):  # a request every 20 minutes for 80 minutes
        now += 20 * 60
        monkeypatch.setattr(time, "time", lambda now=now: now)
        assert client.get("/admin/").status_code == 200
    assert signed_in(client)


def test_learners_are_not_signed_out_after_thirty_minutes(client, site_tree, monkeypatch):
    user = learner()
    client.force_login(user)
    assert client.get("/learners/").status_code == 200
    later = time.time() + 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/learners/").status_code == 200
    assert signed_in(client)
