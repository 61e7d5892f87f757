"""The page cache on a real Redis (CACHE_URL=redis://..., the production backend): a page is
cached, every worker (here: two cache clients) sees a bump at once, and an evicted
generation never revives old entries. Needs REDIS_URL (.ci/services/redis.sh); fails under
CI=true without it."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.core.cache import caches
from django.test import override_settings

from library import pagecache
from project.settings.env import caches_from_env
from tests.conftest import require_service
from tests.courses.factories import make_course, make_lesson
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("REDIS_URL", "")


def _reachable(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_caches(monkeypatch):
    require_service(
        "Redis",
        bool(REDIS_URL) and _reachable(REDIS_URL),
        "运行 .ci/services/redis.sh 并导出 REDIS_URL",
    )
    monkeypatch.setenv("CACHE_URL", REDIS_URL)
    configured = caches_from_env("/nonexistent")
    assert configured["pages"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    prefix = f"test-{os.getpid()}"
    configured["pages"]["KEY_PREFIX"] = prefix
    configured["other_worker"] = {**configured["pages"]}
    with override_settings(CACHES=configured, PAGE_CACHE_ENABLED=True):
        for alias in ("pages", "other_worker"):
            caches[alias].clear()
        yield caches["pages"], caches["other_worker"]
        caches["pages"].clear()
        for alias in ("pages", "other_worker", "default"):
            caches[alias].close()


def test_pages_are_cached_in_redis_and_invalidated_on_publish(client, site_tree, redis_caches):
    pages, other_worker = redis_caches
    course = make_course(CertificationBodyFactory(), "Redis 缓存课程")
    assert client.get(course.url)["X-Page-Cache"] == "MISS"
    assert client.get(course.url)["X-Page-Cache"] == "HIT"
    before = pagecache.generation(other_worker)
    make_lesson(course, "新课时 Redis", clauses=("8.4",))
    # Another process reading the same Redis sees the new generation at once.
    assert pagecache.generation(other_worker) != before
    response = client.get(course.url)
    assert response["X-Page-Cache"] == "MISS" and "新课时 Redis" in response.content.decode()
    pages.delete(pagecache.GENERATION_KEY)
    assert client.get(course.url)["X-Page-Cache"] == "MISS"
