from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "优良实践案例"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases import checks, signals  # noqa: F401
