import sys
import time

from django.core.management.base import BaseCommand

from search.rebuild import rebuild


class Progress:
    """A one-line progress bar on stderr, redrawn after every chunk."""

    def __init__(self, stream, width=30):
        self.stream, self.width = stream, width
        self.stage, self.started = None, time.perf_counter()
        self.last = self.started

    def __call__(self, stage, done, total):
        if stage != self.stage:
            if self.stage is not None:
                self.stream.write("\n")
            # A stage starts when the previous one reported last.
            self.stage, self.started = stage, self.last
        self.last = time.perf_counter()
        filled = int(self.width * done / total) if total else self.width
        rate = done / max(time.perf_counter() - self.started, 1e-6)
        self.stream.write(
            f"\r{stage:<14}[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
            f"({rate:.0f} 条/秒)"
        )
        self.stream.flush()

    def close(self):
        if self.stage is not None:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "重建搜索索引：由已发布页面重建搜索条目，建新的 Elasticsearch 索引后切换别名（不停机）"

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=200, help="每批处理的条目数")
        parser.add_argument(
            "--entries-only",
            action="store_true",
            help="不重读页面，只把现有搜索条目重新写入各引擎",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, chunk_size, entries_only, no_progress, **options):
        progress = None if no_progress else Progress(sys.stderr)
        report = rebuild(chunk_size=chunk_size, progress=progress, from_pages=not entries_only)
        if progress:
            progress.close()
        rate = report.entries / report.seconds if report.seconds else 0
        self.stdout.write(
            f"已索引 {report.entries} 条，用时 {report.seconds:.1f} 秒（{rate:.0f} 条/秒）"
            + (
                f"；Elasticsearch 索引 {report.elasticsearch_index}"
                if report.elasticsearch_index
                else ""
            )
        )
