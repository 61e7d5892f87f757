"""Long public lists read from indexes (issue 15, point 2): the section filters as path
ranges (library.tree) select exactly what Wagtail's child_of / descendant_of select, and
KeyPaginator gives the same pages as Django's Paginator while sorting keys only."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cases.library import public_cases
from cases.models import CaseIndexPage, CasePage, DistrictCasesPage
from library.pagination import KeyPaginator
from library.tree import children, children_of_paths, descendants, siblings
from tests.cases.factories import bulk_cases, open_campaign

pytestmark = pytest.mark.django_db


def ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_path_ranges_select_the_same_pages_as_wagtail(site_tree):
    campaign = open_campaign()
    bulk_cases(3, district_name="北辰区", campaign=campaign)
    bulk_cases(2, district_name="河西区", campaign=campaign)
    area = CaseIndexPage.objects.get()
    beichen = DistrictCasesPage.objects.get(district__name="北辰区")
    for page in (site_tree, area, beichen, Page.objects.get(depth=1)):
        assert ids(descendants(Page.objects.all(), page)) == ids(Page.objects.descendant_of(page))
        assert ids(children(Page.objects.all(), page)) == ids(Page.objects.child_of(page))
    # Sections next to each other: a range never spills into the neighbour's pages.
    assert ids(children(CasePage.objects.all(), beichen)) == ids(
        CasePage.objects.filter(district__name="北辰区")
    )
    assert len(ids(descendants(CasePage.objects.all(), area))) == CasePage.objects.count()
    assert ids(children(Page.objects.all(), area)) == ids(area.get_children())
    case = CasePage.objects.filter(district__name="河西区").first()
    assert ids(siblings(Page.objects.all(), case)) == ids(case.get_siblings(inclusive=True))
    hexi = DistrictCasesPage.objects.get(district__name="河西区")
    assert ids(children_of_paths(Page.objects.all(), [beichen.path, hexi.path])) == ids(
        Page.objects.child_of(beichen) | Page.objects.child_of(hexi)
    )
    assert ids(children_of_paths(Page.objects.all(), [area.path])) == ids(area.get_children())
    assert ids(children_of_paths(Page.objects.all(), [])) == []


@pytest.mark.parametrize("orphans", [0, 3])
def test_key_pages_are_the_pages_of_the_queryset(site_tree, orphans):
    bulk_cases(27, campaign=open_campaign())
    cases = public_cases()
    plain, keyed = Paginator(cases, 12, orphans=orphans), KeyPaginator(cases, 12, orphans=orphans)
    assert keyed.count == plain.count == 27 and keyed.num_pages == plain.num_pages
    for number in range(1, plain.num_pages + 1):
        assert [c.pk for c in keyed.page(number)] == [c.pk for c in plain.page(number)]
    last = keyed.page(keyed.num_pages)
    assert last.has_previous() and not last.has_next()
    assert last.end_index() == 27


def test_a_key_page_sorts_keys_only_and_loads_its_rows_with_their_relations(site_tree):
    bulk_cases(30, campaign=open_campaign())
    cases = public_cases()  # reads the view restrictions once
    with CaptureQueriesContext(connection) as captured:
        page = KeyPaginator(cases, 12).page(2)
        cards = [
            (case.title, case.district.name, [m.pk for m in case.metrics.all()]) for case in page
        ]
    assert len(cards) == 12
    sorting = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]]
    assert len(sorting) == 1 and '"body"' not in sorting[0] and '"title"' not in sorting[0]
    # count, keys, rows with their joins, metrics: the same four queries for any page
    assert len(captured) == 4, [q["sql"][:80] for q in captured]
