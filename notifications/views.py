"""我的通知: a user's notifications in the admin, and the optional kinds they receive."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from notifications.kinds import KINDS, OPTIONAL
from notifications.models import Notification, NotificationPreference

SHOWN = 100


class PreferenceForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label="接收以下可选通知",
        required=False,
        choices=[(kind, label) for kind, label in KINDS if kind in OPTIONAL],
        widget=forms.CheckboxSelectMultiple,
        help_text="评审任务分配和审核、评选结果总会通知，不能关闭",
    )


def my_notifications_view(request):
    preference, _ = NotificationPreference.objects.get_or_create(user=request.user)
    received = [kind for kind in OPTIONAL if kind not in preference.muted_kinds]
    form = PreferenceForm(request.POST or None, initial={"receive": received})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["receive"])
        preference.muted_kinds = [kind for kind in OPTIONAL if kind not in chosen]
        preference.save(update_fields=["muted_kinds"])
        messages.success(request, "通知设置已保存")
        return redirect("my_notifications")
    notifications = Notification.objects.filter(user=request.user)[:SHOWN]
    return TemplateResponse(
        request,
        "notifications/admin/my_notifications.html",
        {
            "page_title": "我的通知",
            "header_icon": "mail",
            "notifications": notifications,
            "form": form,
        },
    )
