"""/health/ tells a load balancer and an operator what is up and what is down."""

import json
import logging

import pytest
from django.test import override_settings

from ops.logging import JsonFormatter
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


@override_settings(ELASTICSEARCH_URL=None)
def test_health_reports_every_part_on_the_embedded_default(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    checks = body["checks"]
    assert set(checks) == {"database", "search", "media", "search_outbox", "tasks"}
    assert checks["database"]["ok"] is True
    assert checks["search"] == {**checks["search"], "ok": True, "engine": "database"}
    assert checks["media"]["backend"] == "local"
    assert "pending" in checks["search_outbox"] or checks["search_outbox"]["configured"] is False


@override_settings(ELASTICSEARCH_URL=UNREACHABLE)
def test_health_says_the_search_engine_is_down_but_keeps_the_site_in_rotation(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["down"] == ["search"]
    assert body["checks"]["search"]["engine"] == "elasticsearch"
    # Details of the failure are for the people who run the site, not the public.
    assert "error" not in body["checks"]["search"]


@override_settings(
    STORAGES={
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "tjqms-media",
                "endpoint_url": UNREACHABLE,
                "access_key": "nobody",
                "secret_key": "nothing",
                "region_name": "us-east-1",
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    ELASTICSEARCH_URL=None,
)
def test_health_says_the_media_storage_is_down_and_admins_see_why(client):
    body = client.get("/health/").json()
    assert body["status"] == "degraded"
    assert body["down"] == ["media"]
    assert body["checks"]["media"]["backend"] == "s3"

    client.force_login(EditorFactory())
    body = client.get("/health/").json()
    assert "EndpointConnectionError" in body["checks"]["media"]["error"]


def test_logs_are_one_json_object_per_line():
    record = logging.makeLogRecord(
        {"name": "search.outbox", "levelname": "WARNING", "msg": "索引失败 %s", "args": ("case-7",)}
    )
    record.page_id = 7
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "search.outbox"
    assert entry["message"] == "索引失败 case-7"
    assert entry["page_id"] == 7
