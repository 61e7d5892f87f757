"""Admin forms of the register, the ledger and the training register: each role picks only
what belongs to it (a body records ledgers and sessions for itself, a district sessions and
enterprises of its own district)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from enterprises import access
from library.campaigns import CurrentCampaignInitial

MAX_SIGN_IN_SHEET = 5 * 1024 * 1024


def _only(field, obj):
    field.queryset = field.queryset.model.objects.filter(pk=obj.pk)
    field.initial = obj.pk
    field.empty_label = None
    field.required = True


class EnterpriseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role, organisation = access.role_of(self.for_user)
        if role == access.DISTRICT and "district" in self.fields:
            _only(self.fields["district"], organisation)
        if "district" in self.fields:
            self.fields["district"].required = True

    def save(self, commit=True):
        role, organisation = access.role_of(self.for_user)
        if role == access.BODY and self.instance.pk is None:
            self.instance.registered_by_body = organisation
        return super().save(commit=commit)


class LedgerForm(CurrentCampaignInitial, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role, organisation = access.role_of(self.for_user)
        if "enterprise" in self.fields:
            self.fields["enterprise"].queryset = self.fields["enterprise"].queryset.filter(
                merged_into__isnull=True
            )
        if role == access.BODY and "body" in self.fields:
            _only(self.fields["body"], organisation)


class SessionForm(CurrentCampaignInitial, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role, organisation = access.role_of(self.for_user)
        if "course" in self.fields:
            self.fields["course"].queryset = self.fields["course"].queryset.filter(live=True)
        if role == access.BODY:
            _only(self.fields["organiser_body"], organisation)
        elif role == access.DISTRICT:
            _only(self.fields["organiser_district"], organisation)
            # A district's own session; a body records the sessions it organises itself.
            self.fields["organiser_body"].queryset = self.fields["organiser_body"].queryset.none()
            self.fields["organiser_body"].disabled = True


class SignInSheetForm(forms.Form):
    sheet = forms.FileField(
        label="签到表（.xlsx）",
        help_text="第一行为表头，需包含“企业名称”“统一社会信用代码”“姓名”列，可选“职务”“联系电话”；"
        "不超过 5 MB、2000 行",
    )

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if not sheet.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只能导入 Excel 2007 及以上版本的 .xlsx 文件")
        if sheet.size > MAX_SIGN_IN_SHEET:
            raise forms.ValidationError("签到表超过 5 MB，请删除无关工作表或图片后再导入")
        return sheet


class CommentForm(forms.Form):
    text = forms.CharField(
        label="意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写意见"},
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label="保留的企业记录",
        queryset=None,
        help_text="重复记录的案例、学员、问卷、台账和培训记录都改为指向保留的记录；重复记录保留备查",
    )
    reason = forms.CharField(label="合并理由", max_length=300, min_length=4)

    def __init__(self, *args, duplicate=None, **kwargs):
        super().__init__(*args, **kwargs)
        from enterprises.models import Enterprise

        self.fields["keep"].queryset = Enterprise.objects.active().exclude(pk=duplicate.pk)
