"""Settings shared by every environment; each value that varies comes from the environment.

See docs: https://docs.wagtail.org/en/stable/reference/settings.html
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE

from project.settings.env import (
    caches_from_env,
    database_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
    tasks_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The project's own apps, the one list every other place reads (logging below, the import
# layers in pyproject.toml's importlinter contract are checked against it by a test).
PROJECT_APPS = [
    "library",
    "review",
    "enterprises",
    "courses",
    "cases",
    "selection",
    "reports",
    "search",
    "ops",
    "notifications",
    "project",
]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with the account rules of library/users.py.
    "library.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process, compressed and cached forever (hashed names).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers, never stale (ops/pagecache.py, library/pagecache.py).
    "ops.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A submission or approval refused by the automatic checks becomes messages, not a 500.
    "review.middleware.ReviewRefusedMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The page cache (docs/deploy.md "Page cache"): CACHE_URL names Redis or memcached in
# production; the embedded default is a file cache in var/pagecache shared by the workers.
CACHES = caches_from_env(Path(env_str("PAGE_CACHE_DIR", str(BASE_DIR / "var" / "pagecache"))))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Values derived from public content (list orders, counts) kept per content generation
# (library.pagecache.remember), with or without the page cache.
DERIVED_CACHE_ENABLED = env_bool("DERIVED_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600)
# The same pages as files for nginx in front (deploy/nginx/, docs/deploy.md "nginx in
# front"); off unless set.
PAGE_CACHE_HTML_DIR = env_str("PAGE_CACHE_HTML_DIR", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site and the admin speak Chinese and keep Tianjin's time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Media on S3 when a bucket is configured, local files otherwise.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_url("AWS_S3_ENDPOINT_URL", None, schemes=("http", "https"))
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "us-east-1")
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID", required=True)
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY", required=True)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
    AWS_S3_FILE_OVERWRITE = False
    # A key prefix, so that several instances (or a smoke test) can share one bucket.
    AWS_LOCATION = env_str("AWS_LOCATION", "")
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"

STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Search: Wagtail's database backend is the embedded default; ELASTICSEARCH_URL
# switches the public search to Elasticsearch (see search/).
ELASTICSEARCH_URL = env_url("ELASTICSEARCH_URL", None, schemes=("http", "https"))
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "tjqms-dev")
# The database engine keeps, per process, what it read of the most recently queried terms
# (search.engines.database): at most this many MB, a few per thousand pages in the library.
SEARCH_TERM_CACHE_MB = env_int("SEARCH_TERM_CACHE_MB", 64)
# The database backend with Chinese segmentation (admin search too).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "提升行动课程与案例库 <noreply@example.org>")

# Background work (search outbox, exports, notifications, Wagtail's reference index):
# run inline by default; TASKS_BACKEND=database queues it for `manage.py db_worker`.
TASKS = tasks_from_env(default="immediate")

# One JSON object per line on stderr, so that several processes' logs can be collected
# and searched together (LOG_FORMAT=text for a human-readable console).
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ops.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LOG_FORMAT", "json") == "json" else "text",
        }
    },
    # Third-party libraries speak up on warnings; the project's own apps and the task
    # worker at LOG_LEVEL.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {name: {"level": LOG_LEVEL} for name in (*PROJECT_APPS, "django_tasks_db")},
}

# A CDN or caching reverse proxy in front (docs/deploy.md "Page cache"): Wagtail purges a
# page's URLs from it when the page is published or unpublished (wagtail.contrib.frontend_cache);
# FRONTEND_CACHE_PURGE_URL is the proxy's purge endpoint (HTTP PURGE, e.g. Varnish or nginx).
FRONTEND_CACHE_PURGE_URL = env_url("FRONTEND_CACHE_PURGE_URL", None, schemes=("http", "https"))
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

WAGTAIL_SITE_NAME = "小微企业质量管理体系认证提升行动 · 课程与案例库"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# An edit during review needs approval again (review.four_eyes restarts the review).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No avatars from third-party hosts: unreachable from a government network, and private.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pixels (all frames) an uploaded image may have; checked from the header before decoding
# (library/uploads.py), so a decompression bomb is refused without being decoded.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 30 * 1024 * 1024
# Uploads are checked for what they really are (magic bytes, a full image decode), not only
# by extension; see courses/uploads.py.
WAGTAILIMAGES_IMAGE_FORM_BASE = "courses.uploads.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "courses.uploads.SafeDocumentForm"
# Documents always go through Wagtail's serve view, where ops.wagtail_hooks checks who may
# read them; on S3 the view then redirects to a short-lived signed URL of a private bucket.
WAGTAILDOCS_SERVE_METHOD = "redirect" if AWS_STORAGE_BUCKET_NAME else "serve_view"

LOGIN_URL = "wagtailadmin_login"

# --- Security (ops/security.py; docs/deploy.md "Security") ---------------------------------
# Login throttling on both logins (/admin/login/ and /learners/login/): after
# AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# locked out for AXES_COOLOFF_TIME (HTTP 429, ops/templates/ops/lockout.html).
INSTALLED_APPS += ["axes", "csp"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.insert(1, "ops.security.SiteCSPMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "ops.security.AdminIdleTimeoutMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ops.security.lockout_response"
# The client address behind a load balancer (X-Forwarded-For), when it sets one.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only
# (media from the S3 endpoint too); inline styles are allowed (templates use style
# attributes), inline scripts only in the admin (Wagtail needs them; SiteCSPMiddleware).
_MEDIA_ORIGINS = [AWS_S3_ENDPOINT_URL] if AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL else []
if AWS_STORAGE_BUCKET_NAME and not AWS_S3_ENDPOINT_URL:
    _MEDIA_ORIGINS = ["https://*.amazonaws.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_ORIGINS],
        "media-src": [SELF, *_MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# Admin users are signed out after 30 minutes without a request (ops.security); learners
# keep Django's two-week session.
ADMIN_SESSION_IDLE_TIMEOUT = env_int("ADMIN_SESSION_IDLE_TIMEOUT", 30 * 60)

# Monitoring systems read the detailed /health/ with "Authorization: Bearer <HEALTH_TOKEN>";
# load balancers use /health/live/ and /health/ready/ (ops/views.py).
HEALTH_TOKEN = env_str("HEALTH_TOKEN")
