"""Write a campaign's 评估报告 as PDF and .docx: ``campaign_report --year 2024 [--output DIR]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from library.campaigns import for_year
from library.progress import add_progress_arguments, command_progress
from reports import annual_report


class Command(BaseCommand):
    help = "编制年度评估报告（PDF 与 Word）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2024")
        parser.add_argument("--output", default=".", help="输出目录（默认当前目录）")
        add_progress_arguments(parser)

    def handle(self, *args, **options):
        campaign = for_year(options["year"])
        if campaign is None:
            raise CommandError(f"没有 {options['year']} 年度的提升行动")
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        with command_progress(self, options) as progress:
            sections = annual_report.build(campaign, progress)
        stem = annual_report.file_stem(campaign)
        pdf_path = output / f"{stem}.pdf"
        docx_path = output / f"{stem}.docx"
        pdf_path.write_bytes(annual_report.render_pdf(campaign, sections))
        docx_path.write_bytes(annual_report.render_docx(campaign, sections))
        self.stdout.write(f"已生成：{pdf_path}\n已生成：{docx_path}")
