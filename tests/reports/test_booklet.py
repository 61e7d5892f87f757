"""The annual 优良案例汇编: a PDF with a cover, a table of contents and every decided case
with its metrics; only the decided cases, downloadable once the 公示 is final."""

import datetime
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.publicity import finalise
from tests.reports.publicity_factories import decided_round, notice_for

pytestmark = pytest.mark.django_db


def pdf_text(content):
    reader = PdfReader(BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_booklet_pdf_has_cover_contents_cases_and_metrics(site_tree, editor):
    selection_round, first, second, other = decided_round(editor)
    notice = notice_for(selection_round, days_left=0)
    moment = timezone.make_aware(
        datetime.datetime.combine(notice.ends_on + datetime.timedelta(days=1), datetime.time(9))
    )
    with time_machine.travel(moment, tick=False):
        finalise(notice, editor)

    response = Client().get(reverse("reports:booklet", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    squeezed = text.replace(" ", "").replace("\n", "")
    assert "天津市2024年小微企业质量管理体系认证提升行动优良案例汇编" in squeezed
    assert "目录" in squeezed
    assert first.title in squeezed and second.title in squeezed
    assert other.title not in squeezed
    # The metrics table of 案例甲: 产品合格率 91.5% → 98.2%, 产值 1200 → 1575.
    assert "产品合格率" in squeezed and "91.5%" in squeezed and "98.2%" in squeezed
    assert "1,575" in squeezed and "+6.7个百分点" in squeezed
    # Cover, contents, then one chapter per case: the first case starts on page 3.
    assert len(reader.pages) >= 4
    assert first.title in reader.pages[2].extract_text().replace(" ", "").replace("\n", "")
