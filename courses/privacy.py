"""What a learner account stores and why (个人信息保护法 第十三、十四、十七条): the notice shown
at sign-up, its version (recorded with the learner's consent), and deleting an account.

Deleting an account removes the person (name, login, e-mail, enterprise link, progress,
attempts, ratings) and keeps each certificate verifiable by its code with the course, the
body, the score and the date, but no personal data: whoever holds a printed certificate can
still have it checked."""

from django.db import transaction
from django.utils import timezone

NOTICE_VERSION = "2025-01"
RETENTION = "账号存续期间保存；您可随时在“我的学习”中注销账号，注销后立即删除。"
# (what, why) — the notice lists exactly the fields LearnerProfile and the account keep.
STORED = [
    ("登录名、密码（加密保存）、电子邮箱", "登录，以及找回密码时向您发送重置链接"),
    ("姓名", "印在结业证书上"),
    (
        "企业名称、统一社会信用代码、所在区、所属行业、岗位",
        "按区、行业统计参训企业和人数，向市市场监管委报送培训情况（不公开）",
    ),
    (
        "学习进度、考评记录和成绩、课程评价",
        "记录学习情况、颁发结业证书，供课程所属认证机构和市级编辑查看成绩册、改进课程",
    ),
]
CONTROLLER = "天津市小微企业质量管理体系认证提升行动课程与案例库运营单位"


def record_consent(profile, now=None):
    profile.privacy_notice_version = NOTICE_VERSION
    profile.privacy_consent_at = now or timezone.now()


def may_delete_self(user):
    """Learners delete their own accounts; staff accounts are managed by system admins."""
    return (
        user.is_authenticated
        and hasattr(user, "learner_profile")
        and not user.is_staff
        and not user.is_superuser
        and not user.groups.exists()
        and not hasattr(user, "membership")
    )


@transaction.atomic
def delete_learner(user, now=None):
    """Delete the learner and everything about them; their certificates stay verifiable."""
    from courses.models import Certificate

    now = now or timezone.now()
    Certificate.objects.filter(user=user).update(
        learner_name="", enterprise_name="", user=None, attempt=None, holder_deleted_at=now
    )
    user.delete()  # profile, progress, attempts and ratings go with the account
