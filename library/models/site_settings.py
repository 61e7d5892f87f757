"""What the public footer says, editable in the admin (设置 → 网站设置) by city editors and
superusers: the about text, the contact, and the ICP and 公安 filing numbers a Chinese
website shows (templates/includes/footer.html reads them through ``settings.library.SiteSettings``)."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_ABOUT = (
    "汇集天津市小微企业质量管理体系认证提升行动中认证机构报送的通俗培训课程和各区推荐的"
    "优良实践案例。所有内容经市市场监管委审核后发布。"
)


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    footer_text = models.TextField("页脚“关于本库”文字", default=DEFAULT_ABOUT, blank=True)
    contact_name = models.CharField(
        "联系单位", max_length=100, default="天津市市场监督管理委员会认证监督管理处", blank=True
    )
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    icp_number = models.CharField(
        "ICP 备案号", max_length=60, blank=True, help_text="例如：津ICP备12345678号-1"
    )
    public_security_number = models.CharField(
        "公安备案号", max_length=60, blank=True, help_text="例如：津公网安备 12010102000001号"
    )

    panels = [
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
            ],
            heading="联系方式",
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("public_security_number")], heading="备案信息"
        ),
    ]

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"

    @property
    def public_security_code(self):
        """The digits of the 公安备案号, for the link to beian.mps.gov.cn."""
        return "".join(ch for ch in self.public_security_number if ch.isdigit())
