"""Pages of a long public list found by their keys.

A list page sorts every row that matches before it can take twelve. With the rows' joins
and wide columns (a case's StreamField body, its district, campaign, body, recognition) the
database sorts whole records, so the cost of a page grows with the size of the library much
faster than it needs to. ``KeyPaginator`` sorts the primary keys only, then loads the page's
rows, with the queryset's joins and prefetches, for those keys alone. Given ``remember_as``,
the ordered keys of the whole list are kept until public content changes
(library.pagecache.remember): the sort and the count are then made once per change, not
once per request, and a page costs the same whatever the size of the library.
"""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from library import pagecache


class KeyPaginator(Paginator):
    """A ``Paginator`` over a queryset whose page is read as: the ordered keys of the page
    (one narrow query), then its rows by key (the queryset's ``select_related`` and
    ``prefetch_related`` apply to those rows only). The count is the queryset's own."""

    def __init__(self, object_list, per_page, *, remember_as=None, prepare=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.remember_as = remember_as
        # ``prepare(rows, first_number)``: annotates a page's rows once they are read.
        self.prepare = prepare

    @cached_property
    def _all_keys(self):
        return pagecache.remember(
            f"keys:{self.remember_as}", lambda: list(self.object_list.values_list("pk", flat=True))
        )

    @cached_property
    def count(self):
        if self.remember_as is None:
            return super().count
        return len(self._all_keys)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.remember_as is None:
            keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        else:
            keys = self._all_keys[bottom:top]
        rows = PageRows(self.object_list, keys, self.prepare, bottom + 1)
        return self._get_page(rows, number, self)


class PageRows(Sequence):
    """A page's rows by key, read on first use: a page whose list is kept as HTML
    (``{% remembered %}``) never reads them. A row deleted between the two reads is left
    out rather than failing the page."""

    def __init__(self, queryset, keys, prepare=None, first_number=1):
        self.queryset, self.keys = queryset, keys
        self.prepare, self.first_number = prepare, first_number

    @cached_property
    def rows(self):
        found = self.queryset.order_by().in_bulk(self.keys)
        rows = [found[key] for key in self.keys if key in found]
        if self.prepare:
            self.prepare(rows, self.first_number)
        return rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]
