"""The public library on the web: sitemap.xml, robots.txt, and RSS/Atom feeds of new courses
and cases (all of them, per district and per pilot region).

Only live, public pages appear (Wagtail's ``live().public()``); drafts, private pages and the
learners' and admin screens stay out of the sitemap and are disallowed in robots.txt.
Docs: https://docs.wagtail.org/en/stable/reference/contrib/sitemaps.html
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from cases.models import CasePage
from courses.models import CoursePage
from library.models import District, PilotRegion

FEED_SIZE = 30
ROBOTS_DISALLOW = ("/admin/", "/django-admin/", "/learners/", "/api/search/")


def sitemap(request):
    return wagtail_sitemap(request)


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class _PageFeed(Feed):
    description_template = None

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_guid(self, item):
        return f"{item.full_url}#{item.pk}"


class CourseFeed(_PageFeed):
    title = "提升行动课程库 · 最新课程"
    description = "天津市小微企业质量管理体系认证提升行动：认证机构新发布的通俗课程"

    def link(self):
        return reverse("feeds:courses")

    def items(self):
        return CoursePage.objects.live().public().order_by("-first_published_at")[:FEED_SIZE]

    def item_description(self, item):
        return item.summary


class CaseFeed(_PageFeed):
    description = "天津市小微企业质量管理体系认证提升行动：各区推荐的优良实践案例"

    def get_object(self, request, district=None, region=None):
        if district is not None:
            return get_object_or_404(District, pk=district)
        if region is not None:
            return get_object_or_404(PilotRegion, pk=region)
        return None

    def title(self, obj):
        return f"提升行动案例库 · {obj.name}最新案例" if obj else "提升行动案例库 · 最新案例"

    def link(self, obj):
        return reverse("feeds:cases")

    def items(self, obj):
        cases = CasePage.objects.live().public()
        if isinstance(obj, District):
            cases = cases.filter(district=obj)
        elif isinstance(obj, PilotRegion):
            cases = cases.filter(pilot_region=obj)
        return cases.order_by("-first_published_at")[:FEED_SIZE]

    def item_description(self, item):
        return item.summary


class AtomCourseFeed(CourseFeed):
    feed_type = Atom1Feed
    subtitle = CourseFeed.description


class AtomCaseFeed(CaseFeed):
    feed_type = Atom1Feed
    subtitle = CaseFeed.description
