"""The round's admin form: candidates of the round's kind (published cases or courses of the
round's campaign, districts, bodies), and a clear message (not a crash) when someone edits
criteria that scoring has frozen."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from library.campaigns import CurrentCampaignInitial
from selection.models.rounds import FROZEN_MESSAGE, KIND_FROZEN_MESSAGE, SelectionRound
from selection.subjects import DEFAULT_KIND, KINDS

DEADLINE_REASON_LABEL = "修改截止时间的理由"


class SelectionRoundForm(CurrentCampaignInitial, WagtailAdminModelForm):
    deadline_reason = forms.CharField(
        label=DEADLINE_REASON_LABEL,
        required=False,
        max_length=300,
        help_text="修改已开始评选的评分截止时间时必填，记入审计日志；评分截止后不能再修改",
    )

    candidates = forms.TypedMultipleChoiceField(
        label="候选对象",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="案例和课程只能选择本年度已发布的；留空则纳入本年度全部已发布的案例或课程、全部区或全部认证机构",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = (self.data.get("subject_kind") if self.is_bound else None) or (
            self.instance.subject_kind or DEFAULT_KIND
        )
        self.kind = KINDS.get(key, KINDS[DEFAULT_KIND])
        subjects = self.kind.model.objects.order_by("id")
        if self.kind.is_page:
            subjects = subjects.live()
        self._subjects = {s.pk: s for s in subjects}
        self.fields["candidates"].choices = [
            (pk, self.kind.title(s)) for pk, s in self._subjects.items()
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["candidates"] = self.instance.candidate_ids()
        if "experts" in self.fields:
            self.fields["experts"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["experts"].choices
            )

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        criteria = self.formsets.get("criteria")
        if (
            instance.pk
            and instance.has_scores()
            and criteria is not None
            and criteria.has_changed()
        ):
            raise forms.ValidationError(FROZEN_MESSAGE)
        self._check_deadline(cleaned)
        if (
            instance.pk
            and "subject_kind" in self.changed_data
            and SelectionRound.objects.get(pk=instance.pk).has_scores()
        ):
            self.add_error("subject_kind", KIND_FROZEN_MESSAGE)
        campaign = cleaned.get("campaign")
        chosen = [self._subjects[pk] for pk in cleaned.get("candidates") or []]
        cleaned["candidates"] = chosen
        wrong = [
            self.kind.title(subject)
            for subject in chosen
            if self.kind.is_page
            and campaign is not None
            and getattr(subject, "campaign_id", None) != campaign.pk
        ]
        if wrong:
            self.add_error(
                "candidates",
                f"以下{self.kind.label}不属于“{campaign}”：{'、'.join(wrong[:5])}",
            )
        return cleaned

    def _check_deadline(self, cleaned):
        """The model refuses it too (``SelectionRound.save``); here it becomes a field error."""
        deadline = cleaned.get("scoring_deadline")
        if not self.instance.pk or deadline is None:
            return
        stored = SelectionRound.objects.get(pk=self.instance.pk)
        if stored.is_closed():
            for field in ("experts_per_case", "min_scores", "disagreement_threshold", "campaign"):
                if field in self.changed_data:
                    self.add_error(field, "评分已截止，排名规则不能再修改")
            for field in ("candidates", "experts"):
                if field in self.changed_data:
                    self.add_error(field, "评分已截止，候选对象和评审专家不能再修改")
        if deadline == stored.scoring_deadline:
            return
        error = self.instance.deadline_change_error(
            stored, deadline, cleaned.get("deadline_reason")
        )
        if error:
            self.add_error("scoring_deadline", error)

    def save(self, commit=True):
        if self.instance.pk is not None:
            self.instance._deadline_change = (
                self.cleaned_data.get("deadline_reason") or "",
                self.for_user,
            )
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        instance = super().save(commit=commit)
        if commit:
            if "candidates" in self.changed_data or "subject_kind" in self.changed_data:
                instance.set_candidates(self.cleaned_data.get("candidates") or [])
            fill_defaults(instance)
        return instance


def fill_defaults(selection_round):
    """An empty candidate list or panel means: every eligible subject of the round's kind
    (``SubjectKind.eligible``) / every expert with an account."""
    from library.models import Expert

    changed = False
    if not selection_round.entries.exists():
        selection_round.set_candidates(selection_round.kind.eligible(selection_round.campaign))
    if not selection_round.experts.exists():
        selection_round.experts.set(Expert.objects.exclude(user=None))
        changed = True
    if changed:
        selection_round.save()


class DeadlineForm(forms.Form):
    """The workbench's 修改评分截止时间 (open rounds only; the rule is in the model)."""

    scoring_deadline = forms.DateTimeField(
        label="新的评分截止时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "请填写新的评分截止时间", "invalid": "评分截止时间格式不正确"},
    )
    reason = forms.CharField(
        label=DEADLINE_REASON_LABEL,
        max_length=300,
        error_messages={"required": "修改评分截止时间须填写理由"},
    )

    def __init__(self, selection_round, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scoring_deadline"].initial = selection_round.scoring_deadline
