from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ops import health


@never_cache
@require_GET
def health_view(request):
    """``/health/`` for load balancers and monitoring.

    503 only when the database is down (this process cannot serve anything); an outage of
    Elasticsearch or S3 leaves the site partly usable, so it answers 200 with
    ``"status": "degraded"`` and lists what is down, instead of taking every process out of
    rotation. Error messages (hostnames, exceptions) are shown to admin users only.
    """
    result = health.report()
    try:
        user = request.user
        show_errors = user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
    except Exception:  # the session lives in the database, which may be what is down
        show_errors = False
    if not show_errors:
        for check in result["checks"].values():
            check.pop("error", None)
    status = 503 if result["status"] == "down" else 200
    return JsonResponse(result, status=status, json_dumps_params={"ensure_ascii": False})
