"""Fast, isolated settings for the test suite (cheap hasher, local cache, immediate tasks)."""

import tempfile

from library.settings.base import *  # noqa: F403
from library.settings.env import env_str

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="tjqms-test-media-")
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "tjqms-test")
WAGTAILADMIN_BASE_URL = "http://testserver"
