"""Which organisation a user works for: exactly one certification body or one district."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="membership",
    )
    certification_body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="所属认证机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    district = models.ForeignKey(
        "library.District",
        verbose_name="所属区",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    panels = [FieldPanel("user"), FieldPanel("certification_body"), FieldPanel("district")]

    class Meta:
        verbose_name = "机构与区用户"
        verbose_name_plural = "机构与区用户"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(certification_body__isnull=False, district__isnull=True)
                    | Q(certification_body__isnull=True, district__isnull=False)
                ),
                name="membership_exactly_one_organisation",
                violation_error_message="一个用户只能属于一家认证机构或一个区，且必须选择其一",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"

    def save(self, *args, **kwargs):
        from library.roles import sync_membership_groups

        super().save(*args, **kwargs)
        sync_membership_groups(self)

    @property
    def organisation(self):
        return self.certification_body or self.district
