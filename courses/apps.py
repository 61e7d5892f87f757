from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "培训课程"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import checks, signals  # noqa: F401
