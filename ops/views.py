import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ops import health


@never_cache
@require_GET
def live_view(request):
    """``/health/live/`` for load balancers: this process answers. Touches nothing else
    (no database, no session) and says nothing more than "ok"."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def ready_view(request):
    """``/health/ready/`` for load balancers: 200 "ok" while the database answers, 503
    otherwise (this process cannot serve anything). No details."""
    ok = health._timed(health.check_database)["ok"]
    return HttpResponse(
        "ok" if ok else "down", status=200 if ok else 503, content_type="text/plain; charset=utf-8"
    )


def is_operator(request):
    """Who may read the detailed report: superusers, staff and system administrators
    signed in, or a monitoring system sending ``Authorization: Bearer <HEALTH_TOKEN>``."""
    token = getattr(settings, "HEALTH_TOKEN", None)
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    try:
        from library.roles import is_system_admin

        user = request.user
        return user.is_authenticated and (user.is_staff or is_system_admin(user))
    except Exception:  # the session lives in the database, which may be what is down
        return False


@never_cache
@require_GET
def health_view(request):
    """``/health/`` for the people who run the site: the database, search, media storage
    and backlogs, with error messages. Anyone else gets a plain 404 (load balancers use
    ``/health/live/`` and ``/health/ready/``).

    503 only when the database is down (this process cannot serve anything); an outage of
    Elasticsearch or S3 leaves the site partly usable, so it answers 200 with
    ``"status": "degraded"`` and lists what is down.
    """
    if not is_operator(request):
        raise Http404
    result = health.report()
    status = 503 if result["status"] == "down" else 200
    return JsonResponse(result, status=status, json_dumps_params={"ensure_ascii": False})
