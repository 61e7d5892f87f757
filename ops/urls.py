from django.conf import settings
from django.urls import path, re_path

from ops import media, views

app_name = "ops"

urlpatterns = [
    path("health/", views.health_view, name="health"),
    path("health/live/", views.live_view, name="health_live"),
    path("health/ready/", views.ready_view, name="health_ready"),
    # Every media file through the permission check (ops.media), in every environment.
    re_path(
        r"^{}(?P<path>.+)$".format(settings.MEDIA_URL.lstrip("/")), media.serve_media, name="media"
    ),
]
