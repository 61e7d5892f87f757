"""Reading configuration from the environment, failing with one clear line.

Every setting that comes from the environment goes through these helpers so that a
missing or malformed value stops start-up with a message naming the variable,
instead of a traceback somewhere deep inside Django.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured


class SettingError(ImproperlyConfigured):
    """A setting from the environment is missing or malformed."""


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise SettingError(f"缺少必需的环境变量 {name}（生产环境中没有默认值）")
    return default


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"环境变量 {name} 的值 {value!r} 不是布尔值（应为 true 或 false）")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingError(f"环境变量 {name} 的值 {value!r} 不是整数") from None


def env_list(name, default=(), *, required=False):
    value = env_str(name, required=required)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if required and not items:
        raise SettingError(f"环境变量 {name} 不能为空")
    return items


def env_url(name, default=None, *, schemes):
    value = env_str(name, default)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not (parsed.netloc or parsed.path):
        allowed = "、".join(schemes)
        raise SettingError(
            f"环境变量 {name} 的值 {value!r} 不是有效的地址（支持的协议：{allowed}）"
        )
    return value


# The embedded default under concurrent writes: WAL lets readers run beside the one writer;
# IMMEDIATE transactions take the write lock at BEGIN, so a writer waits (up to ``timeout``
# seconds) instead of failing with "database is locked" when it upgrades from a read lock.
# Measured by tests/inputs/test_sqlite_concurrency.py (20 concurrent publishes under reads).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_env(default_sqlite_path):
    """DATABASES["default"] from DATABASE_URL, or a SQLite file in the project."""
    import dj_database_url

    url = env_url(
        "DATABASE_URL",
        f"sqlite:///{default_sqlite_path}",
        schemes=("sqlite", "postgres", "postgresql", "pgsql"),
    )
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as error:  # dj-database-url raises several types
        raise SettingError(f"环境变量 DATABASE_URL 无法解析：{error}") from None
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("OPTIONS", {})
    if config["ENGINE"].endswith("sqlite3"):
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return config


def caches_from_env(default_dir):
    """CACHES from CACHE_URL: ``redis://host:6379/0`` (Redis), ``memcached://host:11211``
    (memcached) or ``file:///path``; without it a file cache in ``default_dir``, shared by
    every worker on the machine (the page cache's invalidation must reach all of them).

    The page cache and the navigation use the ``pages`` alias (library.pagecache)."""
    url = env_url("CACHE_URL", None, schemes=("redis", "rediss", "memcached", "file"))
    parsed = urlparse(url or "")
    if parsed.scheme in ("redis", "rediss"):
        shared = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif parsed.scheme == "memcached":
        shared = {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": parsed.netloc,
        }
    else:
        shared = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parsed.path if url else str(default_dir),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    pages = {**shared, "KEY_PREFIX": "pages", "TIMEOUT": 24 * 3600}
    if url and parsed.scheme != "file":
        return {"default": {**shared, "KEY_PREFIX": "default"}, "pages": pages}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": pages,
    }


TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_from_env(default):
    """TASKS from TASKS_BACKEND: ``immediate`` runs work inline, ``database`` queues it
    for the ``manage.py db_worker`` processes."""
    name = env_str("TASKS_BACKEND", default)
    if name not in TASK_BACKENDS:
        raise SettingError(
            f"环境变量 TASKS_BACKEND 的值 {name!r} 无效（应为 immediate 或 database）"
        )
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}
