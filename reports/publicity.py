"""公示 of a selection round's decisions, the public's objections (异议), and the result.

A ``PublicityNotice`` publishes one round's decisions (``selection.Decision``) for a period
(``starts_on`` … ``ends_on``, Tianjin dates). During it anyone may object to a decision about any
judged subject, a case, a course, a district or a body (``file_objection``); editors answer every objection in the admin (``answer_objection``).
The result becomes final (已定) only when the end date has passed and every objection is
answered: ``PublicityNotice.finalise_problem()`` is the one rule, checked by ``finalise()``,
by the model's ``clean()`` (the admin form) and by ``save()`` (any other path).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from library.pagecache import bump

PUBLICISING, FINAL = "publicising", "final"
STATUSES = [(PUBLICISING, "公示中"), (FINAL, "已定")]


class PublicityRefused(ValidationError):
    """A step of the 公示 that the rules do not allow; the message is Chinese."""


class PublicityNotice(models.Model):
    round = models.OneToOneField(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.PROTECT,
        related_name="publicity",
    )
    title = models.CharField("公示标题", max_length=120)
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示截止日期", help_text="截止日当天仍可提出异议")
    status = models.CharField("状态", max_length=12, choices=STATUSES, default=PUBLICISING)
    finalised_at = models.DateTimeField("确定时间", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "评选结果公示"
        verbose_name_plural = "评选结果公示"
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == FINAL and not self._was_final():
            problem = self.finalise_problem()
            if problem:
                raise PublicityRefused(problem)
            self.finalised_at = self.finalised_at or timezone.now()
        super().save(*args, **kwargs)
        bump()  # the 专栏 shows the status

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        bump()
        return result

    @property
    def campaign(self):
        return self.round.campaign

    @property
    def is_final(self):
        return self.status == FINAL

    def decisions(self):
        from selection.models import Decision

        return (
            Decision.objects.filter(round_id=self.round_id)
            .select_related("entry__case", "entry__course", "entry__district", "entry__body")
            .order_by("-level", "entry_id")
        )

    def unanswered(self):
        return self.objections.filter(answered_at__isnull=True)

    def accepts_objections(self, today=None):
        today = today or timezone.localdate()
        return self.status == PUBLICISING and self.starts_on <= today <= self.ends_on

    def finalise_problem(self, today=None):
        """Why the result cannot be final yet (Chinese), or ``None`` when it can."""
        today = today or timezone.localdate()
        if today <= self.ends_on:
            return f"公示期至 {self.ends_on:%Y年%m月%d日}，公示期结束后才能确定结果"
        open_count = self.unanswered().count() if self.pk else 0
        if open_count:
            return f"还有 {open_count} 条异议未答复，全部答复后才能确定结果"
        return None

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "公示截止日期不能早于开始日期"})
        if self.status == FINAL and not self._was_final():
            problem = self.finalise_problem()
            if problem:
                raise ValidationError({"status": problem})

    def _was_final(self):
        return (
            self.pk is not None
            and PublicityNotice.objects.filter(pk=self.pk, status=FINAL).exists()
        )


class Objection(models.Model):
    notice = models.ForeignKey(
        PublicityNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(
        "selection.SelectionEntry",
        verbose_name="异议对象",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="公示的认定结果所针对的案例、课程、区或认证机构",
    )
    name = models.CharField("姓名", max_length=40)
    contact = models.CharField("联系方式", max_length=80)
    reason = models.TextField("异议理由", max_length=2000)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    submitted_at = models.DateTimeField("提出时间", default=timezone.now)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["answered_at", "-submitted_at"]

    def __str__(self):
        return f"关于“{self.entry.title}”的异议（{self.name}）"

    @property
    def status_label(self):
        return "已答复" if self.answered_at else "待答复"


def file_objection(notice, *, entry, name, contact, reason, ip_address=None, today=None):
    """Record an objection to the decision on ``entry`` (a ``selection.SelectionEntry``);
    refused outside the 公示 period and for a subject this 公示 did not decide."""
    if not notice.accepts_objections(today):
        raise PublicityRefused("公示期已结束或尚未开始，不能再提出异议")
    if not notice.decisions().filter(entry=entry).exists():
        raise PublicityRefused("只能对本次公示的认定结果提出异议")
    name, contact, reason = name.strip(), contact.strip(), reason.strip()
    if not (name and contact and reason):
        raise PublicityRefused("请填写姓名、联系方式和异议理由")
    return Objection.objects.create(
        notice=notice,
        entry=entry,
        name=name,
        contact=contact,
        reason=reason,
        ip_address=ip_address,
    )


def answer_objection(objection, answer, user):
    answer = (answer or "").strip()
    if not answer:
        raise PublicityRefused("请填写答复内容")
    if objection.notice.is_final:
        raise PublicityRefused("结果已确定，不能再修改答复")
    objection.answer = answer
    objection.answered_by = user
    objection.answered_at = objection.answered_at or timezone.now()
    objection.save()
    return objection


@transaction.atomic
def finalise(notice, user):
    """公示中 → 已定, only after the end date with every objection answered."""
    notice = PublicityNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.is_final:
        return notice
    problem = notice.finalise_problem()
    if problem:
        raise PublicityRefused(problem)
    notice.status = FINAL
    notice.finalised_by = user
    notice.finalised_at = timezone.now()
    notice.save()
    return notice
