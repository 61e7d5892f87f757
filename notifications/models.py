"""What was sent to whom, once per event, and what each user chose not to receive."""

from django.conf import settings
from django.db import models

from notifications.kinds import KINDS, OPTIONAL


class Notification(models.Model):
    """One message to one user about one event. ``event_key`` names the event and the user
    (e.g. ``submission_reminder:c3:district5:7d:u12``) and is unique, so running the daily
    reminders again, or a signal firing twice, never sends the same notice twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=30, choices=KINDS)
    event_key = models.CharField("事件", max_length=200, unique=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    error = models.CharField("发送失败原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    muted_kinds = models.JSONField("不接收的通知", default=list, blank=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self):
        return f"{self.user} 的通知设置"

    def receives(self, kind):
        return kind not in OPTIONAL or kind not in self.muted_kinds
