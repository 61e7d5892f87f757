"""Public check of a report's digest: which stored state of which round does it certify?"""

from django.shortcuts import render

from selection.lifecycle import find_snapshot, latest_snapshot


def verify_view(request):
    sha256 = (request.GET.get("sha256") or "").strip().lower()
    snapshot = find_snapshot(sha256) if sha256 else None
    latest = latest_snapshot(snapshot.round) if snapshot else None
    return render(
        request,
        "selection/verify.html",
        {
            "sha256": sha256,
            "checked": bool(sha256),
            "snapshot": snapshot,
            "match": snapshot.round if snapshot else None,
            "latest": latest,
            "superseded": latest is not None and latest.pk != snapshot.pk,
        },
    )
