from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from library.choosers import ChosenMultipleView
from project.api import api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Only the titles of pages the user may see (library.choosers), ahead of Wagtail's view.
    path(
        "admin/choose-page/chosen-multiple/",
        require_admin_access(ChosenMultipleView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The read API and its OpenAPI description (project.api).
    path("api/v1/", api.urls),
    path("", include("ops.urls")),
    path("", include("courses.urls")),
    path("", include("cases.urls")),
    path("", include("search.urls")),
    path("", include("selection.urls")),
    path("", include("reports.urls")),
    # sitemap.xml, robots.txt, RSS/Atom feeds (project.public)
    path("", include("project.public_urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Media is never served as plain files, not even here: ops.urls sends every MEDIA_URL
    # request through the permission check (ops.media).

# Wagtail serves every page not caught above; it must come last.
urlpatterns += [path("", include(wagtail_urls))]

# A malformed parameter (library.params.BadParameter) is answered with its Chinese message.
handler400 = "library.views.bad_request"
