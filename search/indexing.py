"""From pages to SearchEntry rows: the one place that decides what a page looks like to
the engines (its weighted fields and its facets, per docs/contracts.md), and the database
engine's postings and facet rows made from them."""

import hashlib
import json
import secrets
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Site

from search import analysis
from search.analysis import get_analyzer
from search.engines.base import FIELD_WEIGHTS, KIND_PRIORS, norm_length
from search.models import IndexState, SearchEntry, SearchFacet, SearchPosting

BULK = 2000


# Raise when the shape of an entry's fields or postings changes in code (not in the files the
# fingerprint reads), so that deployed indexes are rebuilt.
INDEX_FORMAT = 3


def index_fingerprint():
    """What the index's tokens and weights are made from: the committed dictionary files
    (terms, synonyms, equivalences and the general words the segmenter loads), jieba's HMM
    switch, the field weights and the priors by kind. An index made under another
    fingerprint no longer matches what queries look for. The editors' own terms reindex
    when they change (search.signals)."""
    digest = hashlib.sha256()
    for name in ("terms.txt", "synonyms.txt", "equivalences.txt", "words.txt"):
        digest.update((analysis.DICTIONARY_DIR / name).read_bytes())
    settings = [INDEX_FORMAT, analysis.HMM, FIELD_WEIGHTS, KIND_PRIORS]
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


def is_searchable(page_class):
    return callable(getattr(page_class, "search_facets", None))


def clause_ancestors(number):
    parts = number.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def clause_titles(numbers):
    from library.models import Clause

    return dict(Clause.objects.filter(number__in=numbers).values_list("number", "title"))


def field_texts(title, text, facets, titles=None):
    """The weighted fields of a document (FIELD_WEIGHTS), as plain text."""
    # A course lists its lessons' clauses as a facet, but a clause number should find the
    # lessons themselves, so only lessons and cases carry clause tokens.
    is_course = facets.get("type") == "course"
    clauses = [] if is_course else list(facets.get("clause") or [])
    ancestors = [a for number in clauses for a in clause_ancestors(number) if a not in clauses]
    titles = clause_titles(clauses) if titles is None else titles
    names = [
        facets.get("body"),
        facets.get("district"),
        facets.get("pilot_region"),
        *(facets.get("industry") or []),
    ]
    return {
        "title": title,
        "clauses": " ".join(clauses),
        "clause_parents": " ".join(ancestors),
        "clause_titles": " ".join(titles[n] for n in clauses if titles.get(n, "总则") != "总则"),
        "names": " ".join(n for n in names if n),
        "body": text,
    }


def segmented_fields(texts):
    analyzer = get_analyzer()
    return {name: analyzer.index_text(value) for name, value in texts.items() if value}


def weighted_counts(fields):
    """(Counter term → weighted frequency, weighted length) over the segmented fields."""
    counts, length = Counter(), 0.0
    for name, tokens in fields.items():
        weight = FIELD_WEIGHTS[name]
        for token in tokens.split():
            counts[token[:64]] += weight
            length += weight
    return counts, length


def facet_rows(entry):
    from search.engines.base import FACETS

    rows = []
    for name, column in FACETS.items():
        value = getattr(entry, column)
        for item in value if isinstance(value, list) else [value]:
            if item not in (None, ""):
                rows.append(SearchFacet(entry_id=entry.pk, name=name, value=str(item)[:100]))
    return rows


def mark_changed(using="default", facets=True):
    """Give the database engine's index a new state token (IndexState): every process then
    reads its statistics and term bitsets again (search.engines.database.snapshot), and its
    facet bitsets too unless ``facets`` is False (the entries and their facet values are
    unchanged). Called by every write to the postings and facet rows, and when an entry is
    deleted."""
    tokens = {"token": secrets.randbits(62)}
    if facets:
        tokens["facets"] = secrets.randbits(62)
    # One UPDATE: an entry deleted is one call, and a bulk delete calls it for each.
    if not IndexState.objects.using(using).filter(pk=1).update(**tokens):
        IndexState.objects.using(using).create(pk=1, **tokens)


def write_postings(entries):
    """Replace the postings and facet rows of these (saved) entries (plain INSERTs: a
    rebuild writes millions of rows). Facet rows that are already what they should be are
    left as they are, and then so is IndexState.facets."""
    entries = list(entries)
    ids = [entry.pk for entry in entries]
    postings, facets = [], []
    for entry in entries:
        counts, _ = weighted_counts(entry.fields)
        # The length Elasticsearch ranks by (the entry keeps the exact one, for the average).
        length = norm_length({name: len(tokens.split()) for name, tokens in entry.fields.items()})
        prior = KIND_PRIORS.get(entry.kind, 1.0)
        postings += [(entry.pk, term, tf, length, prior) for term, tf in counts.items()]
        facets += [(row.entry_id, row.name, row.value) for row in facet_rows(entry)]
    held = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        SearchPosting.objects.filter(entry_id__in=chunk).delete()
        held += SearchFacet.objects.filter(entry_id__in=chunk).values_list(
            "entry_id", "name", "value"
        )
    # A new entry's rows are not held yet: they count as a change.
    facets_changed = sorted(held) != sorted(facets)
    if facets_changed:
        for start in range(0, len(ids), 500):
            SearchFacet.objects.filter(entry_id__in=ids[start : start + 500]).delete()
    with connection.cursor() as cursor:
        for start in range(0, len(postings), BULK):
            cursor.executemany(
                f"INSERT INTO {SearchPosting._meta.db_table} (entry_id, term, tf, length, prior)"
                " VALUES (%s, %s, %s, %s, %s)",
                postings[start : start + BULK],
            )
        for start in range(0, len(facets) if facets_changed else 0, BULK):
            cursor.executemany(
                f"INSERT INTO {SearchFacet._meta.db_table} (entry_id, name, value)"
                " VALUES (%s, %s, %s)",
                facets[start : start + BULK],
            )
    mark_changed(facets=facets_changed)


