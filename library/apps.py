from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "行动基础数据"
    default_auto_field = "django.db.models.BigAutoField"


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the account rules of ``library.users`` (listed in
    INSTALLED_APPS in place of ``wagtail.users``)."""

    user_viewset = "library.users.UserViewSet"
