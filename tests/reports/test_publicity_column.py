"""The campaign's public 专栏: made by the site set-up for every campaign, it lists what the
commission recognised, cases and also the 提升行动优秀认证机构 and the districts 表现突出 /
进步提升较大, once the round's 公示 has started; a withdrawn decision is not listed, and a
decision or its withdrawal shows at once (the page cache is emptied)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from library import pagecache
from library.models import Campaign, HomePage
from reports.pages import PublicityColumnPage
from reports.publicity import PublicityNotice
from selection.decisions import withdraw
from selection.models import Decision
from selection.subjects import EXCELLENT_BODY, IMPROVED, OUTSTANDING
from tests.factories import CertificationBodyFactory, district
from tests.selection.factories import make_round

pytestmark = pytest.mark.django_db


def decided(selection_round, subject, level, editor):
    return Decision.objects.create(
        round=selection_round,
        entry=selection_round.entry_for(subject.pk),
        level=level,
        reason="综合评估表现突出",
        decided_by=editor,
        decided_at=timezone.now(),
    )


def notice(selection_round, title, *, starts_in=-2):
    today = timezone.localdate()
    return PublicityNotice.objects.create(
        round=selection_round,
        title=title,
        starts_on=today + datetime.timedelta(days=starts_in),
        ends_on=today + datetime.timedelta(days=starts_in + 7),
    )


def test_every_campaign_has_its_column_under_the_home_page(site_tree):
    home = HomePage.objects.get()
    for campaign in Campaign.objects.all():
        column = PublicityColumnPage.objects.get(campaign=campaign)
        assert column.live and column.get_parent().pk == home.pk
        assert column.title == f"{campaign.year}年提升行动专栏"
    # The home page links to each of them, and only to them, under 提升行动专栏.
    html = Client().get(home.url).content.decode()
    listed = html.split('class="campaign-columns"')[1].split("</p>")[0]
    assert listed.count("<a ") == PublicityColumnPage.objects.count() == Campaign.objects.count()
    for column in PublicityColumnPage.objects.all():
        assert f'href="{column.url}"' in listed


def test_the_column_lists_recognised_bodies_and_districts_not_withdrawn_ones(site_tree, editor):
    campaign = Campaign.objects.get(year=2024)
    column = PublicityColumnPage.objects.get(campaign=campaign)
    good, plain = CertificationBodyFactory(), CertificationBodyFactory()
    hidden = CertificationBodyFactory()  # decided in a round whose 公示 has not started
    beichen, wuqing, heping = district("北辰区"), district("武清区"), district("和平区")

    bodies = make_round(
        title="2024年提升行动优秀认证机构评选", subject_kind="body", campaign=campaign
    )
    bodies.set_candidates([good, plain])
    decided(bodies, good, EXCELLENT_BODY, editor)
    notice(bodies, "2024年提升行动优秀认证机构评选结果公示")

    districts = make_round(
        title="2024年各区提升行动评估", subject_kind="district", campaign=campaign
    )
    districts.set_candidates([beichen, wuqing, heping])
    decided(districts, beichen, OUTSTANDING, editor)
    decided(districts, wuqing, IMPROVED, editor)
    decided(districts, heping, OUTSTANDING, editor)
    notice(districts, "2024年各区提升行动评估结果公示")

    later = make_round(title="2024年第二批优秀机构评选", subject_kind="body", campaign=campaign)
    later.set_candidates([hidden])
    decided(later, hidden, EXCELLENT_BODY, editor)
    notice(later, "第二批公示", starts_in=3)

    client = Client()
    html = client.get(column.url).content.decode()
    recognised = html.split('id="recognised-heading"')[1].split('class="publicity"')[0]
    assert "提升行动优秀认证机构" in recognised and good.name in recognised
    assert plain.name not in html and hidden.name not in html
    assert "表现突出和进步提升较大的区" in recognised
    assert "北辰区" in recognised and "武清区" in recognised and "和平区" in recognised
    assert "进步提升较大" in recognised
    assert "2024年提升行动优秀认证机构评选结果公示" in html
    assert "第二批公示" not in html

    # Withdrawn: gone from the 专栏 at once (the cached page is not served).
    generation = pagecache.generation()
    assert withdraw(districts, heping, editor)
    assert pagecache.generation() != generation
    html = client.get(column.url).content.decode()
    recognised = html.split('id="recognised-heading"')[1].split('class="publicity"')[0]
    assert "北辰区" in recognised and "和平区" not in recognised
    assert good.name in recognised
