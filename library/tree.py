"""Page-tree filters the database answers from the index on ``path``.

Wagtail's ``child_of`` and ``descendant_of`` filter with ``path LIKE 'prefix%'``. SQLite
does not use an index for LIKE (it is case-insensitive there), so every list of a section
read the whole page table, and a section's list grew slower with every page of the site.
The same sets as a range of paths (treebeard's own ``_get_children_path_interval``: paths
are fixed-width steps over the alphabet 0-9A-Z) are read from the index on any database.
"""

from django.db.models import Q
from wagtail.models import Page

PATH_LENGTH = Page._meta.get_field("path").max_length


def _range(path):
    """The first and the last path a descendant of ``path`` can have."""
    return (
        path + Page.alphabet[0] * Page.steplen,
        path + Page.alphabet[-1] * (PATH_LENGTH - len(path)),
    )


def _below(queryset, path):
    return queryset.filter(path__range=_range(path))


def descendants(queryset, page):
    """``queryset.descendant_of(page)``, as a range of paths."""
    return _below(queryset, page.path)


def children(queryset, page):
    """``queryset.child_of(page)``, as a range of paths."""
    return _below(queryset, page.path).filter(depth=page.depth + 1)


def siblings(queryset, page):
    """The pages under ``page``'s parent, ``page`` included, as a range of paths."""
    return _below(queryset, page.path[: -Page.steplen]).filter(depth=page.depth)


def children_of_paths(queryset, paths):
    """The children of every page whose path is in ``paths`` (none for no paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__range=_range(path), depth=len(path) // Page.steplen + 1)
    return queryset.filter(condition)
