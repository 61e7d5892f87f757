"""/health/ tells a load balancer and an operator what is up and what is down."""

import json
import logging

import pytest
from django.test import override_settings

from library.roles import SYSTEM_ADMINS, role_group
from ops.logging import JsonFormatter
from tests.factories import EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client, site_tree):
    """The detailed report is for the people who run the site (system administrators)."""
    user = UserFactory(username="ops-admin")
    user.groups.add(role_group(SYSTEM_ADMINS))
    client.force_login(user)
    return client


UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


@override_settings(ELASTICSEARCH_URL=None)
def test_health_reports_every_part_on_the_embedded_default(operator_client):
    response = operator_client.get("/health/")
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
def test_health_says_the_search_engine_is_down_but_keeps_the_site_in_rotation(
    operator_client,
):
    response = operator_client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["down"] == ["search"]
    assert body["checks"]["search"]["engine"] == "elasticsearch"
    assert "error" in body["checks"]["search"]
    # The load balancer's probes say nothing about it, and keep the process in rotation.
    operator_client.logout()
    assert operator_client.get("/health/live/").content == b"ok"
    assert operator_client.get("/health/ready/").content == b"ok"


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
def test_health_says_the_media_storage_is_down_and_operators_see_why(operator_client):
    body = operator_client.get("/health/").json()
    assert body["status"] == "degraded"
    assert body["down"] == ["media"]
    assert body["checks"]["media"]["backend"] == "s3"
    assert "EndpointConnectionError" in body["checks"]["media"]["error"]


@override_settings(ELASTICSEARCH_URL=UNREACHABLE, HEALTH_TOKEN="s3cret-monitoring-token")
def test_the_detailed_report_is_only_for_operators(client, site_tree):
    # Anonymous visitors, learners and city editors get a plain 404: no internals.
    response = client.get("/health/")
    assert response.status_code == 404
    assert b"elasticsearch" not in response.content
    assert b"database" not in response.content
    client.force_login(EditorFactory())
    assert client.get("/health/").status_code == 404
    client.logout()
    assert client.get("/health/", headers={"Authorization": "Bearer wrong"}).status_code == 404
    # A monitoring system with the token reads it.
    response = client.get("/health/", headers={"Authorization": "Bearer s3cret-monitoring-token"})
    assert response.status_code == 200
    assert response.json()["down"] == ["search"]


def test_liveness_says_ok_and_nothing_else(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_readiness_is_503_when_the_database_is_down(client, monkeypatch):
    from ops import health

    def broken():
        raise OSError("connection refused by db.internal:5432")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    monkeypatch.setattr(health, "check_database", broken)
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.content == b"down"


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
