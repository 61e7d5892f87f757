"""Fixtures for the tests that run against real services started by .ci/services/*.sh."""

import os
import urllib.request
import uuid

import pytest
from django.test import override_settings

from tests.conftest import require_service

S3_HINT = 'eval "$(bash .ci/services/s3.sh)"'


def _s3_reachable(endpoint):
    try:
        with urllib.request.urlopen(f"{endpoint}/minio/health/ready", timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture
def s3_media():
    """Media on the real S3 server from the environment (AWS_*), under a prefix of its own
    that is emptied afterwards; yields a boto3 client for looking behind Django's back."""
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL")
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME")
    require_service("S3（MinIO）", bool(endpoint and bucket) and _s3_reachable(endpoint), S3_HINT)
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "access_key": os.environ["AWS_ACCESS_KEY_ID"],
        "secret_key": os.environ["AWS_SECRET_ACCESS_KEY"],
        "region_name": os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
        "location": prefix,
        "default_acl": None,
        "querystring_auth": True,
        "signature_version": "s3v4",
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )
    with override_settings(STORAGES=storages, WAGTAILDOCS_SERVE_METHOD="redirect"):
        yield {"client": client, "bucket": bucket, "prefix": prefix, "endpoint": endpoint}
    listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix + "/")
    for item in listing.get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
