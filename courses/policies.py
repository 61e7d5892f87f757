"""Wagtail permission policies for the question bank, from the one rule in
``courses.access``: city editors manage every body's bank, a body's users their own."""

from wagtail.permission_policies.base import BasePermissionPolicy

from courses import access


class BodyBankPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ("add", "change", "delete", "view") and access.may_use_learning_admin(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and access.may_manage_body(
            user, instance.body_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model.objects.none()
        return access.scope(user, self.model.objects.all())

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()
