from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site in production: health, private media, backup and restore."""

    name = "ops"
    label = "ops"
    verbose_name = "运维"
    default_auto_field = "django.db.models.BigAutoField"
