"""Learner accounts on the public site: sign up, sign in and out, and "my learning"."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from courses import privacy
from courses.forms import DeleteAccountForm, LearnerSignupForm
from courses.models import Attempt, Certificate, CoursePage, LessonProgress


def _safe_next(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def signup(request):
    form = LearnerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "注册成功，欢迎开始学习！")
        return redirect(_safe_next(request, reverse_lazy("courses:my_learning")))
    return render(
        request, "courses/learners/signup.html", {"form": form, "next": _safe_next(request, "")}
    )


class LearnerLoginView(auth_views.LoginView):
    template_name = "courses/learners/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return str(reverse_lazy("courses:my_learning"))


class LearnerLogoutView(auth_views.LogoutView):
    next_page = "/"


LOGIN = reverse_lazy("courses:learner_login")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "courses/learners/password_change.html"
    success_url = reverse_lazy("courses:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "courses/learners/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "courses/learners/password_reset.html"
    email_template_name = "courses/learners/password_reset_email.txt"
    subject_template_name = "courses/learners/password_reset_subject.txt"
    success_url = reverse_lazy("courses:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "courses/learners/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "courses/learners/password_reset_confirm.html"
    success_url = reverse_lazy("courses:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "courses/learners/password_reset_complete.html"


def privacy_notice(request):
    return render(
        request,
        "courses/learners/privacy.html",
        {
            "stored": privacy.STORED,
            "retention": privacy.RETENTION,
            "controller": privacy.CONTROLLER,
            "version": privacy.NOTICE_VERSION,
        },
    )


@login_required(login_url=LOGIN)
def delete_account(request):
    if not privacy.may_delete_self(request.user):
        messages.error(request, "管理后台账号不能在这里注销，请联系系统管理员。")
        return redirect("courses:my_learning")
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.delete_learner(request.user)
        logout(request)
        messages.success(request, "账号已注销，您的个人信息已删除；已颁发的证书仍可凭验证码查验。")
        return redirect("/")
    return render(request, "courses/learners/delete_account.html", {"form": form})


@login_required(login_url=reverse_lazy("courses:learner_login"))
def my_learning(request):
    progress = LessonProgress.objects.filter(user=request.user).values_list(
        "lesson__path", flat=True
    )
    course_paths = {path[: -CoursePage.steplen] for path in progress}
    attempted = set(Attempt.objects.filter(user=request.user).values_list("course_id", flat=True))
    courses = CoursePage.objects.live().filter(
        path__in=course_paths
    ) | CoursePage.objects.live().filter(pk__in=attempted)
    certificates = Certificate.objects.filter(user=request.user).select_related("course")
    best = {}
    for attempt in Attempt.objects.filter(user=request.user).only("course_id", "score"):
        best[attempt.course_id] = max(best.get(attempt.course_id, 0), attempt.score)
    courses = list(courses.distinct().order_by("title"))
    for course in courses:
        course.best_score = best.get(course.pk)
    return render(
        request,
        "courses/learners/my_learning.html",
        {
            "profile": getattr(request.user, "learner_profile", None),
            "courses": courses,
            "certificates": certificates,
        },
    )
