"""Print the headers nginx adds to the pages it answers from the page cache's files."""

from django.core.management.base import BaseCommand

from ops.nginx import headers_conf


class Command(BaseCommand):
    help = "输出 nginx 直接返回缓存页面时应附加的响应头（写入 /etc/nginx/tjqms-headers.conf）"

    def handle(self, *args, **options):
        self.stdout.write(headers_conf(), ending="")
