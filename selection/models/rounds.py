"""A selection round and the criteria its panels score against.

A round belongs to one campaign (年度行动) and judges one kind of subject
(``selection.subjects``: cases, courses, districts or bodies): the commission picks the
candidates (``SelectionEntry``), a pool of experts, a scoring deadline, k experts per
subject and how many cases it may recommend to 市场监管总局. The criteria are copied into the round
(``RoundCriterion``) so that editing a default or another round never touches this one, and
they are frozen once the first score is stored: a later edit would silently re-weight
scores experts have already given.

Wagtail docs: https://docs.wagtail.org/en/stable/extending/generic_views.html
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from selection.subjects import DEFAULT_KIND, KIND_CHOICES, KINDS

# 附件1 "帮扶企业提升成效" indicators, plus what makes a case worth spreading (通知: "可复制、可推广").
# (name, description, weight, max score, counts as 成效 for the tie-break)
DEFAULT_CRITERIA = (
    ("运营绩效", "精准帮扶对企业运营绩效的提升", 15, 10, True),
    ("产品服务质量", "精准帮扶对企业产品服务质量的提升", 15, 10, True),
    ("质量管理水平", "精准帮扶对质量管理水平的提升", 15, 10, True),
    ("信用品牌", "精准帮扶对企业信用、品牌的提升", 10, 10, True),
    ("数字化信息化", "精准帮扶对企业数字化信息化水平的提升", 10, 10, True),
    ("持续性", "持续性精准帮扶提升效果", 10, 10, True),
    ("典型性与引领性", "质量管理先进、提升成效突出，能树立认证提升典型样板", 15, 10, False),
    ("可复制可推广", "经验和路径具有可复制性和可推广性", 10, 10, False),
)

FROZEN_MESSAGE = "本轮已有专家评分，评分标准已冻结，不能再修改、增加或删除"
DECIDED_MESSAGE = "本轮已作出评选决定，评选已冻结，不能再修改"
CLOSED_DEADLINE_MESSAGE = "评分已截止，评分截止时间不能再修改，评选不能重新开放"
DEADLINE_REASON_MESSAGE = "修改评分截止时间须填写理由"
DEADLINE_PAST_MESSAGE = "新的评分截止时间须晚于当前时间"
KIND_FROZEN_MESSAGE = "本轮已有专家评分，评选对象类型不能再修改"

# Fields that decide the ranking: fixed once scoring has closed, so the stored close
# snapshot stays the ranking the rules give.
RULE_FIELDS = ("campaign_id", "experts_per_case", "min_scores", "disagreement_threshold")


class CriteriaFrozen(ValidationError):
    """Raised when a round's criteria would change after scoring has started."""

    def __init__(self, message=FROZEN_MESSAGE):
        super().__init__(message)


class RoundLocked(ValidationError):
    """Raised when a closed or decided round would change (deadline, rules, title)."""


