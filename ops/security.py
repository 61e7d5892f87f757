"""Hardening that applies to every request: the Content-Security-Policy, the admin's idle
timeout and the answer to a locked-out login (django-axes). Settings in
project/settings/base.py ("Security" at the end); docs/deploy.md explains them.
"""

import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
IDLE_MESSAGE = "您已超过 {minutes} 分钟没有操作，为安全起见已自动退出，请重新登录。"
LAST_SEEN_KEY = "_admin_last_seen"


def is_admin_path(request):
    return request.path_info.startswith(ADMIN_PREFIXES)


class SiteCSPMiddleware(CSPMiddleware):
    """CONTENT_SECURITY_POLICY everywhere; in the admin, inline scripts are allowed too:
    Wagtail's own admin templates (inline panels, date pickers) need them. The public site
    runs with scripts from 'self' only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts


class AdminIdleTimeoutMiddleware:
    """Signs out a user with admin access after ADMIN_SESSION_IDLE_TIMEOUT seconds without
    a request. Learners on the public site keep their longer session."""

    # Write the session at most once a minute, not on every request.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "ADMIN_SESSION_IDLE_TIMEOUT", 0)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated and self.applies(user):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > timeout:
                logout(request)
                if is_admin_path(request):
                    messages.warning(request, IDLE_MESSAGE.format(minutes=timeout // 60))
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            elif last_seen is None or now - last_seen >= self.RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def applies(user):
        return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out login gets (HTTP 429), in Chinese."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "ops/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
