"""Sending a notification by email in the background (django-tasks: inline by default, a
``db_worker`` with TASKS_BACKEND=database)."""

from django_tasks import task


@task()
def send_notification(notification_id):
    from notifications.delivery import deliver

    return deliver(notification_id)
