"""Creating a notification once per event and mailing it once."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.kinds import OPTIONAL
from notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def receives(user, kind):
    if user is None or not user.is_active:
        return False
    if kind not in OPTIONAL:
        return True
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.receives(kind)


def notify(user, kind, key, context, link=""):
    """Record (and queue for sending) the notice of event ``key`` to ``user``, unless it was
    recorded before or the user turned this optional kind off. Returns the new
    ``Notification`` or None."""
    if not receives(user, kind):
        return None
    event_key = f"{kind}:{key}:u{user.pk}"[:200]
    if Notification.objects.filter(event_key=event_key).exists():
        return None
    context = {"user": user, "site_name": settings.WAGTAIL_SITE_NAME, "link": link, **context}
    subject = " ".join(render_to_string(f"notifications/email/{kind}_subject.txt", context).split())
    body = render_to_string(f"notifications/email/{kind}.txt", context).strip()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, event_key=event_key, subject=subject, body=body, link=link
            )
    except IntegrityError:  # the same event recorded concurrently
        return None
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id):
    from notifications.tasks import send_notification

    send_notification.enqueue(notification_id)


def absolute(link):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{link}" if link.startswith("/") else link


def deliver(notification_id):
    """Mail the notification if it has not been sent; at most once even if two workers run
    the same task (the row is claimed before sending)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.sent_at is not None:
        return "skipped"
    if not notification.user.email:
        Notification.objects.filter(pk=notification.pk).update(error="收件人未填写电子邮箱")
        return "no email"
    claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), error=""
    )
    if not claimed:
        return "skipped"
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{absolute(notification.link)}"
    try:
        send_mail(notification.subject, body, None, [notification.user.email])
    except Exception as exc:  # the mail server is down: keep the notice, try again later
        logger.warning("notification %s not sent: %s", notification.pk, exc)
        Notification.objects.filter(pk=notification.pk).update(
            sent_at=None, error=f"发送失败：{exc}"[:300]
        )
        return "failed"
    return "sent"


def retry_unsent():
    """Queue again the notices whose sending failed (run by the daily command)."""
    pending = list(
        Notification.objects.filter(sent_at__isnull=True)
        .exclude(error="收件人未填写电子邮箱")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        _enqueue(pk)
    return len(pending)
