"""Editors maintain the search dictionary in the admin (Wagtail snippets:
https://docs.wagtail.org/en/stable/topics/snippets/registering.html) and see the queries
that found nothing, the terms worth adding to it."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SearchTerm, ZeroResultQuery


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = "搜索词典"
    menu_name = "search-dictionary"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["term", "synonyms", "direction", "weight", "updated_at"]
    list_filter = ["direction"]
    search_fields = ["term", "synonyms"]
    ordering = ["term"]


class ZeroResultQueryViewSet(SnippetViewSet):
    """建议加入词典的词：搜索后没有结果的查询，次数多的在前。"""

    model = ZeroResultQuery
    icon = "help"
    menu_label = "无结果的搜索"
    menu_name = "search-zero-results"
    add_to_admin_menu = True
    menu_order = 901
    list_display = ["query", "count", "last_seen"]
    search_fields = ["query"]
    ordering = ["-count", "-last_seen"]


register_snippet(SearchTermViewSet)
register_snippet(ZeroResultQueryViewSet)
