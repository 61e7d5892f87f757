"""The health endpoint asks the real Elasticsearch cluster how it is."""

import os
import urllib.request

import pytest
from django.test import override_settings

from tests.conftest import require_service

pytestmark = pytest.mark.django_db


def test_health_reports_a_running_elasticsearch_cluster(client):
    url = os.environ.get("ELASTICSEARCH_URL")
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=3):
            reachable = True
    except Exception:
        reachable = False
    require_service(
        "Elasticsearch", bool(url) and reachable, 'eval "$(bash .ci/services/elasticsearch.sh)"'
    )
    with override_settings(ELASTICSEARCH_URL=url, HEALTH_TOKEN="monitoring"):
        search = client.get("/health/", headers={"Authorization": "Bearer monitoring"}).json()[
            "checks"
        ]["search"]
    assert search["ok"] is True
    assert search["engine"] == "elasticsearch"
    assert search["cluster"] in {"green", "yellow"}
