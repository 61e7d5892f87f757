"""The round's admin form: candidates limited to published cases of the round's campaign,
and a clear message (not a crash) when someone edits criteria that scoring has frozen."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from selection.models.rounds import FROZEN_MESSAGE


class SelectionRoundForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.models import CasePage

        if "candidates" in self.fields:
            self.fields["candidates"].queryset = CasePage.objects.live().order_by("id")
            self.fields["candidates"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["candidates"].choices
            )
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
        campaign = cleaned.get("campaign")
        wrong = [
            case.title
            for case in cleaned.get("candidates") or []
            if campaign is not None and getattr(case, "campaign_id", None) != campaign.pk
        ]
        if wrong:
            self.add_error("candidates", f"以下案例不属于“{campaign}”：{'、'.join(wrong[:5])}")
        return cleaned

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        instance = super().save(commit=commit)
        if commit:
            fill_defaults(instance)
        return instance


def fill_defaults(selection_round):
    """An empty candidate list or panel means: every published case / every expert with an account."""
    from cases.models import CasePage
    from library.models import Expert

    changed = False
    if not selection_round.candidates.exists():
        selection_round.candidates.set(
            CasePage.objects.live().filter(campaign=selection_round.campaign)
        )
        changed = True
    if not selection_round.experts.exists():
        selection_round.experts.set(Expert.objects.exclude(user=None))
        changed = True
    if changed:
        selection_round.save()
