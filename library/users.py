"""Who may administer which accounts: the one rule, and Wagtail's user admin bound to it.

- Superusers administer everyone and are the only ones who can make a superuser.
- 系统管理员 (``SYSTEM_ADMINS``) administer every account except superusers, every group,
  and may set passwords of the accounts they administer.
- Anyone else holding ``auth.add_user``/``auth.change_user`` (the city editors) administers
  only accounts that are entirely inside ``EDITOR_MANAGED_ROLES`` (body, district and
  expert users, plus the organisations' own groups): they may create such accounts, give
  them the initial password when creating them, change their names, e-mail, active state
  and roles within that set, and nothing else. Never the 管理员 (superuser) flag, never
  the password of an existing account, never any other group, never an account outside
  those roles (``admin``, another editor, a system administrator, themselves).

Enforced on the server, on every path into the user admin: the list, the create / edit /
delete / history views (an account out of reach is a 404), the form (fields the user may
not set are removed, so a forged POST changes nothing, and the group choices are limited),
the bulk actions (``before_bulk_action``), and the user field of the organisation
membership and expert snippets (which add groups to an account when saved).

Wagtail docs: https://docs.wagtail.org/en/stable/extending/customizing_group_views.html
and https://docs.wagtail.org/en/stable/advanced_topics/customization/custom_user_models.html
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from library.roles import EDITOR_MANAGED_ROLES, is_system_admin, organisation_groups

User = get_user_model()

USER_ADMIN_PERMISSIONS = ("auth.add_user", "auth.change_user", "auth.delete_user")
OUT_OF_REACH = "您无权管理该账号或授予该角色。"


def administers_all_users(user):
    """Superusers and system administrators: the whole user and group admin."""
    return user.is_authenticated and user.is_active and is_system_admin(user)


def has_user_admin(user):
    return user.is_authenticated and any(user.has_perm(p) for p in USER_ADMIN_PERMISSIONS)


def assignable_groups(actor):
    """The groups ``actor`` may put an account into."""
    if administers_all_users(actor):
        return Group.objects.all()
    if not has_user_admin(actor):
        return Group.objects.none()
    return Group.objects.filter(
        Q(name__in=EDITOR_MANAGED_ROLES) | Q(id__in=organisation_groups().values("id"))
    )


def manageable_users(actor):
    """The accounts ``actor`` may see and edit in the user admin."""
    if not has_user_admin(actor):
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    if administers_all_users(actor):
        return User.objects.filter(is_superuser=False)
    allowed = assignable_groups(actor)
    return (
        User.objects.filter(is_superuser=False, is_staff=False, groups__in=allowed)
        .exclude(groups__in=Group.objects.exclude(id__in=allowed.values("id")))
        .exclude(pk=actor.pk)
        .distinct()
    )


def may_manage_user(actor, target):
    return manageable_users(actor).filter(pk=target.pk).exists()


def may_set_password(actor, target=None):
    """Full administrators set passwords of the accounts they manage; editors only give a
    new account its initial password (``target`` None), never change an existing one."""
    if target is None:
        return has_user_admin(actor)
    return administers_all_users(actor) and may_manage_user(actor, target)


class ScopedUserFormMixin:
    """Removes what ``for_user`` may not set; the form then ignores those POST fields."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        target = self.instance if self.instance.pk else None
        if not (for_user and for_user.is_superuser):
            self.fields.pop("is_superuser", None)
        if not (for_user and may_set_password(for_user, target)):
            self.fields.pop("password1", None)
            self.fields.pop("password2", None)
        if "groups" in self.fields:
            self.fields["groups"].queryset = assignable_groups(for_user).order_by("name")
            if not administers_all_users(for_user):
                self.fields["groups"].required = True
                self.fields[
                    "groups"
                ].help_text = "市级编辑只能授予认证机构用户、区用户、评审专家及各单位的角色。"

    @property
    def password_enabled(self):
        return "password1" in self.fields

    def clean(self):
        cleaned = super().clean()
        actor = self.for_user
        if actor is None or not has_user_admin(actor):
            raise forms.ValidationError(OUT_OF_REACH)
        groups = cleaned.get("groups")
        if groups is not None:
            allowed = set(assignable_groups(actor).values_list("id", flat=True))
            if any(group.id not in allowed for group in groups):
                self.add_error("groups", OUT_OF_REACH)
        return cleaned

    def save(self, commit=True):
        if self.instance.is_superuser and not self.for_user.is_superuser:
            raise PermissionError(OUT_OF_REACH)  # unreachable through the views; a last guard
        return super().save(commit=commit)


class ScopedUserCreationForm(ScopedUserFormMixin, UserCreationForm):
    pass


class ScopedUserEditForm(ScopedUserFormMixin, UserEditForm):
    pass


class ScopedObjectMixin:
    """An account outside the actor's reach does not exist for them (404)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_manage_user(self.request.user, obj):
            raise Http404(OUT_OF_REACH)
        return obj


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=manageable_users(self.request.user))


class CreateView(wagtail_users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class EditView(ScopedObjectMixin, wagtail_users.EditView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class DeleteView(ScopedObjectMixin, wagtail_users.DeleteView):
    pass


class HistoryView(ScopedObjectMixin, wagtail_users.HistoryView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    """Registered through ``library.apps.WagtailUsersConfig.user_viewset``."""

    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

    def get_form_class(self, for_update=False):
        return ScopedUserEditForm if for_update else ScopedUserCreationForm


def refuse_bulk_action(request, action_type, objects, action):
    """``before_bulk_action``: the user list's bulk actions (assign role, set active state,
    delete) apply only to accounts, and grant only roles, within the actor's reach."""
    if action.model is not User:
        return None
    actor = request.user
    reachable = set(manageable_users(actor).values_list("pk", flat=True))
    refused = any(obj.pk not in reachable for obj in objects)
    role = getattr(action, "cleaned_form", None) and action.cleaned_form.cleaned_data.get("role")
    if role is not None and not assignable_groups(actor).filter(pk=role.pk).exists():
        refused = True
    if refused:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(OUT_OF_REACH)
    return None


class ManagedUserFieldForm(WagtailAdminModelForm):
    """For snippets with a ``user`` field whose save changes the account's groups
    (organisation membership): only accounts within the actor's reach can be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields and self.for_user is not None:
            reachable = Q(pk__in=manageable_users(self.for_user).values("pk"))
            if self.instance.pk and self.instance.user_id:
                reachable |= Q(pk=self.instance.user_id)
            self.fields["user"].queryset = User.objects.filter(reachable).order_by("username")
