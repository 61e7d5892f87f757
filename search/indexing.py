"""From pages to SearchEntry rows: the one place that decides what a page looks like to
the engines (its text, weighted, and its facets, per docs/contracts.md)."""

from django.db import transaction
from django.utils.encoding import iri_to_uri
from wagtail.models import Page, Site

from search.analysis import index_text
from search.models import SearchEntry

# Title words count three times and exactly tagged clauses twice as much as their parents,
# through repetition, because both engines score with BM25 over one field.
TITLE_REPEAT = 3
CLAUSE_REPEAT = 2


def is_searchable(page_class):
    return callable(getattr(page_class, "search_facets", None))


def clause_ancestors(number):
    parts = number.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def clause_titles(numbers):
    from library.models import Clause

    return dict(Clause.objects.filter(number__in=numbers).values_list("number", "title"))


def weighted_text(title, text, facets):
    # A course lists its lessons' clauses as a facet, but a clause number should find the
    # lessons themselves, so only lessons (and cases, if ever tagged) carry clause tokens.
    is_course = facets.get("type") == "course"
    clauses = [] if is_course else list(facets.get("clause") or [])
    ancestors = [a for number in clauses for a in clause_ancestors(number) if a not in clauses]
    titles = clause_titles(clauses)
    names = [
        facets.get("body"),
        facets.get("district"),
        facets.get("pilot_region"),
        *(facets.get("industry") or []),
    ]
    parts = [
        *([title] * (1 if is_course else TITLE_REPEAT)),
        " ".join(clauses * CLAUSE_REPEAT + ancestors),
        " ".join(titles[n] for n in clauses if titles.get(n, "总则") != "总则"),
        " ".join(n for n in names if n),
        text,
    ]
    return "\n".join(p for p in parts if p)


def page_url(page, root_paths):
    """The page's URL as Page.get_url() gives it, without a cache lookup per page."""
    for root in root_paths:
        if page.url_path.startswith(root.root_path):
            relative = iri_to_uri("/" + page.url_path[len(root.root_path) :])
            return relative if len(root_paths) == 1 else root.root_url + relative
    return page.get_url() or page.url_path


def entry_values(page, root_paths=None):
    """The SearchEntry columns for a (specific, live) page."""
    root_paths = root_paths if root_paths is not None else Site.get_site_root_paths()
    facets = page.search_facets()
    text = page.search_text() or ""
    year = facets.get("year")
    return {
        "kind": facets.get("type") or "",
        "title": page.title,
        "url": page_url(page, root_paths),
        "content": text,
        "segmented_text": index_text(weighted_text(page.title, text, facets)),
        "body": facets.get("body") or "",
        "district": facets.get("district") or "",
        "pilot_region": facets.get("pilot_region") or "",
        "industry": list(facets.get("industry") or []),
        "clause": list(facets.get("clause") or []),
        "year": int(year) if year else None,
        "recognition": facets.get("recognition") or "",
    }


def searchable_pages(page_ids=None):
    pages = Page.objects.live().public()
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    return pages.specific()


@transaction.atomic
def sync_pages(page_ids):
    """Bring the entries of these pages up to date; returns (entries kept, doc ids dropped)."""
    page_ids = set(page_ids)
    kept = []
    root_paths = Site.get_site_root_paths()
    for page in searchable_pages(page_ids):
        if is_searchable(type(page)):
            values = entry_values(page, root_paths)
            entry, _ = SearchEntry.objects.update_or_create(page=page, defaults=values)
            kept.append(entry)
    kept_ids = {entry.page_id for entry in kept}
    gone = page_ids - kept_ids
    for entry in SearchEntry.objects.filter(page_id__in=gone):
        entry.delete()  # one by one, so Wagtail's backend drops it from its index too
    return kept, [f"p{page_id}" for page_id in sorted(gone)]
