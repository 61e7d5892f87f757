"""Public forms: learner sign-up and course rating."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction

from courses.learning import RATING_CHOICES
from courses.models import CourseRating, LearnerProfile
from courses.privacy import record_consent
from library.credit_code import normalise, validate_credit_code
from library.models import District, Industry


class LearnerSignupForm(UserCreationForm):
    """A user and their enterprise in one step; learners never get admin access."""

    full_name = forms.CharField(label="姓名", max_length=40)
    enterprise_name = forms.CharField(label="企业名称", max_length=100)
    credit_code = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        min_length=18,
        help_text="营业执照上的 18 位代码",
    )
    district = forms.ModelChoiceField(label="所在区", queryset=District.objects.all())
    industry = forms.ModelChoiceField(label="所属行业", queryset=Industry.objects.all())
    position = forms.CharField(label="岗位", max_length=40, required=False)
    privacy_consent = forms.BooleanField(
        label="我已阅读并同意《个人信息保护告知》",
        error_messages={"required": "请阅读并同意个人信息保护告知后再注册。"},
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
        labels = {"username": "登录名", "email": "电子邮箱"}

    def clean_credit_code(self):
        code = normalise(self.cleaned_data["credit_code"])
        validate_credit_code(code)
        return code

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        user.first_name = self.cleaned_data["full_name"]
        user.save()
        profile = LearnerProfile(
            user=user,
            **{
                name: self.cleaned_data[name]
                for name in (
                    "full_name",
                    "enterprise_name",
                    "credit_code",
                    "district",
                    "industry",
                    "position",
                )
            },
        )
        record_consent(profile)
        profile.save()
        return user


class RatingForm(forms.ModelForm):
    stars = forms.TypedChoiceField(
        label="满意度",
        coerce=int,
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CourseRating
        fields = ["stars", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="请输入密码确认", widget=forms.PasswordInput, strip=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("密码不正确。")
        return password
