from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "编辑审核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from review import builtin_checks, four_eyes, guards, publication  # noqa: F401
