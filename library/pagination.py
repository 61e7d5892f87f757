"""Pages of a long public list found by their keys.

A list page sorts every row that matches before it can take twelve. With the rows' joins
and wide columns (a case's StreamField body, its district, campaign, body, recognition) the
database sorts whole records, so the cost of a page grows with the size of the library much
faster than it needs to. ``KeyPaginator`` sorts the primary keys only, then loads the page's
rows, with the queryset's joins and prefetches, for those keys alone.
"""

from django.core.paginator import Paginator


class KeyPaginator(Paginator):
    """A ``Paginator`` over a queryset whose page is read as: the ordered keys of the page
    (one narrow query), then its rows by key (the queryset's ``select_related`` and
    ``prefetch_related`` apply to those rows only). The count is the queryset's own."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().in_bulk(keys)
        # A row deleted between the two reads is left out rather than failing the page.
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
