"""公示 → 异议 → 答复 → 已定: the result is final only after the end date with every
objection answered (checked by the model, not only the views); objections close with the
公示 period; the objection form is rate-limited per address and never page-cached."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.pages import PublicityColumnPage
from reports.publicity import (
    FINAL,
    Objection,
    PublicityRefused,
    answer_objection,
    file_objection,
    finalise,
)
from reports.publicity_views import OBJECTION_LIMIT
from selection import subjects
from selection.models import Decision
from tests.factories import district
from tests.reports.publicity_factories import decided_round, notice_for
from tests.selection.factories import campaign, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def entry(notice, case):
    """The 公示's round's entry for ``case``."""
    return notice.round.entry_for(case.pk)


def after(notice, days=1):
    """Tianjin noon ``days`` after the last day of the 公示."""
    day = notice.ends_on + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_publicity_objection_answer_then_final(site_tree, editor):
    selection_round, first, _second, _other = decided_round(editor)
    notice = notice_for(selection_round)

    objection = file_objection(
        notice,
        entry=entry(notice, first),
        name="张三",
        contact="13800000000",
        reason="该企业去年有质量处罚",
    )
    with pytest.raises(PublicityRefused, match="公示期结束后才能确定结果"):
        finalise(notice, editor)

    with time_machine.travel(after(notice), tick=False):
        with pytest.raises(PublicityRefused, match="还有 1 条异议未答复"):
            finalise(notice, editor)
        # Not even by setting the status directly: the model refuses.
        notice.refresh_from_db()
        notice.status = FINAL
        with pytest.raises(PublicityRefused):
            notice.save()
        notice.refresh_from_db()
        assert notice.status != FINAL

    answer_objection(objection, "经核查，处罚发生在帮扶开始前且已整改，维持认定", editor)
    objection.refresh_from_db()
    assert objection.answered_by == editor and objection.answered_at is not None
    # Answered, but the 公示 still runs (its last day counts).
    with time_machine.travel(after(notice, days=0), tick=False):
        with pytest.raises(PublicityRefused, match="公示期结束后才能确定结果"):
            finalise(notice, editor)
    with time_machine.travel(after(notice), tick=False):
        final = finalise(notice, editor)
    assert final.status == FINAL and final.finalised_by == editor
    with pytest.raises(PublicityRefused, match="结果已确定"):
        answer_objection(objection, "改一下答复", editor)


def test_objections_only_within_the_period_and_on_decided_cases(site_tree, editor):
    selection_round, _first, second, other = decided_round(editor)
    notice = notice_for(selection_round, days_left=0)
    with pytest.raises(PublicityRefused, match="只能对本次公示的认定结果提出异议"):
        file_objection(
            notice, entry=entry(notice, other), name="李四", contact="a@b.cn", reason="不应入选"
        )
    # The last day still accepts one.
    with time_machine.travel(after(notice, days=0), tick=False):
        file_objection(
            notice, entry=entry(notice, second), name="李四", contact="a@b.cn", reason="数据有误"
        )
    with time_machine.travel(after(notice), tick=False):
        with pytest.raises(PublicityRefused, match="公示期已结束"):
            file_objection(
                notice, entry=entry(notice, second), name="王五", contact="a@b.cn", reason="晚了"
            )
        response = Client().post(
            reverse("reports:objection", args=[notice.pk]),
            {
                "entry": entry(notice, second).pk,
                "name": "王五",
                "contact": "a@b.cn",
                "reason": "晚了",
            },
        )
    assert response.status_code == 403
    assert "不能再提出异议" in response.content.decode()
    assert Objection.objects.filter(notice=notice).count() == 1


def site_tree_client():
    return Client(enforce_csrf_checks=True)


def csrf_post(client, url, data, **extra):
    client.get(url)
    token = client.cookies["csrftoken"].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, **extra)


def test_objection_form_csrf_rate_limit_and_no_page_cache(site_tree, editor):
    selection_round, first, _second, other = decided_round(editor)
    notice = notice_for(selection_round)
    url = reverse("reports:objection", args=[notice.pk])
    client = site_tree_client()

    page = client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page.get("X-Page-Cache") != "HIT"
    assert first.title in page.content.decode() and other.title not in page.content.decode()

    data = {
        "entry": entry(notice, first).pk,
        "name": "张三",
        "contact": "13800000000",
        "reason": "数据有误",
    }
    # Without the token: refused by CSRF, nothing stored.
    assert client.post(url, data).status_code == 403
    assert not Objection.objects.exists()

    missing = csrf_post(client, url, {**data, "reason": ""})
    assert missing.status_code == 400 and "请填写异议理由" in missing.content.decode()

    for _ in range(OBJECTION_LIMIT):
        response = csrf_post(client, url, data, REMOTE_ADDR="10.0.0.7")
        assert response.status_code == 302
    assert Objection.objects.count() == OBJECTION_LIMIT
    assert Objection.objects.first().ip_address == "10.0.0.7"
    limited = csrf_post(client, url, data, REMOTE_ADDR="10.0.0.7")
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert Objection.objects.count() == OBJECTION_LIMIT
    # Another address is not limited by the first one's submissions.
    assert csrf_post(client, url, data, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_column_page_shows_publicity_then_booklet_link(site_tree, editor):
    selection_round, first, second, other = decided_round(editor)
    notice = notice_for(selection_round)
    column = PublicityColumnPage.objects.get(campaign=campaign(2024))  # the site set-up's
    booklet_url = reverse("reports:booklet", args=[notice.pk])

    html = site_tree_client().get(column.url).content.decode()
    assert "公示中" in html and first.title in html and second.title in html
    assert other.title not in html
    assert reverse("reports:objection", args=[notice.pk]) in html
    assert booklet_url not in html
    assert site_tree_client().get(booklet_url).status_code == 404

    with time_machine.travel(after(notice), tick=False):
        finalise(notice, editor)
        html = site_tree_client().get(column.url).content.decode()
    assert "结果已确定" in html and booklet_url in html
    assert reverse("reports:objection", args=[notice.pk]) not in html


def test_a_district_rounds_publicity_takes_objections_on_its_decisions(site_tree, editor):
    beichen, hexi, wuqing = district("北辰区"), district("河西区"), district("武清区")
    selection_round = make_round([beichen, hexi, wuqing], subject_kind="district")
    for subject, level in ((beichen, subjects.OUTSTANDING), (hexi, subjects.IMPROVED)):
        Decision.objects.create(
            round=selection_round,
            entry=selection_round.entry_for(subject.pk),
            level=level,
            reason="组织发动有力",
            decided_by=editor,
            decided_at=timezone.now(),
        )
    notice = notice_for(selection_round)
    url = reverse("reports:objection", args=[notice.pk])
    client = site_tree_client()
    html = client.get(url).content.decode()
    assert "北辰区（表现突出）" in html and "河西区（进步提升较大）" in html
    assert "武清区" not in html  # not decided: nothing to object to

    data = {"name": "张三", "contact": "13800000000", "reason": "培训数据与台账不符"}
    response = csrf_post(client, url, {**data, "entry": selection_round.entry_for(beichen.pk).pk})
    assert response.status_code == 302
    assert Objection.objects.get(notice=notice).entry.district == beichen
    refused = csrf_post(client, url, {**data, "entry": selection_round.entry_for(wuqing.pk).pk})
    assert refused.status_code == 400 and Objection.objects.count() == 1
    with pytest.raises(PublicityRefused, match="只能对本次公示的认定结果提出异议"):
        file_objection(notice, entry=selection_round.entry_for(wuqing.pk), **data)
