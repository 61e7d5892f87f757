"""A certification body's question bank (题库): categories of questions it reuses across its
courses. A course's assessment draws from the categories it chooses (``courses.assessment``);
each body sees and edits only its own bank (``courses.policies``)."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from courses.blocks import MULTIPLE, QUESTION_KINDS, SINGLE, check_correct_count


class QuestionCategory(models.Model):
    body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="认证机构",
        on_delete=models.CASCADE,
        related_name="question_categories",
    )
    name = models.CharField("分类名称", max_length=60)
    description = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("body"), FieldPanel("name"), FieldPanel("description")]

    class Meta:
        verbose_name = "题库分类"
        verbose_name_plural = "题库分类"
        ordering = ["body__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="one_category_name_per_body")
        ]

    def __str__(self):
        return f"{self.name}（{self.body}）"


class BankQuestionForm(WagtailAdminModelForm):
    """The choices' correct answers are checked together, like the lesson's question block."""

    def clean(self):
        cleaned = super().clean()
        category, body = cleaned.get("category"), cleaned.get("body")
        if category and body and category.body_id != body.pk:
            self.add_error("category", "只能选择本机构题库的分类")
        formset = self.formsets.get("choices")
        if formset is not None and formset.is_valid():
            correct = [
                form.cleaned_data.get("correct", False)
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            for message in check_correct_count(cleaned.get("kind"), correct):
                self.add_error(None, message)
        return cleaned


class BankQuestion(ClusterableModel):
    body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="认证机构",
        on_delete=models.CASCADE,
        related_name="bank_questions",
    )
    category = models.ForeignKey(
        QuestionCategory, verbose_name="分类", on_delete=models.PROTECT, related_name="questions"
    )
    prompt = models.TextField("题目", max_length=500)
    kind = models.CharField("题型", max_length=10, choices=QUESTION_KINDS, default=SINGLE)
    explanation = models.TextField(
        "答案解析", max_length=1000, help_text="考评合格或用完考评次数后展示给学员，说明为什么"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    base_form_class = BankQuestionForm
    panels = [
        FieldPanel("body"),
        FieldPanel("category"),
        FieldPanel("prompt"),
        FieldPanel("kind"),
        InlinePanel("choices", label="选项", heading="选项", min_num=2, max_num=8),
        FieldPanel("explanation"),
    ]

    class Meta:
        verbose_name = "题库试题"
        verbose_name_plural = "题库试题"
        ordering = ["category__name", "pk"]

    def __str__(self):
        return self.prompt[:60]

    def clean(self):
        super().clean()
        if self.category_id and self.body_id and self.category.body_id != self.body_id:
            raise ValidationError({"category": "只能选择本机构题库的分类"})

    @property
    def is_multiple(self):
        return self.kind == MULTIPLE


class BankChoice(Orderable):
    question = ParentalKey(BankQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField("选项", max_length=200)
    correct = models.BooleanField("正确答案", default=False)

    panels = [FieldPanel("text"), FieldPanel("correct")]

    class Meta(Orderable.Meta):
        verbose_name = "选项"
        verbose_name_plural = "选项"

    def __str__(self):
        return self.text
