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
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

CACHE_ALIAS = "pages"
GENERATION_KEY = "pagecache:generation"


def page_cache():
    return caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"]


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


def _bump():
    page_cache().set(GENERATION_KEY, _new_token(), timeout=None)


def bump():
    """Everything cached so far is out of date.

    Bumped now, so that this process's next read is fresh, and again once the transaction
    commits: a request that read the token between the two bumps may have rendered the
    data from before the commit, and its entry must not stay current.
    """
    _bump()
    transaction.on_commit(_bump, robust=True)
