from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "行动基础数据"
    default_auto_field = "django.db.models.BigAutoField"
