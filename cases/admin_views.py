"""Admin views of the cases app: Word import (rule exceptions are recorded on the review app's
override form; the campaign dashboard is in ``reports``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cases.docx_import import DocxImportError, import_case
from cases.forms import DocxImportForm
from cases.models import DistrictCasesPage
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
                    "loose_matches": result.loose_matches,
                    "metrics": list(result.page.metrics.all()),
                },
            )
    return TemplateResponse(
        request,
        "cases/admin/import_form.html",
        {"page_title": "从 Word 导入案例", "header_icon": "doc-full-inverse", "form": form},
    )


def rule_override_view(request, page_id):
    """The former 记录报送例外 screen: exceptions are recorded on the one override form
    (``review_override``), one reason per failing check."""
    return redirect("review_override", page_id)
