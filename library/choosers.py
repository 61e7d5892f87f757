"""The clause chooser finds clauses by number and title (``ClauseChooserViewSet``).

The admin's page chooser shows a user only what ``library.roles.pages_visible_in_admin``
allows: the browse and search listings (``construct_page_chooser_queryset``), the page
being browsed into, and the titles returned for chosen page ids."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views import chooser
from wagtail.models import Page
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from library import params
from library.roles import pages_visible_in_admin


def restrict_page_chooser(pages, request):
    """``construct_page_chooser_queryset`` hook; also refuses to browse into a page the
    user may not see, whose title the chooser would otherwise show as its heading."""
    match = getattr(request, "resolver_match", None)
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        parent = Page.objects.filter(pk=parent_id)
        if (
            parent.exclude(depth=1).exists()
            and not pages_visible_in_admin(request.user, parent).exists()
        ):
            raise Http404("页面不存在")
    return pages_visible_in_admin(request.user, pages)


class ChosenMultipleView(chooser.ChosenMultipleView):
    """Wagtail's view answers the title of any page id; only visible ones here."""

    def get(self, request):
        ids = params.id_list(request.GET, "id")
        # Not the root (depth 1): Wagtail's view asks every page for its parent.
        pages = Page.objects.filter(pk__in=ids, depth__gt=1)
        visible = pages_visible_in_admin(request.user, pages)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return super().get(request)


# --- The clause chooser (lesson editor's clause blocks) ---------------------------------------


class ClauseFilterForm(BaseFilterForm):
    """Finds a clause by number ("8.4.1", "8.4" and its sub-clauses) or by words of its title;
    the search index splits "8.4.1" into digits, so this is a plain database match."""

    q = forms.CharField(
        label="条款号或标题",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "输入条款号（如 8.4.1）或标题关键词"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = (
                objects.filter(
                    Q(number=query) | Q(number__startswith=f"{query}.") | Q(title__icontains=query)
                )
                .annotate(
                    exact=Case(
                        When(number=query, then=Value(0)),
                        default=Value(1),
                        output_field=IntegerField(),
                    )
                )
                .order_by("exact", "sort_key")
            )
            self.is_searching = True
            self.search_query = query
        return objects


class ClauseChooseView(ChooseView):
    filter_form_class = ClauseFilterForm


class ClauseChooseResultsView(ChooseResultsView):
    filter_form_class = ClauseFilterForm


class ClauseChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ClauseChooseView
    choose_results_view_class = ClauseChooseResultsView
