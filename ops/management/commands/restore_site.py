from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from library.progress import add_progress_arguments, command_progress
from ops.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = "把 backup_site 的备份恢复到一个已迁移、尚无内容的站点，并核对行数和媒体文件。"

    def add_arguments(self, parser):
        parser.add_argument("in_dir", help="backup_site 写出的目录")
        parser.add_argument(
            "--force",
            action="store_true",
            help="目标站点已有内容时也恢复：先清空现有内容（不可撤销）",
        )
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="恢复后不重建搜索索引（之后请自行运行 update_index）",
        )
        add_progress_arguments(parser)

    def handle(self, in_dir, force=False, skip_search_index=False, **options):
        try:
            with command_progress(self, options) as progress:
                result = restore(in_dir, force=force, progress=progress)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"恢复完成：{result['rows']} 行，媒体文件 {result['media']} 个")
        )
        if not skip_search_index:
            # The search index is derived data and not in the backup: rebuild it.
            call_command("update_index", verbosity=0)
            self.stdout.write("搜索索引已重建")
        if result["missing_media"]:
            names = "、".join(result["missing_media"][:10])
            raise CommandError(
                f"数据已恢复，但有 {len(result['missing_media'])} 个媒体文件不在存储中：{names}"
            )
