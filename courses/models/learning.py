"""What learners leave behind: who they are, what they finished, how they scored and rated.

Only signed-in learners are recorded; an anonymous visitor gets a score and nothing is kept.
The learner's enterprise (credit code, district, industry) is what lets the commission count
trained enterprises and people per body, district and course (2024 notice, 附件1).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from library.credit_code import validate_credit_code

CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone


class LearnerProfile(models.Model):
    """A learner from an SME; learners have no admin access, only the public site."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    full_name = models.CharField("姓名", max_length=40)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业（企业名录）",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="learners",
    )
    enterprise_name = models.CharField("企业名称", max_length=100)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, validators=[validate_credit_code], db_index=True
    )
    district = models.ForeignKey(
        "library.District", verbose_name="所在区", on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        "library.Industry", verbose_name="所属行业", on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField("岗位", max_length=40, blank=True)
    created_at = models.DateTimeField("注册时间", auto_now_add=True)
    # The version of the privacy notice (``courses.privacy.NOTICE_VERSION``) the learner
    # agreed to, and when (个人信息保护法 第十四条: consent given on being fully informed).
    privacy_notice_version = models.CharField("同意的隐私告知版本", max_length=20, blank=True)
    privacy_consent_at = models.DateTimeField("同意时间", null=True, blank=True)

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员"

    def __str__(self):
        return f"{self.full_name}（{self.enterprise_name}）"

    def save(self, *args, **kwargs):
        from enterprises.models.register import enterprise_for

        self.credit_code = self.credit_code.strip().upper()
        if self.enterprise_id is None:
            # The learner's enterprise in the register (recorded there if it is new).
            self.enterprise = enterprise_for(
                self.credit_code,
                name=self.enterprise_name,
                district=self.district,
                industry=self.industry,
            )
        super().save(*args, **kwargs)


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField("学完时间", auto_now_add=True)

    class Meta:
        verbose_name = "学习进度"
        verbose_name_plural = "学习进度"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson_id}"


class Attempt(models.Model):
    """One try at a course's assessment: the questions drawn for it when it started (kept here,
    so the answer sheet is checked against exactly what was drawn) and, once submitted, the
    answers and the score computed on the server (``courses.assessment``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_attempts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="attempts"
    )
    drawn = models.JSONField("抽取的题目", default=list, editable=False)
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    deadline = models.DateTimeField("交卷截止", null=True, blank=True)
    answers = models.JSONField("作答", default=dict)
    correct = models.PositiveSmallIntegerField("答对题数", default=0)
    total = models.PositiveSmallIntegerField("总题数", default=0)
    score = models.PositiveSmallIntegerField("得分", default=0)
    passed = models.BooleanField("合格", default=False)
    timed_out = models.BooleanField("超时", default=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = "考评记录"
        verbose_name_plural = "考评记录"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["course", "passed"])]

    def __str__(self):
        return f"{self.user} · {self.score} 分"

    @property
    def is_open(self):
        return self.submitted_at is None


def new_certificate_code():
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(12))


class Certificate(models.Model):
    """A completion certificate; the names are copied so the certificate stays as issued.

    When the learner deletes their account the certificate stays verifiable by its code, with
    the personal data (name, account) removed (``courses.accounts.delete_learner``). An editor
    or the course's body may revoke it with a reason; /certificates/verify/ then says so."""

    code = models.CharField("验证码", max_length=12, unique=True, default=new_certificate_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    attempt = models.ForeignKey(
        Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    learner_name = models.CharField("学员姓名", max_length=40)
    enterprise_name = models.CharField("企业名称", max_length=100)
    course_title = models.CharField("课程名称", max_length=255)
    body_name = models.CharField("认证机构", max_length=100)
    score = models.PositiveSmallIntegerField("得分")
    issued_at = models.DateTimeField("发证时间", auto_now_add=True)
    holder_deleted_at = models.DateTimeField("学员注销时间", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True, editable=False)
    revoked_reason = models.CharField("撤销理由", max_length=200, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")
        ]

    def __str__(self):
        return f"{self.display_code} {self.learner_name} · {self.course_title}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def status_label(self):
        return "已撤销" if self.is_revoked else "有效"

    @property
    def display_code(self):
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @staticmethod
    def normalise_code(raw):
        return "".join(char for char in (raw or "").upper() if char.isalnum())


class CourseRating(models.Model):
    """培训对象的满意度: one rating per learner per course, which the learner may revise."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_ratings"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(
        "满意度", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField("意见建议", max_length=500, blank=True)
    updated_at = models.DateTimeField("评价时间", auto_now=True)

    class Meta:
        verbose_name = "课程评价"
        verbose_name_plural = "课程评价"
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_rating_per_course"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.stars} 星"
