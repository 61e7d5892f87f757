"""Roles that cannot be escalated: a city editor administers body, district and expert
accounts and nothing else; user and group administration belongs to superusers and the
系统管理员 role."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from library.models import Membership
from library.roles import (
    CITY_EDITORS,
    DISTRICT_USERS,
    EXPERTS,
    SYSTEM_ADMINS,
    role_group,
)
from tests.factories import (
    PASSWORD,
    EditorFactory,
    ExpertFactory,
    UserFactory,
    district,
    district_user,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Zhong-Guo-Tian-Jin-2024!"


def users_url(name, *args):
    return reverse(f"wagtailusers_users:{name}", args=args)


@pytest.fixture
def superuser(site_tree):
    return User.objects.create_superuser("root", "root@example.cn", PASSWORD)


@pytest.fixture
def system_admin(site_tree):
    user = UserFactory(username="sysadmin")
    user.groups.add(role_group(SYSTEM_ADMINS))
    return user


def new_user_data(username, groups, **extra):
    data = {
        "username": username,
        "email": f"{username}@example.cn",
        "first_name": "新",
        "last_name": "用户",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "groups": [group.pk for group in groups],
    }
    data.update(extra)
    return data


def edit_data(user, groups, **extra):
    data = {
        "username": user.username,
        "email": user.email or f"{user.username}@example.cn",
        "first_name": user.first_name or "某",
        "last_name": user.last_name or "人",
        "is_active": "on",
        "groups": [group.pk for group in groups],
    }
    data.update(extra)
    return data


def test_editor_creates_a_district_user_but_never_a_superuser(client, editor):
    client.force_login(editor)
    response = client.post(
        users_url("add"),
        new_user_data("xinren", [role_group(DISTRICT_USERS)], is_superuser="on", is_staff="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="xinren")
    assert not created.is_superuser
    assert not created.is_staff
    assert list(created.groups.values_list("name", flat=True)) == [DISTRICT_USERS]
    # The initial password the editor gave works.
    assert created.check_password(NEW_PASSWORD)


def test_editor_sees_no_superuser_checkbox_or_foreign_groups(client, editor):
    client.force_login(editor)
    html = client.get(users_url("add")).content.decode()
    assert 'name="is_superuser"' not in html
    assert f'value="{role_group(CITY_EDITORS).pk}"' not in html
    assert f'value="{role_group(SYSTEM_ADMINS).pk}"' not in html
    assert f'value="{role_group(EXPERTS).pk}"' in html


def test_editor_cannot_create_an_account_in_the_city_editors_group(client, editor):
    client.force_login(editor)
    response = client.post(users_url("add"), new_user_data("zaoyige", [role_group(CITY_EDITORS)]))
    assert response.status_code == 200  # the form again, with an error
    assert not User.objects.filter(username="zaoyige").exists()


def test_editor_cannot_create_an_account_without_a_managed_role(client, editor):
    client.force_login(editor)
    response = client.post(users_url("add"), new_user_data("wujuese", []))
    assert response.status_code == 200
    assert not User.objects.filter(username="wujuese").exists()


def test_editor_cannot_open_or_edit_the_superuser(client, editor, superuser):
    client.force_login(editor)
    assert client.get(users_url("edit", superuser.pk)).status_code == 404
    response = client.post(
        users_url("edit", superuser.pk),
        edit_data(superuser, [], password1=NEW_PASSWORD, password2=NEW_PASSWORD),
    )
    assert response.status_code == 404
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert superuser.is_superuser


def test_editor_cannot_edit_another_editor_or_a_system_admin(client, editor, system_admin):
    other = EditorFactory()
    client.force_login(editor)
    for target in (other, system_admin, editor):
        assert client.get(users_url("edit", target.pk)).status_code == 404
        assert client.get(users_url("history", target.pk)).status_code == 404
    listing = client.get(users_url("index")).content.decode()
    assert other.username not in listing
    assert system_admin.username not in listing


def test_editor_cannot_reset_a_managed_users_password_or_make_them_superuser(client, editor):
    target = district_user(district("武清区"), username="wuqing")
    client.force_login(editor)
    html = client.get(users_url("edit", target.pk)).content.decode()
    assert 'name="password1"' not in html
    assert 'name="is_superuser"' not in html
    groups = list(target.groups.all())
    response = client.post(
        users_url("edit", target.pk),
        edit_data(
            target,
            groups,
            first_name="改名",
            password1=NEW_PASSWORD,
            password2=NEW_PASSWORD,
            is_superuser="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.first_name == "改名"  # what the editor may change, changed
    assert target.check_password(PASSWORD)
    assert not target.is_superuser


def test_editor_cannot_promote_a_managed_user_into_the_city_editors(client, editor):
    target = ExpertFactory()
    client.force_login(editor)
    response = client.post(
        users_url("edit", target.pk),
        edit_data(target, [role_group(EXPERTS), role_group(CITY_EDITORS)]),
    )
    assert response.status_code == 200
    assert not target.groups.filter(name=CITY_EDITORS).exists()


def test_editor_cannot_bulk_assign_the_city_editor_role(client, editor):
    target = ExpertFactory()
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("auth", "user", "assign_role"))
    response = client.post(
        f"{url}?id={target.pk}", {"role": role_group(CITY_EDITORS).pk, "next": "/admin/users/"}
    )
    # Wagtail answers a PermissionDenied in the admin with a redirect and a message.
    assert response.status_code in (302, 403)
    assert not target.groups.filter(name=CITY_EDITORS).exists()


def test_editor_cannot_bulk_deactivate_the_superuser(client, editor, superuser):
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("auth", "user", "set_active_state"))
    response = client.post(
        f"{url}?id={superuser.pk}", {"mark_as_active": "False", "next": "/admin/users/"}
    )
    assert response.status_code in (302, 403)
    superuser.refresh_from_db()
    assert superuser.is_active


def test_editor_cannot_attach_the_superuser_to_a_district(client, editor, superuser):
    client.force_login(editor)
    url = reverse("wagtailsnippets_library_membership:add")
    response = client.post(url, {"user": superuser.pk, "district": district("武清区").pk})
    assert response.status_code == 200  # refused by the form
    assert not Membership.objects.filter(user=superuser).exists()
    assert not superuser.groups.exists()


def test_editor_has_no_group_admin(client, editor):
    client.force_login(editor)
    assert client.get(reverse("wagtailusers_groups:index")).status_code == 302
    assert client.get(reverse("wagtailusers_groups:add")).status_code == 302


def test_system_admin_adds_a_user_to_the_city_editors_and_resets_a_password(client, system_admin):
    target = ExpertFactory()
    client.force_login(system_admin)
    response = client.post(
        users_url("edit", target.pk),
        edit_data(
            target,
            [role_group(CITY_EDITORS)],
            password1=NEW_PASSWORD,
            password2=NEW_PASSWORD,
            is_superuser="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert list(target.groups.values_list("name", flat=True)) == [CITY_EDITORS]
    assert target.check_password(NEW_PASSWORD)
    assert not target.is_superuser  # only a superuser makes a superuser
    assert client.get(reverse("wagtailusers_groups:index")).status_code == 200


def test_system_admin_cannot_touch_a_superuser(client, system_admin, superuser):
    client.force_login(system_admin)
    assert client.get(users_url("edit", superuser.pk)).status_code == 404
    assert client.get(users_url("delete", superuser.pk)).status_code == 404


def test_superuser_may_make_a_superuser(client, superuser):
    target = ExpertFactory()
    client.force_login(superuser)
    response = client.post(
        users_url("edit", target.pk), edit_data(target, [role_group(EXPERTS)], is_superuser="on")
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_superuser


def test_groups_the_editor_may_grant_include_organisation_groups(editor):
    from library.users import assignable_groups

    names = set(assignable_groups(editor).values_list("name", flat=True))
    assert district("北辰区").group.name in names
    assert CITY_EDITORS not in names
    assert SYSTEM_ADMINS not in names
    assert names <= set(Group.objects.values_list("name", flat=True))
