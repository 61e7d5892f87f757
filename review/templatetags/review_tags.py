from django import template

from review.panel import review_panel

register = template.Library()


@register.inclusion_tag("review/includes/review_panel.html")
def review_checks_panel(page):
    return {"panel": review_panel(page), "page": page}
