from django.core.management.base import BaseCommand

from search.outbox import drain


class Command(BaseCommand):
    help = "同步搜索发件箱中积压的页面变更（Elasticsearch 恢复后也可手动运行）"

    def handle(self, *args, **options):
        report = drain()
        self.stdout.write(
            f"已同步 {report.synced}，已删除 {report.deleted}，剩余 {report.remaining}"
            + (f"；错误：{report.error}" if report.error else "")
        )
