"""A read-only line in the case editor saying who declared eligibility and when."""

from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.panels import HelpPanel


class EligibilityRecordPanel(HelpPanel):
    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            page = self.instance
            if page.eligibility_declared_at:
                who = page.eligibility_declared_by
                name = (who.get_full_name() or who.get_username()) if who else "（用户已删除）"
                when = timezone.localtime(page.eligibility_declared_at)
                self.content = format_html(
                    "<p>已由 <strong>{}</strong> 于 {} 声明。</p>", name, f"{when:%Y-%m-%d %H:%M}"
                )
            else:
                self.content = format_html(
                    "<p>{}</p>", "尚未声明：四项全部勾选并保存后，系统记录声明人和时间。"
                )
