"""Public views of the 公示: the objection form (never cached: it carries a CSRF token) and
the 优良案例汇编 PDF once the result is final."""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from reports import booklet
from reports.publicity import PublicityNotice, PublicityRefused, file_objection

# At most this many objections from one address per window (seconds).
OBJECTION_LIMIT = 5
OBJECTION_WINDOW = 3600


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label="异议对象", coerce=int)
    name = forms.CharField(label="姓名", max_length=40)
    contact = forms.CharField(label="联系方式", max_length=80, help_text="电话或电子邮箱")
    reason = forms.CharField(label="异议理由", max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "请选择")] + [
            (decision.entry_id, f"{decision.entry.title}（{decision.get_level_display()}）")
            for decision in notice.decisions()
        ]
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}"


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


def _over_limit(ip):
    """Count this submission against the address; True when it is one too many."""
    key = f"publicity:objections:{ip}"
    if cache.add(key, 1, timeout=OBJECTION_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=OBJECTION_WINDOW)
        return False
    return count > OBJECTION_LIMIT


@never_cache
@csrf_protect
def objection_view(request, notice_id):
    notice = get_object_or_404(PublicityNotice.objects.select_related("round"), pk=notice_id)
    if not notice.accepts_objections():
        return render(
            request,
            "reports/objection_form.html",
            {"notice": notice, "closed": True},
            status=403 if request.method == "POST" else 200,
        )
    form = ObjectionForm(request.POST or None, notice=notice)
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = _client_ip(request)
        if _over_limit(ip):
            form.add_error(None, "提交过于频繁，请一小时后再试")
            status = 429
        else:
            entry = next(
                d.entry for d in notice.decisions() if d.entry_id == form.cleaned_data["entry"]
            )
            try:
                file_objection(
                    notice,
                    entry=entry,
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    reason=form.cleaned_data["reason"],
                    ip_address=None if ip == "unknown" else ip,
                )
            except PublicityRefused as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, "您的异议已提交，我们将在公示期结束前答复")
                return redirect("reports:objection", notice_id=notice.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "reports/objection_form.html", {"notice": notice, "form": form}, status=status
    )


def booklet_view(request, notice_id):
    notice = get_object_or_404(PublicityNotice.objects.select_related("round"), pk=notice_id)
    if not notice.is_final:
        raise Http404("公示结果尚未确定")
    pdf = booklet.render(notice)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{notice.round.campaign.year}-booklet.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