class SelectionRound(ClusterableModel):
    title = models.CharField(
        "评选名称", max_length=120, help_text="如：2024年度小微企业质量管理优良案例评选"
    )
    campaign = models.ForeignKey(
        "library.Campaign",
        verbose_name="所属年度行动",
        on_delete=models.PROTECT,
        related_name="selection_rounds",
    )
    subject_kind = models.CharField(
        "评选对象类型",
        max_length=10,
        choices=KIND_CHOICES,
        default=DEFAULT_KIND,
        help_text="优良实践案例、精品课程、各区评估或认证机构评估；评分开始后不能再修改",
    )
    experts = ParentalManyToManyField(
        "library.Expert",
        verbose_name="评审专家",
        blank=True,
        related_name="selection_rounds",
        help_text="留空则纳入全部有登录账号的专家",
    )
    scoring_deadline = models.DateTimeField("评分截止时间", help_text="截止后评分锁定，不能再修改")
    experts_per_case = models.PositiveSmallIntegerField(
        "每个案例的评审专家数", default=5, validators=[MinValueValidator(1)]
    )
    recommend_count = models.PositiveSmallIntegerField(
        "推荐至市场监管总局名额", default=3, validators=[MinValueValidator(1)]
    )
    min_scores = models.PositiveSmallIntegerField(
        "参加排名的最少评分人数",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="有效评分少于此数的案例不参加排名",
    )
    disagreement_threshold = models.DecimalField(
        "分歧阈值（分）",
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="同一案例各专家加权总分的极差超过此值时标记“评分分歧”",
    )
    closed_at = models.DateTimeField(
        "评分结束记录时间",
        null=True,
        blank=True,
        editable=False,
        help_text="评分截止后首次处理本轮时记录，同时保存截止快照",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("subject_kind"),
        FieldRowPanel([FieldPanel("campaign"), FieldPanel("scoring_deadline")]),
        FieldPanel("deadline_reason"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("experts_per_case"), FieldPanel("min_scores")]),
                FieldRowPanel(
                    [FieldPanel("recommend_count"), FieldPanel("disagreement_threshold")]
                ),
            ],
            heading="评审规则",
        ),
        InlinePanel(
            "criteria",
            heading="评分标准",
            label="评分项",
            help_text="留空则使用附件1帮扶企业提升成效指标等默认评分项；评分开始后冻结",
        ),
        FieldPanel("candidates"),  # a form field (SelectionRoundForm): the round's entries
        FieldPanel("experts"),
    ]

    class Meta:
        verbose_name = "评选轮次"
        verbose_name_plural = "评选轮次"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.min_scores and self.experts_per_case and self.min_scores > self.experts_per_case:
            raise ValidationError({"min_scores": "最少评分人数不能大于每个案例的评审专家数"})

    def deadline_change_error(self, stored, new_deadline, reason, moment=None):
        """Why moving ``stored``'s deadline to ``new_deadline`` is refused, or ``None``.

        The rule: the deadline moves only while scoring is open, to a moment still ahead,
        and with a reason (kept in the audit log). A closed round never reopens; a round
        with decisions is frozen.
        """
        if stored.has_decisions():
            return DECIDED_MESSAGE
        if stored.is_closed(moment):
            return CLOSED_DEADLINE_MESSAGE
        if not (reason or "").strip():
            return DEADLINE_REASON_MESSAGE
        if new_deadline <= (moment or timezone.now()):
            return DEADLINE_PAST_MESSAGE
        return None

    def _check_locked_fields(self):
        stored = SelectionRound.objects.filter(pk=self.pk).first()
        if stored is None:
            return
        change = getattr(self, "_deadline_change", None)  # (reason, user), set by the service
        if stored.scoring_deadline != self.scoring_deadline:
            reason = change[0] if change else ""
            error = self.deadline_change_error(stored, self.scoring_deadline, reason)
            if error:
                raise RoundLocked(error)
        if stored.subject_kind != self.subject_kind and stored.has_scores():
            raise RoundLocked(KIND_FROZEN_MESSAGE)
        if stored.is_closed() and any(getattr(stored, f) != getattr(self, f) for f in RULE_FIELDS):
            raise RoundLocked("评分已截止，排名规则不能再修改")
        if stored.has_decisions() and (
            stored.title != self.title or stored.recommend_count != self.recommend_count
        ):
            raise RoundLocked(DECIDED_MESSAGE)
        return stored

    def save(self, *args, **kwargs):
        # Enforced here, not only in the form, so no code path can reopen a closed round.
        stored = self._check_locked_fields() if self.pk else None
        super().save(*args, **kwargs)
        if stored is not None and stored.subject_kind != self.subject_kind:
            # Candidates of the old kind are no candidates of this one (no scores yet).
            self.entries.all().delete()
        change = getattr(self, "_deadline_change", None)
        if stored is not None and stored.scoring_deadline != self.scoring_deadline:
            from selection import audit

            reason, user = change
            audit.record(
                self,
                "selection.deadline",
                user,
                old=timezone.localtime(stored.scoring_deadline).isoformat(timespec="minutes"),
                new=timezone.localtime(self.scoring_deadline).isoformat(timespec="minutes"),
                reason=reason.strip(),
            )
        self._deadline_change = None
        # Defaults are copied in rather than referenced, so they too are frozen with the round.
        if not self.criteria.exists():
            for order, (name, description, weight, max_score, impact) in enumerate(
                DEFAULT_CRITERIA
            ):
                RoundCriterion.objects.create(
                    round=self,
                    sort_order=order,
                    name=name,
                    description=description,
                    weight=Decimal(weight),
                    max_score=Decimal(max_score),
                    is_impact=impact,
                )

    # -- state -------------------------------------------------------------------------

    def has_scores(self):
        from selection.models.scores import Score

        return Score.objects.filter(assignment__round_id=self.pk).exists()

    def has_decisions(self):
        return self.pk is not None and self.decisions.exists()

    def is_scoring_open(self, moment=None):
        """Open up to and including the deadline itself: a score stored at exactly the
        deadline counts, one stored any later is refused. Once closed, always closed."""
        return self.closed_at is None and (moment or timezone.now()) <= self.scoring_deadline

    def is_closed(self, moment=None):
        return not self.is_scoring_open(moment)

    @property
    def status_label(self):
        return "评分中" if self.is_scoring_open() else "评分已截止"

    @property
    def kind(self):
        """What this round judges (``selection.subjects.SubjectKind``)."""
        return KINDS[self.subject_kind]

    def candidate_subjects(self):
        """The subjects judged (cases, courses, districts or bodies), by id."""
        return self.kind.model.objects.filter(selection_entries__round=self).order_by("id")

    candidate_cases = candidate_subjects

    def candidate_ids(self):
        return list(self.entries.order_by("subject_id").values_list("subject_id", flat=True))

    def set_candidates(self, subjects):
        """Make ``subjects`` (of the round's kind) the candidates; entries of subjects no
        longer listed go, with their assignments (callers refuse this after the close)."""
        from selection.models.entries import SelectionEntry

        field = self.kind.entry_field
        wanted = {s.pk for s in subjects}
        self.entries.exclude(**{f"{field}_id__in": wanted}).delete()
        present = set(self.entries.values_list(f"{field}_id", flat=True))
        SelectionEntry.objects.bulk_create(
            [SelectionEntry(round=self, **{f"{field}_id": pk}) for pk in sorted(wanted - present)]
        )

    def entry_for(self, subject_id):
        """This round's entry for the subject with id ``subject_id``, or None."""
        return self.entries.filter(**{f"{self.kind.entry_field}_id": subject_id}).first()

    def pool(self):
        return self.experts.all().order_by("id")


