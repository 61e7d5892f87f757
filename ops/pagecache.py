"""Whole-page cache for anonymous readers, never stale (docs/deploy.md "Page cache").

A GET from a reader without cookies (or with only the CSRF cookie) is answered from the
cache when the page was rendered under the current content generation (library.pagecache)
and the current Tianjin date (campaign phases and deadlines read the date). Everything else
goes through the site as usual:

- a request carrying a session, a login, messages or any other cookie, or an Authorization
  header: signed-in editors, experts and learners with progress always get a fresh page;
- the admin, search, the learner and certificate screens, media, documents and health;
- a response that sets a cookie (a page whose form used a CSRF token sets the CSRF cookie,
  so no token is ever handed to another reader), that is not a 200 HTML page, or that says
  private / no-cache / no-store.

The middleware sits just inside WhiteNoise, so the security headers and the CSP are added
to a cached answer as to any other. ``X-Page-Cache`` says HIT, MISS or BYPASS.

With ``PAGE_CACHE_HTML_DIR`` set, every page stored here for a request without a query
string is also written as a file for the front server (library.pagecache, "The HTML
mirror"; deploy/nginx/), which then answers anonymous readers itself; the same ``bump()``
invalidates both.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from library.pagecache import (
    GENERATION_KEY,
    enabled,
    generation,
    mirror_day,
    page_cache,
    write_mirror,
)

HEADER = "X-Page-Cache"
# Cookies that do not change what a page shows to an anonymous reader.
NEUTRAL_COOKIES = frozenset({"csrftoken"})
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/health/",
    "/search/",
    "/api/",
    "/learners/",
    "/certificates/",
    "/selection/",
)
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store"}
# A form's CSRF token belongs to one reader: such a page is never kept (it also sets the
# CSRF cookie, which is checked first; this holds when the cookie is already there).
CSRF_FIELD = b'name="csrfmiddlewaretoken"'


def is_cacheable_request(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    if path.startswith(EXCLUDED_PREFIXES) or path.startswith(
        (settings.MEDIA_URL, settings.STATIC_URL)
    ):
        return False
    return not (set(request.COOKIES) - NEUTRAL_COOKIES)


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & PRIVATE_DIRECTIVES or CSRF_FIELD in response.content:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def entry_key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 24 * 3600)

    def __call__(self, request):
        if not enabled() or not is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        try:
            key = entry_key(request)
        except Exception:  # DisallowedHost and the like: let the site answer as usual
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation(cache)
        day = mirror_day()
        stamp = (current, day[:10])
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            self.mirror(request, current, day, entry[1])
            return self.replay(entry)
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items()]
            cache.set(key, (stamp, response.content, headers), self.timeout)
            self.mirror(request, current, day, response.content)
            response[HEADER] = "MISS"
        else:
            response[HEADER] = "BYPASS"
        return response

    @staticmethod
    def mirror(request, token, day, content):
        """The file for the front server: only a page without a query string (nginx
        answers from files only those; the file's name is the path alone)."""
        if not request.META.get("QUERY_STRING"):
            write_mirror(token, day, request.path, content)

    @staticmethod
    def replay(entry):
        _stamp, content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "HIT"
        return response
