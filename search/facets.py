"""Facet filters and pagination links for the search page (query strings in, links out)."""

from django.utils.http import urlencode

from search.models import PAGE_TYPES

FACET_LABELS = {
    "type": "类型",
    "body": "认证机构",
    "district": "区",
    "industry": "行业",
    "pilot_region": "试点区域",
    "clause": "条款",
    "year": "年度",
    "recognition": "评选结果",
}
# Values shown as something else than they are indexed; every other facet (the 评选结果
# too: CasePage.search_facets() gives its Chinese label) is indexed as it is shown.
VALUE_LABELS = {"type": PAGE_TYPES}
MAX_VALUES = 12


def _url(params, **changes):
    merged = {key: value for key, value in params.items() if value}
    if "page" not in changes:
        merged.pop("page", None)  # a new filter starts again at the first page
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged)


def facet_groups(get, outcome):
    params = {key: get.get(key) for key in get}
    groups = []
    for name, label in FACET_LABELS.items():
        buckets = outcome.facets.get(name) or []
        active = str(outcome.filters.get(name, ""))
        if not buckets and not active:
            continue
        values = []
        for value, count in buckets[:MAX_VALUES]:
            selected = str(value) == active
            values.append(
                {
                    "value": value,
                    "label": VALUE_LABELS.get(name, {}).get(value, value),
                    "count": count,
                    "selected": selected,
                    "url": _url(params, **{name: None if selected else str(value)}),
                }
            )
        groups.append({"name": name, "label": label, "values": values})
    return groups


def page_links(get, outcome):
    params = {key: get.get(key) for key in get}
    low, high = max(1, outcome.page - 3), min(outcome.pages, outcome.page + 3)
    links = {
        "numbers": [
            {"number": n, "url": _url(params, page=str(n)), "current": n == outcome.page}
            for n in range(low, high + 1)
        ]
    }
    if outcome.page > 1:
        links["previous"] = _url(params, page=str(outcome.page - 1))
    if outcome.page < outcome.pages:
        links["next"] = _url(params, page=str(outcome.page + 1))
    return links
