"""The learning records in the admin, for city editors and the course's own body
(``courses.access``): gradebooks with item analysis, learners, and certificates with
revocation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses import access
from courses.gradebook import gradebook, gradebook_xlsx, item_analysis
from courses.learning import attach_bodies
from courses.models import Attempt, Certificate, CoursePage, LearnerProfile, LessonProgress
from library import params
from library.roles import is_city_editor
from library.xlsx import xlsx_response


class LearningAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not access.may_use_learning_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class GradebookIndexView(LearningAdminView):
    template_name = "courses/admin/gradebook_index.html"
    page_title = "成绩册"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        courses = list(access.courses_for(self.request.user).order_by("title"))
        attach_bodies(courses)
        context["courses"] = courses
        return context


class GradebookView(LearningAdminView):
    template_name = "courses/admin/gradebook.html"

    def dispatch(self, request, *args, **kwargs):
        self.course = get_object_or_404(
            access.courses_for(request.user)
            if request.user.is_authenticated
            else CoursePage.objects.none(),
            pk=kwargs["course_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"成绩册：{self.course.title}"

    def get(self, request, *args, **kwargs):
        if kwargs.get("export"):
            return xlsx_response(gradebook_xlsx(self.course), f"成绩册-{self.course.title}.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = gradebook(self.course)
        context.update(
            course=self.course,
            rows=rows,
            items=item_analysis(self.course),
            completed=sum(1 for row in rows if row.completed),
            export_url=reverse("courses_admin:gradebook_export", args=[self.course.pk]),
        )
        return context


class LearnerListView(LearningAdminView):
    template_name = "courses/admin/learners.html"
    page_title = "学员"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        learners = LearnerProfile.objects.select_related("user", "district", "industry")
        if not is_city_editor(user):
            courses = access.courses_for(user)
            active = set(
                Attempt.objects.filter(course__in=courses).values_list("user_id", flat=True)
            ) | set(
                LessonProgress.objects.filter(
                    lesson__path__startswith=access.body_of(user).courses_section.path
                ).values_list("user_id", flat=True)
            )
            learners = learners.filter(user_id__in=active)
        query = params.raw(self.request.GET, "q", max_length=100).strip()
        if query:
            learners = learners.filter(
                Q(full_name__icontains=query)
                | Q(enterprise_name__icontains=query)
                | Q(credit_code__icontains=query)
            )
        context.update(learners=learners.order_by("-created_at")[:500], query=query)
        return context


class CertificateListView(LearningAdminView):
    template_name = "courses/admin/certificates.html"
    page_title = "结业证书"

    def certificates(self):
        return Certificate.objects.filter(course__in=access.courses_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificates = self.certificates().select_related("revoked_by")
        query = params.raw(self.request.GET, "q", max_length=100).strip()
        if query:
            code = Certificate.normalise_code(query)
            certificates = certificates.filter(
                Q(learner_name__icontains=query)
                | Q(enterprise_name__icontains=query)
                | Q(course_title__icontains=query)
                | (Q(code=code) if code else Q(pk__in=[]))
            )
        context.update(certificates=certificates.order_by("-issued_at")[:500], query=query)
        return context

    def post(self, request, *args, **kwargs):
        """Revoke one certificate with a reason (kept, shown by /certificates/verify/)."""
        certificate_id = params.to_int(
            request.POST.get("certificate", ""), "certificate", minimum=1
        )
        certificate = get_object_or_404(self.certificates(), pk=certificate_id)
        reason = params.raw(request.POST, "reason", max_length=200).strip()
        if certificate.is_revoked:
            messages.error(request, f"证书 {certificate.display_code} 已于此前撤销。")
        elif not reason:
            messages.error(request, "撤销证书须填写理由。")
        else:
            certificate.revoked_at = timezone.now()
            certificate.revoked_by = request.user
            certificate.revoked_reason = reason
            certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
            messages.success(request, f"已撤销证书 {certificate.display_code}。")
        return redirect(reverse("courses_admin:certificates"))
