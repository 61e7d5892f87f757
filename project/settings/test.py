"""Fast, isolated settings for the test suite (cheap hasher, local cache, immediate tasks)."""

import os
import tempfile

from project.settings.base import *  # noqa: F403
from project.settings.env import env_str

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Tests read pages right after changing rows without signals (bulk factories); the page
# cache's own tests (tests/ops/test_pagecache.py) switch it on.
PAGE_CACHE_ENABLED = False
DERIVED_CACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="tjqms-test-media-")
# On SQLite the test database is a file, not Django's shared in-memory one: the live server's
# thread then has a connection of its own. Shared, a background request of the browser (the
# editor's ping, an autosave) could interleave its transaction with the test thread's and
# leave that connection outside autocommit for every later test on the worker. pytest-xdist
# workers add their own suffix to the name.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="tjqms-test-db-"), "test.sqlite3")
    }
# Local media even when the environment configures S3 (CI exports AWS_* for tests/services,
# which switch to S3 explicitly); WhiteNoise without a manifest, so no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Text logs in test output; the JSON formatter has its own test.
LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405
# Each pytest-xdist worker (`make test` runs two) has indexes of its own.
SEARCH_INDEX_PREFIX = "-".join(
    filter(
        None, [env_str("SEARCH_INDEX_PREFIX", "tjqms-test"), os.environ.get("PYTEST_XDIST_WORKER")]
    )
)
WAGTAILADMIN_BASE_URL = "http://testserver"
# django-axes needs the request that Client.login() does not pass; the lock-out tests
# (tests/security/test_hardening.py) switch it on.
AXES_ENABLED = False
