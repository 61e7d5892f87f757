from django import template
from django.urls import reverse

from library import pagecache
from library.models import HomePage

register = template.Library()

# {host: (generation, (items, home_url))}: the links change only with the content generation
# (library.pagecache), so each process builds them once per change instead of once per page.
_nav_cache = {}


def _nav_links(request):
    home = HomePage.objects.select_related("courses_page", "cases_page").first()
    items = []
    if home and home.courses_page:
        items.append(("课程", home.courses_page.get_url(request)))
    if home and home.cases_page:
        items.append(("案例", home.cases_page.get_url(request)))
    items += [("按条款浏览", reverse("courses:clause_browse")), ("搜索", reverse("search:page"))]
    return items, home.get_url(request) if home else "/"


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """课程 / 案例 / 按条款浏览 / 搜索, cached per content generation, with the current section marked."""
    request = context.get("request")
    try:
        host = request.get_host() if request else ""
    except Exception:  # DisallowedHost: build the links without caching them
        host = None
    current = pagecache.generation()
    cached = _nav_cache.get(host)
    if host is not None and cached and cached[0] == current:
        items, home_url = cached[1]
    else:
        items, home_url = _nav_links(request)
        if host is not None:
            _nav_cache[host] = (current, (items, home_url))
    path = request.path if request else ""
    return {
        "items": [
            {"label": label, "url": url, "active": bool(url) and path.startswith(url)}
            for label, url in items
        ],
        "home_url": home_url,
    }
