"""An organisation's images (originals and renditions) follow the documents' rule: private
to the organisation and the city editors until a live page shows them; nothing under
/media/ is served without that check."""

import pytest
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.models import Collection

from tests.factories import EditorFactory, ExpertFactory, district, district_user
from tests.ops.helpers import (
    PDF_BYTES,
    download,
    draft_case_with_attachment,
    make_document,
    make_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id, and ids come back after a rolled-back test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def beichen_case(site_tree):
    collection = district("北辰区").collection
    document = make_document(collection)
    image = make_image(collection)
    case = draft_case_with_attachment("北辰区", document, image=image)
    return case, document, image


def urls_of(image):
    rendition = image.get_rendition("width-80")
    assert rendition.url.startswith("/media/images/")
    assert image.file.url.startswith("/media/original_images/")
    return [image.file.url, rendition.url]


def test_draft_images_are_refused_to_anonymous_and_other_organisations(client, beichen_case):
    _, _, image = beichen_case
    for url in urls_of(image):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/admin/login/" in response["Location"]
    for outsider in (district_user(district("武清区")), ExpertFactory()):
        client.force_login(outsider)
        for url in urls_of(image):
            response = client.get(url)
            assert response.status_code == 403, url
            assert "只有所属单位的用户和市级编辑" in response.content.decode()


def test_own_district_and_editors_see_the_draft_image_not_cached_by_proxies(client, beichen_case):
    _, _, image = beichen_case
    for user in (district_user(district("北辰区")), EditorFactory()):
        client.force_login(user)
        for url in urls_of(image):
            response = client.get(url)
            assert response.status_code == 200, url
            assert download(response)[:4] == b"\x89PNG"
            assert response["Cache-Control"] == "private, no-store"


def test_image_becomes_public_with_its_case_and_private_again(client, beichen_case):
    case, _, image = beichen_case
    case.get_latest_revision().publish()
    for url in urls_of(image):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("public")
    case.refresh_from_db()
    case.unpublish()
    for url in urls_of(image):
        assert client.get(url).status_code == 302, url


def test_images_outside_organisation_collections_are_public(client, site_tree):
    image = make_image(Collection.get_first_root_node(), filename="banner.png")
    for url in urls_of(image):
        assert client.get(url).status_code == 200


def test_document_files_under_media_follow_the_same_rule(client, beichen_case):
    _, document, _ = beichen_case
    url = document.file.url
    assert url.startswith("/media/documents/")
    assert client.get(url).status_code == 302
    client.force_login(district_user(district("北辰区")))
    response = client.get(url)
    assert response.status_code == 200
    assert download(response) == PDF_BYTES


def test_unknown_and_traversal_paths_under_media_are_404(client, site_tree, settings):
    (__import__("pathlib").Path(settings.MEDIA_ROOT) / "stray.txt").write_text("secret")
    assert client.get("/media/stray.txt").status_code == 404
    assert client.get("/media/../project/settings/base.py").status_code == 404
    assert client.get("/media/original_images/missing.png").status_code == 404


def test_the_development_server_does_not_serve_media_as_static_files(client, beichen_case):
    """With DEBUG on (``make run``) /media/ still goes through the check."""
    import importlib

    import project.urls

    _, _, image = beichen_case
    try:
        with override_settings(DEBUG=True):
            importlib.reload(project.urls)
            clear_url_caches()
            assert client.get(image.file.url).status_code == 302
    finally:
        importlib.reload(project.urls)
        clear_url_caches()
