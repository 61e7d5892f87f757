"""URLs of project.public: /sitemap.xml, /robots.txt and /feeds/…"""

from django.urls import include, path

from project import public

feeds = [
    path("courses/", public.CourseFeed(), name="courses"),
    path("courses/atom/", public.AtomCourseFeed(), name="courses_atom"),
    path("cases/", public.CaseFeed(), name="cases"),
    path("cases/atom/", public.AtomCaseFeed(), name="cases_atom"),
    path("cases/district/<int:district>/", public.CaseFeed(), name="cases_district"),
    path("cases/district/<int:district>/atom/", public.AtomCaseFeed(), name="cases_district_atom"),
    path("cases/region/<int:region>/", public.CaseFeed(), name="cases_region"),
    path("cases/region/<int:region>/atom/", public.AtomCaseFeed(), name="cases_region_atom"),
]

urlpatterns = [
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("feeds/", include((feeds, "feeds"), namespace="feeds")),
]
