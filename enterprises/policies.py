"""Wagtail permission policies for the enterprise records, from the one rule in
``enterprises.access`` (roles and organisations, not Django model permissions).

Registered when the app is ready, before the snippet viewsets look for them. The admin views
(``enterprises.views``) ask the policy for every object they show or change.
"""

from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from enterprises import access
from enterprises.models import (
    Enterprise,
    HelpLedger,
    LedgerComment,
    MaturityLevel,
    TrainingSession,
)
from library.roles import is_city_editor


class ScopedPermissionPolicy(BasePermissionPolicy):
    """``visible(user, qs)`` and ``changeable(user, qs)`` narrow querysets; ``may_add(user)``."""

    def __init__(self, model, *, visible, changeable, may_add):
        super().__init__(model)
        self.visible = visible
        self.changeable = changeable
        self.may_add = may_add

    def _queryset(self, user, action):
        # "add" concerns no existing object: it never opens one.
        if action in ("change", "delete"):
            return self.changeable(user, self.model.objects.all())
        if action == "view":
            return self.visible(user, self.model.objects.all())
        return self.model.objects.none()

    changing_roles = (access.EDITOR, access.BODY, access.DISTRICT)
    deleting_roles = (access.EDITOR,)

    def user_has_permission(self, user, action):
        role, _ = access.role_of(user)
        if role is None:
            return False
        if action == "add":
            return self.may_add(user)
        if action == "view":
            return True
        if action == "change":
            return role in self.changing_roles
        if action == "delete":
            return role in self.deleting_roles
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return self._queryset(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model.objects.none()
        for action in actions:
            if self.user_has_permission(user, action):
                queryset = queryset | self._queryset(user, action)
        return queryset.distinct()

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                pk__in=[
                    user.pk
                    for user in get_user_model().objects.filter(is_active=True)
                    if self.user_has_any_permission(user, actions)
                ]
            )
        )


class LedgerPolicy(ScopedPermissionPolicy):
    changing_roles = (access.EDITOR, access.BODY)


class SessionPolicy(ScopedPermissionPolicy):
    deleting_roles = (access.EDITOR, access.BODY, access.DISTRICT)


class EditorsOnlyPolicy(BasePermissionPolicy):
    """Reference data of the register (maturity levels): city editors only."""

    def user_has_permission(self, user, action):
        return is_city_editor(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return is_city_editor(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model.objects.all() if is_city_editor(user) else self.model.objects.none()


def _visible_comments(user, queryset):
    return queryset.filter(ledger__in=access.ledgers_for(user))


def _changeable_comments(user, queryset):
    return queryset.filter(author=user) if access.has_any_role(user) else queryset.none()


enterprise_policy = ScopedPermissionPolicy(
    Enterprise,
    visible=access.enterprises_for,
    changeable=access.enterprises_for,
    may_add=access.may_add_enterprise,
)
ledger_policy = LedgerPolicy(
    HelpLedger,
    visible=access.ledgers_for,
    changeable=access.ledgers_changeable_by,
    may_add=access.may_add_ledger,
)
session_policy = SessionPolicy(
    TrainingSession,
    visible=access.sessions_for,
    changeable=access.sessions_changeable_by,
    may_add=access.may_add_session,
)
comment_policy = ScopedPermissionPolicy(
    LedgerComment,
    visible=_visible_comments,
    changeable=_changeable_comments,
    may_add=lambda user: access.role_of(user)[0] in (access.EDITOR, access.DISTRICT),
)
maturity_policy = EditorsOnlyPolicy(MaturityLevel)

for _model, _policy in (
    (Enterprise, enterprise_policy),
    (HelpLedger, ledger_policy),
    (TrainingSession, session_policy),
    (LedgerComment, comment_policy),
    (MaturityLevel, maturity_policy),
):
    register_permission_policy(_model, _policy, exact_class=True)
