"""City editors run rounds; experts get nothing beyond their own tasks (no model permissions).

Part of the ordered site set-up (``project.setup``), after ``library.roles.ensure_role_groups``
has created the groups; safe to run again.
"""

from django.contrib.auth.models import Permission

from library.roles import CITY_EDITORS, role_group

EDITOR_MODELS = ("selectionround", "expertrelationship")


def grant_editor_permissions():
    editors = role_group(CITY_EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="selection",
            content_type__model__in=EDITOR_MODELS,
        )
    )
