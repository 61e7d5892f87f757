"""The search page (/search/), its JSON API (/api/search/) and suggestions as you type."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from library import params
from library.params import BadParameter
from search.facets import facet_groups, page_links
from search.service import parse_params, run_search, suggest


def _clause_links():
    from library.models import Clause

    return [c for c in Clause.objects.all() if c.depth == 1]


@require_GET
def search_page(request):
    try:
        query, filters, page = parse_params(request.GET)
    except BadParameter as error:
        context = {
            "query": params.CONTROL.sub("", request.GET.get("q", ""))[:200],
            "error": error.message,
        }
        return render(request, "search/search_page.html", context, status=400)
    outcome = run_search(query, filters, page) if query else None
    context = {"query": query, "filters": filters, "outcome": outcome}
    if outcome is not None:
        context["facet_groups"] = facet_groups(request.GET, outcome)
        context["page_links"] = page_links(request.GET, outcome)
    if outcome is None or not outcome.count:
        context["clauses"] = _clause_links()
    return render(request, "search/search_page.html", context)


@require_GET
def search_api(request):
    try:
        query, filters, page = parse_params(request.GET)
    except BadParameter as error:
        return JsonResponse(
            {"error": error.message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    outcome = run_search(query, filters, page)
    return JsonResponse(
        {
            "count": outcome.count,
            "page": page,
            "pages": outcome.pages,
            "results": [
                {key: hit[key] for key in ("title", "url", "type", "highlight", "score", "facets")}
                for hit in outcome.hits
            ],
            "facets": {
                name: [[v, n] for v, n in buckets] for name, buckets in outcome.facets.items()
            },
            "did_you_mean": outcome.did_you_mean,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def suggest_api(request):
    try:
        query = params.raw(request.GET, "q", max_length=200)
    except BadParameter as error:
        return JsonResponse(
            {"error": error.message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return JsonResponse(
        {"suggestions": suggest(query)},
        json_dumps_params={"ensure_ascii": False},
    )
