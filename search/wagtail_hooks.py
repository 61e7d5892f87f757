"""Editors maintain the search dictionary in the admin (Wagtail snippets:
https://docs.wagtail.org/en/stable/topics/snippets/registering.html)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SearchTerm


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = "搜索词典"
    menu_name = "search-dictionary"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["term", "synonyms", "updated_at"]
    search_fields = ["term", "synonyms"]
    ordering = ["term"]


register_snippet(SearchTermViewSet)