class RoundCriterion(Orderable):
    round = ParentalKey(SelectionRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("评分项", max_length=40)
    description = models.CharField("评分要点", max_length=200, blank=True)
    weight = models.DecimalField(
        "权重", max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_score = models.DecimalField(
        "满分",
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    is_impact = models.BooleanField(
        "属于帮扶成效指标", default=False, help_text="排名同分时，先比较帮扶成效指标的得分"
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight"), FieldPanel("max_score")]),
        FieldPanel("description"),
        FieldPanel("is_impact"),
    ]

    FROZEN_FIELDS = ("name", "weight", "max_score", "is_impact", "sort_order")

    class Meta(Orderable.Meta):
        verbose_name = "评分项"
        verbose_name_plural = "评分项"

    def __str__(self):
        return f"{self.name}（权重{self.weight.normalize():f}，满分{self.max_score.normalize():f}）"

    def _round_has_scores(self):
        from selection.models.scores import Score

        # Decisions need scores, so a decided round is frozen by this check as well.
        return (
            self.round_id is not None
            and Score.objects.filter(assignment__round_id=self.round_id).exists()
        )

    def save(self, *args, **kwargs):
        # Enforced here rather than only in the form, so no code path can re-weight stored scores.
        if self._round_has_scores():
            stored = RoundCriterion.objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS).first()
            if stored is None or any(
                stored[field] != getattr(self, field) for field in self.FROZEN_FIELDS
            ):
                raise CriteriaFrozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._round_has_scores():
            raise CriteriaFrozen()
        return super().delete(*args, **kwargs)
