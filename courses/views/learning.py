"""The learner's side of a course: take the assessment, finish lessons, rate, get certified."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from courses.assessment import SubmissionRefused, choice_indexes, course_questions, grade
from courses.forms import RatingForm
from courses.learning import is_learner, mark_lesson_done, record_attempt
from courses.models import Certificate, CourseRating
from library import params
from library.pdf import render_pdf


def _login_url(request, next_url):
    return f"{reverse('courses:learner_login')}?next={next_url}"


def assessment(request, course):
    lessons = list(course.lessons())
    questions = course_questions(lessons)
    context = {
        "page": course,
        "course": course,
        "questions": questions,
        "is_learner": is_learner(request.user),
    }
    if request.method == "POST":
        try:
            result = grade(questions, request.POST, course.pass_mark)
        except SubmissionRefused as refused:
            context["errors"] = refused.messages
            for question in questions:
                values = request.POST.getlist(question.field_name)
                question.chosen = frozenset(
                    index for value in values for index in choice_indexes([value]) or ()
                )
            return TemplateResponse(request, "courses/assessment.html", context, status=400)
        context["result"] = result
        if request.user.is_authenticated:
            context["attempt"], context["certificate"] = record_attempt(
                request.user, course, result
            )
        return TemplateResponse(request, "courses/assessment_result.html", context)
    return TemplateResponse(request, "courses/assessment.html", context)


def certificate_pdf(request, course):
    if not request.user.is_authenticated:
        return redirect(_login_url(request, course.subpage_url("certificate", request)))
    certificate = Certificate.objects.filter(user=request.user, course=course).first()
    if certificate is None:
        raise Http404("尚未取得本课程的结业证书")
    verify_url = request.build_absolute_uri(reverse("courses:certificate_verify"))
    pdf = render_pdf(
        "pdf/certificate.html",
        {
            "certificate": certificate,
            "verify_url": f"{verify_url}?code={certificate.code}",
            "issued": timezone.localtime(certificate.issued_at),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def rate_course(request, course):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect(_login_url(request, course.get_url(request)))
    existing = CourseRating.objects.filter(user=request.user, course=course).first()
    form = RatingForm(request.POST, instance=existing)
    if form.is_valid():
        rating = form.save(commit=False)
        rating.user, rating.course = request.user, course
        rating.save()
        messages.success(request, "感谢您的评价！")
    else:
        messages.error(request, "请选择 1 至 5 星的满意度后再提交。")
    return redirect(course.get_url(request) + "#rating")


def complete_lesson(request, lesson):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect(_login_url(request, lesson.get_url(request)))
    mark_lesson_done(request.user, lesson)
    messages.success(request, f"已记录：学完《{lesson.title}》")
    return redirect(lesson.get_url(request))


def verify_certificate(request):
    raw = params.raw(request.GET, "code", max_length=100)
    code = Certificate.normalise_code(raw)
    certificate = (
        Certificate.objects.filter(code=code).select_related("course").first() if code else None
    )
    return TemplateResponse(
        request,
        "courses/certificate_verify.html",
        {"code": raw, "searched": bool(raw), "certificate": certificate},
    )
