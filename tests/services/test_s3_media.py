"""Media on a real S3 server: images, renditions and documents round-trip, and nothing in
the bucket can be read without a signature."""

import io
import urllib.error
import urllib.request

import pytest
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.models import Collection

from tests.factories import EditorFactory, district, district_user
from tests.ops.helpers import PDF_BYTES, draft_case_with_attachment, make_document, make_image

pytestmark = pytest.mark.django_db


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def unsigned(url):
    return url.split("?", 1)[0]


def test_image_rendition_and_document_round_trip_through_s3(client, site_tree, s3_media):
    s3, bucket, prefix = s3_media["client"], s3_media["bucket"], s3_media["prefix"]

    image = make_image(Collection.get_first_root_node())
    rendition = image.get_rendition("fill-80x60")
    for name in (image.file.name, rendition.file.name):
        s3.head_object(Bucket=bucket, Key=f"{prefix}/{name}")  # raises if not in the bucket

    assert "X-Amz-Signature=" in rendition.url
    status, data = fetch(rendition.url)
    assert status == 200
    assert PILImage.open(io.BytesIO(data)).size == (80, 60)

    document = make_document(Collection.get_first_root_node(), filename="notice.pdf")
    response = client.get(document.url)
    assert response.status_code == 302  # to a short-lived signed URL of the private bucket
    assert response["Location"].startswith(s3_media["endpoint"])
    assert fetch(response["Location"]) == (200, PDF_BYTES)


def test_the_bucket_is_not_publicly_readable(site_tree, s3_media):
    document = make_document(Collection.get_first_root_node(), filename="public-notice.pdf")
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(unsigned(document.file.url))
    assert refused.value.code == 403


def test_a_private_document_on_s3_is_refused_to_anonymous_users_and_other_districts(
    client, site_tree, s3_media
):
    document = make_document(district("北辰区").collection, filename="draft-plan.pdf")
    draft_case_with_attachment("北辰区", document)

    response = client.get(document.url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

    client.force_login(district_user(district("武清区")))
    assert client.get(document.url).status_code == 403

    for user in (district_user(district("北辰区")), EditorFactory()):
        client.force_login(user)
        response = client.get(document.url)
        assert response.status_code == 302
        assert fetch(response["Location"]) == (200, PDF_BYTES)


@override_settings(HEALTH_TOKEN="monitoring")
def test_health_reports_the_s3_media_storage(client, s3_media):
    response = client.get("/health/", headers={"Authorization": "Bearer monitoring"})
    media = response.json()["checks"]["media"]
    assert media == {**media, "ok": True, "backend": "s3", "bucket": s3_media["bucket"]}
