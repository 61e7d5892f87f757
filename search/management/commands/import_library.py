from django.core.management.base import BaseCommand, CommandError

from library.progress import add_progress_arguments, command_progress
from search.importer import import_lines


def _why(error):
    if isinstance(error, FileNotFoundError):
        return "文件不存在"
    if isinstance(error, PermissionError):
        return "没有读取权限"
    if isinstance(error, IsADirectoryError):
        return "这是一个目录，不是文件"
    return "读取失败"


class Command(BaseCommand):
    help = "批量导入课时和案例（JSON Lines，每行一个对象，按 slug 幂等）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSONL 文件路径")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布")
        add_progress_arguments(parser)

    def handle(self, *args, file, publish, **options):
        try:
            with open(file, "rb") as handle:
                lines = handle.readlines()
        except OSError as error:
            raise CommandError(f"无法读取 {file}：{_why(error)}") from error
        with command_progress(self, options) as progress:
            report = import_lines(lines, publish=publish, progress=progress)
        for number, reason in report.failed:
            self.stderr.write(f"第 {number} 行失败：{reason}")
        self.stdout.write(
            f"新建 {report.created}，更新 {report.updated}，失败 {len(report.failed)}"
        )
