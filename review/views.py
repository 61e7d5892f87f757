from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library.roles import is_city_editor
from review.queue import SOON_DAYS, review_queue


class ReviewQueueView(WagtailAdminTemplateMixin, TemplateView):
    """The city editors' queue of courses and cases waiting for review."""

    template_name = "review/queue.html"
    page_title = "审核队列"
    header_icon = "tasks"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not is_city_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        items = review_queue()
        return super().get_context_data(
            items=items,
            mine=[item for item in items if item.submitted_by == self.request.user],
            urgent=sum(item.urgency.highlighted for item in items),
            soon_days=SOON_DAYS,
            **kwargs,
        )
