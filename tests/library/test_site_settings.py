"""Site settings: the footer text, contact and the ICP / 公安 filing numbers are edited in the
admin by city editors (and superusers) and shown in every public page's footer; bodies and
districts cannot edit them."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from library.models import SiteSettings
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    EditorFactory,
    body_user,
    district,
    district_user,
)

pytestmark = pytest.mark.django_db


def edit_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["library", "sitesettings", site.pk])


FORM = {
    "footer_text": "本库由天津市市场监管委主办。",
    "contact_name": "认证监督管理处",
    "contact_phone": "022-12345678",
    "contact_email": "rzc@example.cn",
    "contact_address": "天津市河西区",
    "icp_number": "津ICP备12345678号-1",
    "public_security_number": "津公网安备 12010302000123号",
}


def test_an_editor_sets_the_footer_and_every_public_page_shows_it(client, site_tree):
    editor = EditorFactory()
    client.login(username=editor.username, password=PASSWORD)
    assert client.get(edit_url()).status_code == 200
    response = client.post(edit_url(), FORM)
    assert response.status_code == 302

    client.logout()
    html = client.get("/").content.decode()
    for value in FORM.values():
        assert value in html
    assert 'href="https://beian.miit.gov.cn/"' in html
    assert "code=12010302000123" in html
    assert "汇集天津市小微企业" not in html  # the default about text was replaced


def test_the_defaults_show_without_filing_numbers(client, site_tree):
    html = client.get("/").content.decode()
    assert "汇集天津市小微企业质量管理体系认证提升行动" in html
    assert "天津市市场监督管理委员会认证监督管理处" in html
    assert "footer-filings" not in html


@pytest.mark.parametrize("role", ["body", "district"])
def test_bodies_and_districts_cannot_edit_the_settings(client, site_tree, role):
    user = (
        body_user(CertificationBodyFactory())
        if role == "body"
        else district_user(district("北辰区"))
    )
    client.login(username=user.username, password=PASSWORD)
    assert client.get(edit_url()).status_code in (302, 403)
    client.post(edit_url(), FORM)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.icp_number == ""
