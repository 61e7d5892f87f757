"""Merging a duplicate enterprise: every link (case, learner, questionnaire answer, ledger,
attendance) moves to the kept record, the duplicate stays as 已合并 with the history entry;
two ledgers for the same campaign refuse the merge; only editors may merge."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.models import LearnerProfile
from enterprises.merge import MERGE_ACTION, merge_enterprises
from enterprises.models import Attendance
from library.models import Industry
from tests.cases.factories import complete_case, open_campaign
from tests.enterprises.factories import enterprise, ledger, session
from tests.factories import PASSWORD, UserFactory, district, district_user

pytestmark = pytest.mark.django_db


def test_merge_repoints_every_link_and_keeps_the_duplicate(site_tree, editor):
    campaign = open_campaign()
    keep = enterprise("北辰区", name="天津精工有限公司")
    duplicate = enterprise("北辰区", name="天津精工公司（重复）")
    case = complete_case(campaign=campaign, with_ledger=False)
    type(case).objects.filter(pk=case.pk).update(enterprise=duplicate)
    profile = LearnerProfile.objects.create(
        user=UserFactory(),
        full_name="孙丽",
        enterprise_name="天津精工公司",
        credit_code=duplicate.credit_code,
        district=district("北辰区"),
        industry=Industry.objects.first(),
    )
    item = ledger(duplicate, campaign)
    both = session(
        campaign,
        district_obj=district("北辰区"),
        people=[
            (keep.credit_code, "天津精工有限公司", "张三"),
            (duplicate.credit_code, "重复", "张三"),
        ],
    )
    session(
        campaign, district_obj=district("北辰区"), people=[(duplicate.credit_code, "重复", "李四")]
    )

    moved = merge_enterprises(duplicate, keep, editor, "同一企业登记了两次")
    case.refresh_from_db()
    profile.refresh_from_db()
    item.refresh_from_db()
    duplicate.refresh_from_db()
    assert case.enterprise == keep and profile.enterprise == keep and item.enterprise == keep
    assert duplicate.merged_into == keep and duplicate.canonical == keep
    assert Attendance.objects.filter(session=both).count() == 1  # 张三 once
    assert Attendance.objects.filter(enterprise=keep).count() == 2
    assert moved["帮扶台账"] == 1 and moved["学员"] == 1
    assert ModelLogEntry.objects.filter(action=MERGE_ACTION, object_id=str(duplicate.pk)).exists()
    assert ModelLogEntry.objects.filter(action=MERGE_ACTION, object_id=str(keep.pk)).exists()


def test_two_ledgers_in_one_campaign_refuse_the_merge(site_tree, editor):
    campaign = open_campaign()
    keep, duplicate = enterprise("北辰区"), enterprise("北辰区")
    ledger(keep, campaign)
    ledger(duplicate, campaign)
    with pytest.raises(ValidationError, match="都有帮扶台账"):
        merge_enterprises(duplicate, keep, editor)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_only_editors_may_merge(client, site_tree, editor):
    keep, duplicate = enterprise("北辰区"), enterprise("北辰区")
    url = reverse("enterprises_admin:merge", args=(duplicate.pk,))
    assert client.login(username=district_user(district("北辰区")).username, password=PASSWORD)
    assert client.post(url, {"keep": keep.pk, "reason": "重复登记"}).status_code in (302, 403)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    client.logout()
    assert client.login(username=editor.username, password=PASSWORD)
    assert client.post(url, {"keep": keep.pk, "reason": "重复登记"}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
