"""A district's attachment stays private until the case that uses it is published."""

import pytest

from tests.factories import EditorFactory, district, district_user
from tests.ops.helpers import PDF_BYTES, download, draft_case_with_attachment, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def beichen_attachment(site_tree):
    document = make_document(district("北辰区").collection)
    case = draft_case_with_attachment("北辰区", document)
    return case, document


def test_draft_attachment_is_refused_to_anonymous_users(client, beichen_attachment):
    _, document = beichen_attachment
    response = client.get(document.url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_draft_attachment_is_refused_to_another_districts_user(client, beichen_attachment):
    _, document = beichen_attachment
    client.force_login(district_user(district("武清区")))
    response = client.get(document.url)
    assert response.status_code == 403
    assert "只有所属单位的用户和市级编辑可以下载" in response.content.decode()


def test_own_district_and_city_editors_download_the_draft_attachment(client, beichen_attachment):
    _, document = beichen_attachment
    for user in (district_user(district("北辰区")), EditorFactory()):
        client.force_login(user)
        response = client.get(document.url)
        assert response.status_code == 200
        assert download(response) == PDF_BYTES


def test_attachment_becomes_public_with_its_case_and_private_again_when_unpublished(
    client, beichen_attachment
):
    case, document = beichen_attachment
    case.get_latest_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 200
    assert download(response) == PDF_BYTES

    case.refresh_from_db()
    case.unpublish()
    assert client.get(document.url).status_code == 302


def test_documents_outside_organisation_collections_stay_public(client, site_tree):
    from wagtail.models import Collection

    document = make_document(Collection.get_first_root_node(), filename="notice.pdf")
    response = client.get(document.url)
    assert response.status_code == 200
