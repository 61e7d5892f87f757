"""Admin views of the cases app: Word import and rule exceptions (the campaign dashboard is in
``reports``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cases import rules
from cases.docx_import import DocxImportError, import_case
from cases.forms import DocxImportForm, RuleOverrideForm
from cases.models import CasePage, CaseRuleOverride, DistrictCasesPage
from cases.models.overrides import OVERRIDABLE_RULES
from library.models import District
from library.roles import is_city_editor, organisation_of


def importable_sections(user):
    """The district sections a user may import a case into."""
    sections = DistrictCasesPage.objects.select_related("district").order_by("path")
    if is_city_editor(user):
        return sections
    organisation = organisation_of(user)
    if isinstance(organisation, District):
        return sections.filter(district=organisation)
    return sections.none()


def import_case_view(request):
    sections = importable_sections(request.user)
    if not sections.exists():
        raise PermissionDenied
    choose = sections.count() > 1
    form = DocxImportForm(
        request.POST or None, request.FILES or None, sections=sections if choose else None
    )
    if request.method == "POST" and form.is_valid():
        section = form.cleaned_data["section"] if choose else sections.get()
        if not section.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            result = import_case(form.cleaned_data["document"], section, request.user)
        except DocxImportError as error:
            form.add_error("document", str(error))
        else:
            messages.success(request, f"已从 Word 创建案例草稿“{result.page.title}”。")
            return TemplateResponse(
                request,
                "cases/admin/import_result.html",
                {
                    "page_title": "从 Word 导入案例",
                    "header_icon": "doc-full-inverse",
                    "case": result.page,
                    "unmapped": result.unmapped,
                    "metrics": list(result.page.metrics.all()),
                },
            )
    return TemplateResponse(
        request,
        "cases/admin/import_form.html",
        {"page_title": "从 Word 导入案例", "header_icon": "doc-full-inverse", "form": form},
    )


def rule_override_view(request, page_id):
    if not is_city_editor(request.user):
        raise PermissionDenied
    case = get_object_or_404(CasePage, pk=page_id)
    form = RuleOverrideForm(request.POST or None, choices=OVERRIDABLE_RULES)
    if request.method == "POST" and form.is_valid():
        CaseRuleOverride.objects.create(
            case=case,
            rule=form.cleaned_data["rule"],
            reason=form.cleaned_data["reason"],
            editor=request.user,
        )
        messages.success(request, f"已为“{case.title}”记录例外，该区现在可以提交审核。")
        return redirect("wagtailadmin_pages:edit", case.pk)
    latest = case.get_latest_revision_as_object()
    return TemplateResponse(
        request,
        "cases/admin/rule_override.html",
        {
            "page_title": "记录报送规则例外",
            "header_icon": "warning",
            "case": case,
            "form": form,
            "checks": [
                rules.check_quota(latest),
                rules.check_deadline(latest),
                rules.check_help_ledger(latest),
                rules.check_impartiality(latest),
            ],
            "overrides": case.rule_overrides.select_related("editor"),
        },
    )
