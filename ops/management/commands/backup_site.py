from django.core.management.base import BaseCommand, CommandError

from library.progress import add_progress_arguments, command_progress
from ops.backup import RestoreRefused, backup


class Command(BaseCommand):
    help = "备份整个站点：数据库内容（每个模型一份 JSONL）和媒体文件清单（可附带文件本身）。"

    def add_arguments(self, parser):
        parser.add_argument("out_dir", help="新的空目录，备份写在这里")
        parser.add_argument(
            "--manifest-only",
            action="store_true",
            help="只记录媒体文件清单（名称、大小、sha256），不复制文件（S3 存储桶另有备份时）",
        )
        add_progress_arguments(parser)

    def handle(self, out_dir, manifest_only=False, **options):
        try:
            with command_progress(self, options) as progress:
                manifest = backup(out_dir, copy_media=not manifest_only, progress=progress)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{len(manifest['counts'])} 个模型共 {rows} 行，"
                f"媒体文件 {len(manifest['media'])} 个 → {out_dir}"
            )
        )
        if manifest["media_missing_at_backup"]:
            names = "、".join(item["name"] for item in manifest["media_missing_at_backup"][:10])
            self.stderr.write(
                self.style.WARNING(
                    f"有 {len(manifest['media_missing_at_backup'])} 个媒体文件在存储中找不到，未备份：{names}"
                )
            )
