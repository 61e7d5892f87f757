from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "优良案例评选"
    default_auto_field = "django.db.models.BigAutoField"
