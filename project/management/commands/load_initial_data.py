from django.core.management.base import BaseCommand
from django.db import transaction

from library.demo import DEMO_PASSWORD
from project.setup import build_demo_site, build_initial_site


class Command(BaseCommand):
    help = "载入参考数据、角色和站点结构（可重复运行，不会重复创建，也不会覆盖编辑的修改）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", dest="with_demo", action="store_true", help="同时载入演示机构、账号和内容"
        )

    def handle(self, *args, with_demo=False, **options):
        if with_demo:
            self.print_accounts(build_demo_site(self.stdout.write))
            return
        with transaction.atomic():
            _, report = build_initial_site()
        self.stdout.write(f"参考数据：{report}")
        self.stdout.write("站点结构：首页、课程栏目、案例栏目已就绪")

    def print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"演示账号（密码均为 {DEMO_PASSWORD}，仅供本机演示）：")
        )
        for username, role in accounts:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write("后台地址：http://127.0.0.1:8000/admin/")
