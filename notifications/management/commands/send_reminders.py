"""The daily notifications run: ``manage.py send_reminders`` (cron, once a day, e.g. 08:00
Tianjin time). Safe to repeat: a notice already recorded is never sent again."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.reminders import run_daily


class Command(BaseCommand):
    help = "发送每日提醒：报送截止、评审分配与评分截止、评分结束、编辑审核日报"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD，天津时间）运行，用于补发")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"日期格式应为 YYYY-MM-DD，收到的是“{date}”") from exc
        report = run_daily(today)
        self.stdout.write(f"每日提醒：{report}")
        if report.retried:
            self.stdout.write(f"重新排队发送失败的通知 {report.retried} 条")
