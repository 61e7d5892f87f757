from django.core.management.base import BaseCommand
from django.db import transaction

from library import demo
from library.setup import build_initial_site, build_site_structure, demo_data_requested


class Command(BaseCommand):
    help = "载入参考数据、角色和站点结构（可重复运行，不会重复创建，也不会覆盖编辑的修改）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", dest="with_demo", action="store_true", help="同时载入演示机构、账号和内容"
        )

    def handle(self, *args, with_demo=False, **options):
        with transaction.atomic():
            _, report = build_initial_site()
            self.stdout.write(f"参考数据：{report}")
            if with_demo:
                demo.create_demo_bodies()
                build_site_structure()
            self.stdout.write("站点结构：首页、课程栏目、案例栏目已就绪")
            if with_demo:
                accounts = demo.create_demo_accounts()
                demo_data_requested.send(sender=self.__class__, report=self.stdout.write)
        if with_demo:
            self.print_accounts(accounts)

    def print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"演示账号（密码均为 {demo.DEMO_PASSWORD}，仅供本机演示）：")
        )
        for username, role in accounts:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write("后台地址：http://127.0.0.1:8000/admin/")
