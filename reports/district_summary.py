"""A district's 评估总结 of one campaign against 附件1 (``reports.annex1``).

One ``DistrictSummary`` per (district, campaign): an overview, and per 附件1 indicator the
district's written account (``IndicatorAccount``) with its evidence (``SummaryEvidence``,
Wagtail documents stored in the district's own media collection, so ``ops.documents.may_read``
keeps them to the district and the city editors). The figures the records supply
(``reports.figures.district_figures``) are shown beside the indicators, never stored.

States are those of the 附件3 table (草稿 → 已提交 → 已审核, ``reports.models.SubmittedForReview``):
the district submits, a city editor reviews or sends it back. After the campaign's deadline the
district can no longer change a draft, unless an editor reopened it (``reopened``, cleared on
the next submission). Who may do what is ``reports.evaluation_access``.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from reports.annex1 import INDICATOR_CHOICES, INDICATORS
from reports.models import SubmittedForReview


class DistrictSummary(SubmittedForReview):
    district = models.ForeignKey(
        "library.District",
        verbose_name="区",
        on_delete=models.PROTECT,
        related_name="evaluation_summaries",
    )
    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    reopened = models.BooleanField(
        "截止后重新开放", default=False, help_text="市级编辑退回后，截止日期后仍可修改并再次提交"
    )
    overview = models.TextField("总体情况", blank=True)

    class Meta:
        verbose_name = "提升行动评估总结"
        verbose_name_plural = "提升行动评估总结"
        ordering = ["-campaign__year", "district__sort_order", "district_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "campaign"], name="one_summary_per_district_and_campaign"
            )
        ]

    def __str__(self):
        return f"{self.district.name} · {self.campaign.year}年提升行动评估总结"

    def accounts_by_key(self):
        return {
            account.indicator: account
            for account in self.accounts.prefetch_related("evidence__document")
        }


class IndicatorAccount(models.Model):
    """The district's account of one 附件1 indicator."""

    summary = models.ForeignKey(
        DistrictSummary, verbose_name="评估总结", on_delete=models.CASCADE, related_name="accounts"
    )
    indicator = models.CharField("指标", max_length=20, choices=INDICATOR_CHOICES)
    text = models.TextField("工作情况", blank=True)

    class Meta:
        verbose_name = "指标工作情况"
        verbose_name_plural = "指标工作情况"
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "indicator"], name="one_account_per_summary_and_indicator"
            )
        ]

    def __str__(self):
        return f"{self.summary} · {self.get_indicator_display()}"

    @property
    def definition(self):
        return INDICATORS[self.indicator]


class SummaryEvidence(models.Model):
    account = models.ForeignKey(
        IndicatorAccount, verbose_name="指标", on_delete=models.CASCADE, related_name="evidence"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="证明材料", on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "证明材料"
        verbose_name_plural = "证明材料"
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.document.title


def summary_for(district, campaign):
    with transaction.atomic():
        summary, _ = DistrictSummary.objects.get_or_create(district=district, campaign=campaign)
    return summary


def save_accounts(summary, texts, user):
    """Store ``texts`` ({indicator key: text}) as the summary's accounts."""
    existing = summary.accounts_by_key()
    for key, text in texts.items():
        if key not in INDICATORS:
            continue
        account = existing.get(key)
        if account is None:
            if text:
                IndicatorAccount.objects.create(summary=summary, indicator=key, text=text)
        elif account.text != text:
            account.text = text
            account.save(update_fields=["text"])
    summary.updated_by = user
    summary.save()


def add_evidence(summary, key, document, user):
    account, _ = IndicatorAccount.objects.get_or_create(summary=summary, indicator=key)
    return SummaryEvidence.objects.create(account=account, document=document, added_by=user)


def submit(summary, user):
    summary.reopened = False
    summary.submit(user)


def reopen(summary, user, comment=""):
    """An editor sends the summary back: a draft again, editable after the deadline too."""
    summary.reopened = True
    summary.reopen(user, comment)
