"""Complaints and 通报批评 about a certification body: only city editors record and change them,
a body reads its own (not another's, and cannot change them), the evidence is never public."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from reports.complaints import COMPLAINT, CRITICISM, BodyComplaint
from tests.cases.factories import open_campaign
from tests.factories import PASSWORD, CertificationBodyFactory, body_user, district, district_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(body, campaign, **overrides):
    return {
        "body": body.pk,
        "campaign": campaign.pk,
        "kind": CRITICISM,
        "date": "2026-09-15",
        "summary": "帮扶企业反映体系文件照搬模板，未按企业实际编写。",
        **overrides,
    }


def test_only_editors_record_complaints(site_tree, editor):
    campaign = open_campaign()
    body = CertificationBodyFactory()
    add = reverse("reports_admin:complaint_add")
    for outsider in (body_user(body), district_user(district("北辰区"))):
        client = login(outsider)
        assert refused(client.get(add))
        assert refused(client.post(add, form_data(body, campaign)))
    assert not BodyComplaint.objects.exists()

    client = login(editor)
    response = client.post(
        add,
        form_data(
            body,
            campaign,
            evidence_file=SimpleUploadedFile("企业投诉函.pdf", PDF, "application/pdf"),
        ),
    )
    assert response.status_code == 302
    record = BodyComplaint.objects.get()
    assert (record.body, record.kind, record.recorded_by) == (body, CRITICISM, editor)
    assert record.date == datetime.date(2026, 9, 15)
    assert record.evidence.title == "企业投诉函.pdf"
    # The editor changes it; the body cannot.
    edit = reverse("reports_admin:complaint_edit", args=[record.pk])
    client.post(edit, form_data(body, campaign, kind=COMPLAINT))
    record.refresh_from_db()
    assert record.kind == COMPLAINT and record.evidence.title == "企业投诉函.pdf"
    assert refused(login(body_user(body)).post(edit, form_data(body, campaign, kind=CRITICISM)))
    assert refused(login(body_user(body)).post(edit, {"action": "delete"}))
    record.refresh_from_db()
    assert record.kind == COMPLAINT
    # A new file replaces the old one (the old one is deleted); deleting the record deletes it.
    first = record.evidence
    client.post(
        edit,
        form_data(
            body, campaign, evidence_file=SimpleUploadedFile("补充材料.pdf", PDF, "application/pdf")
        ),
    )
    record.refresh_from_db()
    assert record.evidence.title == "补充材料.pdf"
    documents = get_document_model().objects
    assert not documents.filter(pk=first.pk).exists()
    client.post(edit, {"action": "delete"})
    assert not BodyComplaint.objects.exists()
    assert not documents.filter(pk=record.evidence_id).exists()


def test_a_body_reads_only_its_own_records_and_nothing_is_public(site_tree, editor):
    campaign = open_campaign()
    mine, theirs = CertificationBodyFactory(), CertificationBodyFactory()
    client = login(editor)
    for body, summary in ((mine, "本机构的投诉事由"), (theirs, "他机构的通报批评事由")):
        client.post(
            reverse("reports_admin:complaint_add"),
            form_data(
                body,
                campaign,
                summary=summary,
                evidence_file=SimpleUploadedFile(f"{body.pk}.pdf", PDF, "application/pdf"),
            ),
        )
    own, other = BodyComplaint.objects.get(body=mine), BodyComplaint.objects.get(body=theirs)

    reader = login(body_user(mine))
    listing = reader.get(reverse("reports_admin:complaints")).content.decode()
    assert "本机构的投诉事由" in listing and "他机构的通报批评事由" not in listing
    edit = reverse("reports_admin:complaint_edit", args=[own.pk])
    assert f'href="{edit}"' not in listing and "记录投诉或通报批评" not in listing  # read-only
    assert reader.get(reverse("reports_admin:body_complaints", args=[mine.pk])).status_code == 200
    assert refused(reader.get(reverse("reports_admin:body_complaints", args=[theirs.pk])))
    evidence = reverse("reports_admin:complaint_evidence", args=[own.pk])
    assert b"".join(reader.get(evidence).streaming_content) == PDF
    assert refused(reader.get(reverse("reports_admin:complaint_evidence", args=[other.pk])))

    # A district user and the public see nothing; the file's Wagtail URL is not public.
    assert refused(
        login(district_user(district("北辰区"))).get(reverse("reports_admin:complaints"))
    )
    anonymous = Client()
    assert anonymous.get(evidence).status_code == 302
    assert anonymous.get(own.evidence.url).status_code != 200
    assert login(body_user(theirs)).get(own.evidence.url).status_code != 200
    assert client.get(own.evidence.url).status_code == 200  # the editors


def test_bad_parameters_are_answered_in_chinese(site_tree, editor):
    client = login(editor)
    body = CertificationBodyFactory()
    for url in (
        reverse("reports_admin:complaints") + "?year=²⁰²⁴",
        reverse("reports_admin:body_complaints", args=[body.pk]) + "?year=abc",
        reverse("reports_admin:body_figures_of", args=[body.pk]) + "?year=20x4",
        reverse("reports_admin:complaint_add") + "?body=1e3",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "参数" in response.content.decode()
    summary = reverse("reports_admin:district_summary", args=[district("北辰区").pk, 2024])
    response = client.post(summary, {"remove_evidence": "²"})
    assert response.status_code == 400
