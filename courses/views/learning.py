"""The learner's side of a course: take the assessment, finish lessons, rate, get certified."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from courses import assessment as assessment_rules
from courses.assessment import choice_indexes
from courses.forms import RatingForm
from courses.learning import award_certificate, is_learner, lessons_left, mark_lesson_done
from courses.models import Certificate, CourseRating
from library import params
from library.pdf import render_pdf


def _login_url(request, next_url):
    return f"{reverse('courses:learner_login')}?next={next_url}"


def _assessment_context(request, course):
    user = request.user
    context = {"page": course, "course": course, "is_learner": is_learner(user)}
    if user.is_authenticated:
        context.update(
            attempt=assessment_rules.open_attempt(user, course),
            past_attempts=list(
                assessment_rules.attempts_of(user, course).filter(submitted_at__isnull=False)
            ),
            attempts_left=assessment_rules.attempts_left(user, course),
            refusal=assessment_rules.start_refusal(user, course),
        )
        if context["attempt"] is not None:
            context["questions"] = assessment_rules.drawn_questions(context["attempt"])
    return context


def assessment(request, course):
    """GET: the rules, past attempts and the open attempt's questions; POST ``start`` draws a
    new attempt, POST ``submit`` grades the open one (see ``courses.assessment``)."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(_login_url(request, course.subpage_url("assessment", request)))
        if request.POST.get("action") == "start":
            try:
                assessment_rules.start_attempt(request.user, course)
            except assessment_rules.AttemptNotAllowed as refused:
                messages.error(request, str(refused))
            return redirect(course.subpage_url("assessment", request))
        return _submit(request, course)
    context = _assessment_context(request, course)
    context["question_count"] = course.question_count or len(assessment_rules.question_pool(course))
    return TemplateResponse(request, "courses/assessment.html", context)


def _submit(request, course):
    attempt_id = params.raw(request.POST, "attempt", max_length=20)
    attempt = (
        assessment_rules.attempts_of(request.user, course).filter(submitted_at__isnull=True).first()
    )
    if attempt is None or str(attempt.pk) != attempt_id:
        messages.error(request, "这次考评已经结束或已交卷，请重新开始考评。")
        return redirect(course.subpage_url("assessment", request))
    try:
        attempt, result = assessment_rules.submit_attempt(attempt, course, request.POST)
    except assessment_rules.TimeUp as time_up:
        messages.error(request, str(time_up))
        return redirect(course.subpage_url("assessment", request))
    except assessment_rules.SubmissionRefused as refused:
        context = _assessment_context(request, course)
        context["errors"] = refused.messages
        for question in context.get("questions", []):
            values = request.POST.getlist(question.field_name)
            question.chosen = frozenset(
                index for value in values for index in choice_indexes([value]) or ()
            )
        return TemplateResponse(request, "courses/assessment.html", context, status=400)
    certificate = award_certificate(request.user, course)
    context = {
        "page": course,
        "course": course,
        "attempt": attempt,
        "result": result,
        "certificate": certificate,
        "reveal": assessment_rules.reveals_answers(attempt, course),
        "attempts_left": assessment_rules.attempts_left(request.user, course),
        "lessons_left": lessons_left(request.user, course) if result.passed else [],
        "is_learner": is_learner(request.user),
    }
    return TemplateResponse(request, "courses/assessment_result.html", context)


def certificate_pdf(request, course):
    if not request.user.is_authenticated:
        return redirect(_login_url(request, course.subpage_url("certificate", request)))
    certificate = Certificate.objects.filter(user=request.user, course=course).first()
    if certificate is None:
        raise Http404("尚未取得本课程的结业证书")
    if certificate.is_revoked:
        raise Http404("本课程的结业证书已撤销")
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
    certificate = mark_lesson_done(request.user, lesson)
    messages.success(request, f"已记录：学完《{lesson.title}》")
    if certificate is not None and certificate.issued_at >= timezone.now() - timedelta(seconds=5):
        messages.success(request, "您已学完全部课时并通过考评，可以下载结业证书了。")
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
