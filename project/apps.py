from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The Django project as an app: the ordered site set-up, ``load_initial_data`` and the
    few reactions that connect one app to another (``project.reactions``)."""

    name = "project"
    verbose_name = "站点"

    def ready(self):
        from project import reactions

        reactions.connect_page_cache()