def entry_fields(title, text, facets, titles=None):
    """(segmented fields, weighted length) for SearchEntry."""
    fields = segmented_fields(field_texts(title, text, facets, titles))
    return fields, weighted_counts(fields)[1]


def page_url(page, root_paths):
    """The page's URL as Page.get_url() gives it, without a cache lookup per page."""
    for root in root_paths:
        if page.url_path.startswith(root.root_path):
            relative = iri_to_uri("/" + page.url_path[len(root.root_path) :])
            return relative if len(root_paths) == 1 else root.root_url + relative
    return page.get_url() or page.url_path


def entry_values(page, root_paths=None, titles=None):
    """The SearchEntry columns for a (specific, live) page."""
    root_paths = root_paths if root_paths is not None else Site.get_site_root_paths()
    facets = page.search_facets()
    text = page.search_text() or ""
    fields, length = entry_fields(page.title, text, facets, titles)
    year = facets.get("year")
    return {
        "kind": facets.get("type") or "",
        "title": page.title,
        "url": page_url(page, root_paths),
        "content": text,
        "fields": fields,
        "length": length,
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


def _related(model):
    """What a page's text and facets read, loaded with the pages: the foreign keys and
    reverse one-to-one rows its own model declares (select_related), its many-to-many
    fields and its own child rows (a case's metrics; prefetch_related)."""
    joined, many = [], []
    for field in model._meta.get_fields(include_parents=False):
        if field.related_model is None or issubclass(field.related_model, Page):
            continue
        if (field.many_to_one and field.concrete) or (field.one_to_one and not field.concrete):
            joined.append(field.name)
        elif field.many_to_many and field.concrete:
            many.append(field.name)
    many += [
        relation.get_accessor_name()
        for relation in get_all_child_relations(model)
        if relation.model is model  # not Page's own (comments)
    ]
    return joined, many


def loaded(queryset):
    """The pages of ``queryset`` (one specific model), with what their search text and
    facets read loaded in a few queries for all of them, not per page: ``_related`` and
    what the model's ``search_prefetch(pages)`` adds (a lesson's course)."""
    joined, many = _related(queryset.model)
    pages = list(queryset.select_related(*joined).prefetch_related(*many))
    prefetch = getattr(queryset.model, "search_prefetch", None)
    if pages and prefetch is not None:
        prefetch(pages)
    return pages


def live_pages(page_ids):
    """The live, public, searchable pages among ``page_ids``, each as its specific model
    with what its facets read loaded in a few queries per model (not per page)."""
    pages = Page.objects.live().public().filter(pk__in=page_ids)
    by_type = {}
    for pk, content_type_id in pages.values_list("pk", "content_type_id"):
        by_type.setdefault(content_type_id, []).append(pk)
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not is_searchable(model):
            continue
        yield from loaded(model.objects.filter(pk__in=pks))


@transaction.atomic
def sync_pages(page_ids):
    """Bring the entries of these pages up to date; returns (entries kept, doc ids dropped)."""
    from library.models import Clause

    page_ids = set(page_ids)
    root_paths = Site.get_site_root_paths()
    titles = dict(Clause.objects.values_list("number", "title"))
    values = {page.pk: entry_values(page, root_paths, titles) for page in live_pages(page_ids)}
    existing = {entry.page_id: entry for entry in SearchEntry.objects.filter(page_id__in=values)}
    kept, new = [], []
    for page_id, columns in values.items():
        entry = existing.get(page_id) or SearchEntry(page_id=page_id)
        for name, value in columns.items():
            setattr(entry, name, value)
        (new if entry.pk is None else kept).append(entry)
    if kept:
        now = timezone.now()
        for entry in kept:
            entry.updated_at = now  # bulk_update leaves auto_now fields alone
        SearchEntry.objects.bulk_update(kept, [*next(iter(values.values())), "updated_at"])
    SearchEntry.objects.bulk_create(new, batch_size=BULK)
    kept += new
    write_postings(kept)
    gone = page_ids - set(values)
    SearchEntry.objects.filter(page_id__in=gone).delete()
    return kept, [f"p{page_id}" for page_id in sorted(gone)]
