"""Rounds judge a kind of subject; one SelectionEntry per (round, subject).

Adds the new rows and keys beside the old case keys; 0004 carries the data over and 0005
removes the case keys."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


def _exactly_one():
    fields = ("case", "course", "district", "body")
    options = models.Q()
    for chosen in fields:
        options |= models.Q(**{f"{f}__isnull": f != chosen for f in fields})
    return options


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_case_section_tables"),
        ("courses", "0006_question_bank_attempt_draws_certificate_revocation"),
        ("library", "0004_site_settings"),
        ("selection", "0002_round_lifecycle_snapshots_score_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="selectionround",
            name="subject_kind",
            field=models.CharField(
                choices=[
                    ("case", "优良实践案例"),
                    ("course", "精品课程"),
                    ("district", "各区提升行动评估"),
                    ("body", "认证机构提升行动评估"),
                ],
                default="case",
                help_text="优良实践案例、精品课程、各区评估或认证机构评估；评分开始后不能再修改",
                max_length=10,
                verbose_name="评选对象类型",
            ),
        ),
        migrations.CreateModel(
            name="SelectionEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "subject_id",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.functions.comparison.Coalesce(
                            "case_id", "course_id", "district_id", "body_id"
                        ),
                        output_field=models.BigIntegerField(),
                        verbose_name="评选对象编号",
                    ),
                ),
                (
                    "body",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="selection_entries",
                        to="library.certificationbody",
                        verbose_name="认证机构",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="selection_entries",
                        to="cases.casepage",
                        verbose_name="案例",
                    ),
                ),
                (
                    "course",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="selection_entries",
                        to="courses.coursepage",
                        verbose_name="课程",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="selection_entries",
                        to="library.district",
                        verbose_name="区",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="selection.selectionround",
                        verbose_name="评选轮次",
                    ),
                ),
            ],
            options={
                "verbose_name": "评选对象",
                "verbose_name_plural": "评选对象",
                "ordering": ["round", "subject_id"],
                "indexes": [
                    models.Index(
                        fields=["round", "subject_id"], name="selection_entry_round_subject"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=_exactly_one(),
                        name="selection_entry_exactly_one_subject",
                        violation_error_message="评选对象必须且只能是一个案例、课程、区或认证机构",
                    ),
                    models.UniqueConstraint(
                        fields=("round", "case"), name="selection_unique_entry_case"
                    ),
                    models.UniqueConstraint(
                        fields=("round", "course"), name="selection_unique_entry_course"
                    ),
                    models.UniqueConstraint(
                        fields=("round", "district"), name="selection_unique_entry_district"
                    ),
                    models.UniqueConstraint(
                        fields=("round", "body"), name="selection_unique_entry_body"
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="assignment",
            name="entry",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="assignments",
                to="selection.selectionentry",
                verbose_name="评选对象",
            ),
        ),
        migrations.AddField(
            model_name="recusal",
            name="entry",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="recusals",
                to="selection.selectionentry",
                verbose_name="评选对象",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="entry",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="decision",
                to="selection.selectionentry",
                verbose_name="评选对象",
            ),
        ),
        migrations.RenameField(model_name="score", old_name="case_revision", new_name="revision"),
        migrations.AlterField(
            model_name="score",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="评分依据的版本",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="level",
            field=models.CharField(
                choices=[
                    ("city", "市级优良案例"),
                    ("national", "推荐至市场监管总局"),
                    ("course", "精品课程"),
                    ("outstanding", "表现突出"),
                    ("improved", "进步提升较大"),
                    ("body", "提升行动优秀认证机构"),
                ],
                max_length=20,
                verbose_name="认定",
            ),
        ),
    ]
