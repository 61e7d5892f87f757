from django.core.management.base import BaseCommand

from library.progress import add_progress_arguments, command_progress
from search.rebuild import rebuild


class Command(BaseCommand):
    help = "重建搜索索引：由已发布页面重建搜索条目，建新的 Elasticsearch 索引后切换别名（不停机）"

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=200, help="每批处理的条目数")
        parser.add_argument(
            "--entries-only",
            action="store_true",
            help="不重读页面，只把现有搜索条目重新写入各引擎",
        )
        add_progress_arguments(parser)

    def handle(self, *args, chunk_size, entries_only, **options):
        with command_progress(self, options) as progress:
            report = rebuild(chunk_size=chunk_size, progress=progress, from_pages=not entries_only)
        rate = report.entries / report.seconds if report.seconds else 0
        self.stdout.write(
            f"已索引 {report.entries} 条，用时 {report.seconds:.1f} 秒（{rate:.0f} 条/秒）"
            + (
                f"；Elasticsearch 索引 {report.elasticsearch_index}"
                if report.elasticsearch_index
                else ""
            )
        )
