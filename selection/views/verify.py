"""Public check of a report's digest: does it match a round's record as stored now?"""

from django.shortcuts import render

from selection.exports import find_matching_round


def verify_view(request):
    sha256 = (request.GET.get("sha256") or "").strip().lower()
    match = find_matching_round(sha256) if sha256 else None
    return render(
        request,
        "selection/verify.html",
        {"sha256": sha256, "checked": bool(sha256), "match": match},
    )
