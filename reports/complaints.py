"""Complaints (投诉) and 通报批评 about a certification body, with their evidence.

The 2024 notice: bodies whose help works badly, that receive enterprises' complaints or harm
an enterprise are 通报批评 by the commission. Only city editors record and change these
(``reports.evaluation_access``); a body reads its own records; nothing is public. The evidence
is a Wagtail document in the ``EVIDENCE_COLLECTION`` collection, which only the city editors'
group may view through Wagtail (a body reads its own through ``reports.evaluation_views``).
"""

from django.conf import settings
from django.db import models

COMPLAINT, CRITICISM = "complaint", "criticism"
KINDS = [(COMPLAINT, "投诉"), (CRITICISM, "通报批评")]
EVIDENCE_COLLECTION = "认证机构投诉与通报批评材料"


class BodyComplaint(models.Model):
    body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="认证机构",
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=12, choices=KINDS)
    date = models.DateField("日期")
    summary = models.TextField("事由摘要", max_length=4000)
    evidence = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="证明材料",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "认证机构投诉与通报批评"
        verbose_name_plural = "认证机构投诉与通报批评"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.body.name} · {self.get_kind_display()}（{self.date:%Y-%m-%d}）"


def evidence_collection():
    """The collection for the evidence, visible through Wagtail to the city editors only."""
    from wagtail.models import Collection, CollectionViewRestriction

    from library.roles import CITY_EDITORS, role_group

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=EVIDENCE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=EVIDENCE_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.add(role_group(CITY_EDITORS))
    return collection
