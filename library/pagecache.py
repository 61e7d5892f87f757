"""The content generation: one token that changes whenever anything a public page shows changes.

The page cache (ops.pagecache) keeps whole responses for anonymous readers, and the
navigation (library.templatetags) keeps its links per process; both are tagged with the
generation they were built under and are used only while it is still current. The events that
change public content (publish, unpublish, move and delete of a page, a selection decision,
an edit of reference data, a site or setting change; the list lives in project/reactions.py)
call ``bump()``. So nothing cached is ever shown after the change it predates.

Why one generation and not one key per URL: a publish shows on the page itself, its parent's
list, the section counts, the browse by clause, the home page and the navigation, and a
decision on the case library's filters; following those links per URL would be a dependency
graph to keep correct forever, for the saving of a few re-renders after an editorial change
(a few times a day). Every page is rendered again once after each change.

The token is random, not a counter: a cache that evicts the key (the file cache culls, Redis
and memcached evict under memory pressure) starts a new token, never an old one, so an
entry from before the eviction can never become current again.

The HTML mirror (``PAGE_CACHE_HTML_DIR``, off unless set): the same pages written as files
for the front server (deploy/nginx/, docs/deploy.md "nginx in front"), so cached anonymous
pages are answered without reaching Python. The files live in one directory per generation,
``gen-<token>/<Tianjin date and UTC offset>/<path>/index.html``, and the link ``current``
names the generation's directory. Every ``bump()`` points ``current`` at a new, empty
directory (atomically, under a lock shared by the machine's processes) and deletes the old
ones, so the invalidation of the cache and of the files is one and the same step; a page
rendered under an older token is written into that token's directory, which the front
server never reads again. The date is in the path because the front server cannot ask
Python what day it is: nginx builds the same name from its own clock (``$time_iso8601``),
and a clock in another zone finds no file (the request goes to Python; never a wrong day).
"""

import fcntl
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

CACHE_ALIAS = "pages"
GENERATION_KEY = "pagecache:generation"


def page_cache():
    return caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"]


def enabled():
    """The page cache is on: ``PAGE_CACHE_ENABLED`` (derived values: ``remembering``)."""
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def _new_token():
    return uuid.uuid4().hex[:16]


def generation(cache=None):
    """The current token, created on first use (or after an eviction)."""
    cache = cache or page_cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, _new_token(), timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def remembering():
    """Values derived from public content are kept per generation: ``DERIVED_CACHE_ENABLED``
    (on unless turned off; the test settings turn it off, since tests change rows without
    the signals that bump the generation). Independent of the page cache: a page rendered
    afresh (for a signed-in reader, or with the page cache off) still reuses them."""
    return getattr(settings, "DERIVED_CACHE_ENABLED", True)


def remember(key, compute, timeout=24 * 3600):
    """``compute()``, a value derived from live public content (e.g. a course's number of
    quiz questions, the order of the case library), kept until the content generation
    changes: computed once per change rather than once per request."""
    if not remembering():
        return compute()
    cache = page_cache()
    full_key = f"pagecache:derived:{generation(cache)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def _bump():
    root = html_dir()
    if root is None:
        page_cache().set(GENERATION_KEY, _new_token(), timeout=None)
        return
    with _mirror_lock(root):
        token = _new_token()
        page_cache().set(GENERATION_KEY, token, timeout=None)
        _point_mirror_at(root, token)


def bump():
    """Everything cached so far is out of date.

    Bumped now, so that this process's next read is fresh, and again once the transaction
    commits: a request that read the token between the two bumps may have rendered the
    data from before the commit, and its entry must not stay current.
    """
    _bump()
    transaction.on_commit(_bump, robust=True)


# --- The HTML mirror for the front server ---------------------------------------------------
CURRENT = "current"
GENERATION_PREFIX = "gen-"
MIRROR_FILE = "index.html"


def html_dir():
    """The mirror's root (``PAGE_CACHE_HTML_DIR``), or None when the mirror is off."""
    value = getattr(settings, "PAGE_CACHE_HTML_DIR", "")
    return Path(value) if value else None


@contextmanager
def _mirror_lock(root):
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _point_mirror_at(root, token):
    """``current`` names a new, empty directory for ``token``; older generations go."""
    target = root / f"{GENERATION_PREFIX}{token}"
    target.mkdir(exist_ok=True)
    link = root / f".{CURRENT}-{token}"
    link.unlink(missing_ok=True)
    os.symlink(target.name, link)
    os.replace(link, root / CURRENT)
    for old in root.glob(f"{GENERATION_PREFIX}*"):
        if old != target:
            shutil.rmtree(old, ignore_errors=True)


def mirror_day(now=None):
    """``2026-12-02+08:00``: the Tianjin date and the offset, as nginx's map builds it from
    ``$time_iso8601`` (deploy/nginx/tjqms-maps.conf)."""
    stamp = timezone.localtime(now).isoformat(timespec="seconds")
    return stamp[:10] + stamp[19:]


def mirror_file(token, day, path):
    """Where the page at ``path`` (decoded, as nginx's ``$uri``) of generation ``token`` on
    ``day`` is written, or None when the path has no file (only ``/…/`` paths, no ``.``,
    ``..`` or empty segments: nginx normalises those, so they could name another page)."""
    root = html_dir()
    if root is None or not path.startswith("/") or not path.endswith("/") or "\x00" in path:
        return None
    parts = path[1:-1].split("/") if path != "/" else []
    if any(part in ("", ".", "..") for part in parts):
        return None
    return root.joinpath(f"{GENERATION_PREFIX}{token}", day, *parts, MIRROR_FILE)


def current_mirror_file(path):
    """The file the front server reads now for ``path`` (as in a link: percent-encoded or
    not), or None (tests and the bench)."""
    root = html_dir()
    linked = _linked(root) if root is not None else None
    if linked is None:
        return None
    token = linked[len(GENERATION_PREFIX) :]
    return mirror_file(token, mirror_day(), unquote(path))


def _linked(root):
    try:
        return os.readlink(root / CURRENT)
    except FileNotFoundError:
        return None


def write_mirror(token, day, path, content):
    """Writes ``content`` as the page at ``path`` if ``token`` is still the generation the
    front server reads; a page rendered under an older token is never written where nginx
    looks. Returns the file written, or None."""
    target = mirror_file(token, day, path)
    if target is None:
        return None
    root = html_dir()
    try:
        if _linked(root) != f"{GENERATION_PREFIX}{token}":
            # No link yet (the mirror was switched on after the token was made), or one left
            # from an evicted token: point it at ours if ours is current, under the lock
            # every bump takes, so a bump in between always wins.
            with _mirror_lock(root):
                if page_cache().get(GENERATION_KEY) != token:
                    return None
                if _linked(root) != f"{GENERATION_PREFIX}{token}":
                    _point_mirror_at(root, token)
        if target.exists():
            return target
        day_dir = root / f"{GENERATION_PREFIX}{token}" / day
        if not day_dir.is_dir():
            day_dir.mkdir(exist_ok=True)
            # Yesterday's pages are never read again (nginx asks for today's name).
            for old in day_dir.parent.iterdir():
                if old != day_dir:
                    shutil.rmtree(old, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{MIRROR_FILE}.{os.getpid()}.tmp")
        partial.write_bytes(content)
        os.replace(partial, target)
    except OSError:
        # The generation was replaced meanwhile (its directory deleted), or the disk refuses:
        # the page is simply not mirrored; the site answers as usual.
        return None
    return target
