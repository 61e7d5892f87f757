"""Production: secrets and hosts have no default, so a missing one stops start-up."""

from project.settings.base import *  # noqa: F403
from project.settings.env import env_bool, env_int, env_list, env_str, tasks_from_env

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's live preview shows the page in a same-origin frame, so DENY would break it.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Hashed, pre-compressed static files served by WhiteNoise (run `collectstatic` on deploy).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# A template naming a static file missing from the manifest gets its plain name, not a 500.
WHITENOISE_MANIFEST_STRICT = False

# In production background work goes to the database queue for `manage.py db_worker`.
TASKS = tasks_from_env(default="database")
