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


class RememberedNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        key = ":".join(str(part.resolve(context)) for part in self.parts)
        return pagecache.remember(f"fragment:{key}", lambda: self.nodelist.render(context))


@register.tag
def remembered(parser, token):
    """``{% remembered "case-card" case.pk %}…{% endremembered %}``: the block's HTML, kept
    until public content changes (library.pagecache.remember), so a long list renders each
    card once per change. Only for HTML that depends on the content alone, never on who
    reads it (no progress, no forms, no user)."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("remembered 需要至少一个键")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, parts)
