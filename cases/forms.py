"""Admin forms of the cases app."""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from library.campaigns import CurrentCampaignInitial
from library.drafts import DraftAwareSlugMixin

ELIGIBILITY_NAMES = (
    "eligible_normal_operation",
    "eligible_not_abnormal_list",
    "eligible_not_dishonest_list",
    "eligible_no_quality_penalty",
)


class CasePageForm(DraftAwareSlugMixin, CurrentCampaignInitial, WagtailAdminPageForm):
    """Records who made the eligibility declaration and when, from the signed-in user.

    The declaration is the district's word that the enterprise may take part; it counts
    only with a name and a time attached, which the form never lets the user type.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "enterprise" in self.fields:
            from enterprises.access import enterprises_for

            # The register's enterprises the user may see (a district: its own district's).
            self.fields["enterprise"].queryset = enterprises_for(
                self.for_user, self.fields["enterprise"].queryset.filter(merged_into__isnull=True)
            )

    def save(self, commit=True):
        page = self.instance
        all_declared = all(self.cleaned_data.get(name) for name in ELIGIBILITY_NAMES)
        changed = any(name in self.changed_data for name in ELIGIBILITY_NAMES)
        if not all_declared:
            page.eligibility_declared_by = None
            page.eligibility_declared_at = None
        elif changed or page.eligibility_declared_at is None:
            page.eligibility_declared_by = self.for_user
            page.eligibility_declared_at = timezone.now()
        return super().save(commit=commit)


class DocxImportForm(forms.Form):
    document = forms.FileField(
        label="Word 文档（.docx）",
        help_text="按案例提纲用标题分节（企业概况与背景、问题诊断、帮扶措施、体系建设与运行、成效、经验与推广价值），"
        "企业信息和绩效指标用表格填写，图片直接插入正文。",
    )

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sections is not None:
            self.fields["section"] = forms.ModelChoiceField(
                label="导入到哪个区", queryset=sections, empty_label=None
            )
            self.order_fields(["section", "document"])

    def clean_document(self):
        document = self.cleaned_data["document"]
        if not document.name.lower().endswith(".docx"):
            raise forms.ValidationError("只能导入 Word 2007 及以上版本的 .docx 文件")
        if document.size > 30 * 1024 * 1024:
            raise forms.ValidationError("文件超过 30 MB，请压缩图片后再导入")
        return document
