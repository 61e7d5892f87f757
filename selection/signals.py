"""City editors run rounds; experts get nothing beyond their own tasks (no model permissions).

Granted when the site structure is built (``load_initial_data``, test set-up), after
``library.roles.ensure_role_groups`` has created the groups; safe to run again.
"""

from django.contrib.auth.models import Permission
from django.dispatch import receiver

from library.roles import CITY_EDITORS, role_group
from library.setup import site_structure_requested

EDITOR_MODELS = ("selectionround", "expertrelationship")


@receiver(site_structure_requested, dispatch_uid="selection_editor_permissions")
def grant_editor_permissions(sender, **kwargs):
    editors = role_group(CITY_EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="selection",
            content_type__model__in=EDITOR_MODELS,
        )
    )
