"""Page-tree filters the database answers from the index on ``path``.

Wagtail's ``child_of`` and ``descendant_of`` filter with ``path LIKE 'prefix%'``. SQLite
does not use an index for LIKE (it is case-insensitive there), so every list of a section
read the whole page table, and a section's list grew slower with every page of the site.
The same sets as a range of paths (treebeard's own ``_get_children_path_interval``: paths
are fixed-width steps over the alphabet 0-9A-Z) are read from the index on any database.
"""

from wagtail.models import Page

PATH_LENGTH = Page._meta.get_field("path").max_length


def descendants(queryset, page):
    """``queryset.descendant_of(page)``, as a range of paths."""
    first = page.path + Page.alphabet[0] * Page.steplen
    last = page.path + Page.alphabet[-1] * (PATH_LENGTH - len(page.path))
    return queryset.filter(path__range=(first, last))


def children(queryset, page):
    """``queryset.child_of(page)``, as a range of paths."""
    return descendants(queryset, page).filter(depth=page.depth + 1)
