"""A campaign is one year of the action, with the rules its notice sets.

The rules (deadline, quotas, course minimum) live here as data so that every later
check reads them from one place instead of hard-coding a year's notice.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable


class CampaignQuerySet(models.QuerySet):
    def current(self, today=None):
        """The campaign of this year (Tianjin time), else the latest one before it, else None.

        The one rule for "which year are we in": every year-dependent screen starts here
        (through ``library.campaigns``). A later year's campaign, opened early by an editor,
        becomes current on 1 January of its year.
        """
        today = today or timezone.localdate()
        return self.filter(year__lte=today.year).order_by("-year").first()


class Campaign(ClusterableModel):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("名称", max_length=120)
    notice_number = models.CharField("通知文号", max_length=60, blank=True)
    notice_date = models.DateField("通知日期", null=True, blank=True)
    submission_deadline = models.DateField(
        "材料报送截止日期", help_text="各区报送优良案例、各认证机构报送培训课程的截止日期"
    )
    case_min_per_district = models.PositiveSmallIntegerField("每区至少推荐案例数", default=1)
    case_max_per_district = models.PositiveSmallIntegerField(
        "每区最多推荐案例数", null=True, blank=True, help_text="留空表示不设上限"
    )
    course_min_per_body = models.PositiveSmallIntegerField("每家认证机构至少报送课程数", default=1)
    summary = models.TextField("工作目标摘要", blank=True)
    notice_text = RichTextField(
        "首页通知", blank=True, help_text="本年度行动的通知正文，显示在网站首页的工作安排旁"
    )
    reminder_days = models.PositiveSmallIntegerField(
        "提前提醒天数",
        default=7,
        help_text="报送截止前、评分截止前多少天提醒尚未完成的区、认证机构和专家（截止当天再提醒一次）",
    )

    objects = CampaignQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("notice_number"), FieldPanel("notice_date")]),
        MultiFieldPanel(
            [
                FieldPanel("submission_deadline"),
                FieldRowPanel(
                    [FieldPanel("case_min_per_district"), FieldPanel("case_max_per_district")]
                ),
                FieldPanel("course_min_per_body"),
                FieldPanel("reminder_days"),
            ],
            heading="报送要求",
        ),
        FieldPanel("summary"),
        FieldPanel("notice_text"),
        InlinePanel("phases", heading="工作阶段", label="阶段"),
    ]

    class Meta:
        verbose_name = "年度行动"
        verbose_name_plural = "年度行动"
        ordering = ["-year"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.case_max_per_district is not None
            and self.case_max_per_district < self.case_min_per_district
        ):
            raise ValidationError(
                {"case_max_per_district": "每区最多推荐案例数不能小于每区至少推荐案例数"}
            )
        if self.submission_deadline and self.year and self.submission_deadline.year != self.year:
            raise ValidationError({"submission_deadline": "报送截止日期应在本年度内"})

    def days_until_deadline(self, today=None):
        today = today or timezone.localdate()
        return (self.submission_deadline - today).days

    def is_past_deadline(self, moment=None):
        """Submissions are accepted until the end of the deadline day, Tianjin time."""
        moment = moment or timezone.now()
        local = timezone.localtime(moment)
        return local.date() > self.submission_deadline

    def accepts_submissions(self, moment=None):
        """Open for cases and courses until the end of the deadline day; a closed campaign
        stays readable everywhere but takes no more submissions."""
        return not self.is_past_deadline(moment)

    @property
    def is_open(self):
        return self.accepts_submissions()

    def status_label(self, today=None):
        days = self.days_until_deadline(today)
        if days > 0:
            return f"报送中，还有 {days} 天截止"
        if days == 0:
            return "报送中，今天截止"
        return "已截止"

    def phase_on(self, day):
        return next((p for p in self.phases.all() if p.start_date <= day <= p.end_date), None)


class CampaignPhase(Orderable):
    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField("阶段名称", max_length=40)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    description = models.CharField("工作内容", max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "工作阶段"
        verbose_name_plural = "工作阶段"

    def __str__(self):
        return f"{self.name}（{self.start_date:%Y-%m-%d} 至 {self.end_date:%Y-%m-%d}）"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于开始日期"})

    @property
    def duration(self) -> datetime.timedelta:
        return self.end_date - self.start_date
