from django import template
from django.urls import reverse

from library.models import HomePage

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """课程 / 案例 / 按条款浏览 / 搜索, in one query, with the current section marked."""
    request = context.get("request")
    home = HomePage.objects.select_related("courses_page", "cases_page").first()
    items = []
    if home and home.courses_page:
        items.append(("课程", home.courses_page.get_url(request)))
    if home and home.cases_page:
        items.append(("案例", home.cases_page.get_url(request)))
    items += [("按条款浏览", reverse("courses:clause_browse")), ("搜索", reverse("search:page"))]
    path = request.path if request else ""
    return {
        "items": [
            {"label": label, "url": url, "active": bool(url) and path.startswith(url)}
            for label, url in items
        ],
        "home_url": home.get_url(request) if home else "/",
    }
