from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = "企业与帮扶"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from enterprises import policies  # noqa: F401
