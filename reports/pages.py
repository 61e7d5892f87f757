"""Wagtail pages of the reports area: 报告 (logged-in readers only), a section per pilot region
editable by its districts' groups, and the 附件2 self-assessment report pages, reviewed by
the editors' workflow like cases and courses (``review.setup.ensure_review_workflow``)."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cases.blocks import AttachmentBlock, SectionContentBlock
from library.drafts import DraftAwarePageForm
from reports.outline import REPORT_HEADINGS, REPORT_OUTLINE


class ReportsIndexPage(Page):
    introduction = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["library.HomePage"]
    subpage_types = ["reports.PilotReportsSection"]
    max_count = 1

    class Meta:
        verbose_name = "报告栏目"


class PilotReportsSection(Page):
    region = models.OneToOneField(
        "library.PilotRegion",
        verbose_name="试点区域",
        on_delete=models.PROTECT,
        related_name="reports_section",
    )

    content_panels = [*Page.content_panels, FieldPanel("region")]
    parent_page_types = ["reports.ReportsIndexPage"]
    subpage_types = ["reports.PilotReportPage"]

    class Meta:
        verbose_name = "试点区域报告栏目"


class ReportSectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label="章节", choices=[(key, heading) for key, heading, _ in REPORT_OUTLINE]
    )
    content = SectionContentBlock(label="内容")

    class Meta:
        icon = "list-ul"
        label = "章节"


class PilotReportPage(Page):
    """提升行动区域试点自评报告 (附件2) of one pilot region for one campaign."""

    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    body = StreamField([("section", ReportSectionBlock())], verbose_name="报告正文", blank=True)
    attachments = StreamField([("attachment", AttachmentBlock())], verbose_name="附件", blank=True)

    base_form_class = DraftAwarePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("campaign"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    parent_page_types = ["reports.PilotReportsSection"]
    subpage_types = []

    class Meta:
        verbose_name = "区域试点自评报告"
        verbose_name_plural = "区域试点自评报告"

    @property
    def region(self):
        parent = self.get_parent()
        return parent.specific.region if parent else None

    def outline(self):
        """[(heading, parent heading, [blocks])] in the outline's order, empty sections kept
        so a missing part shows."""
        content = {}
        for block in self.body:
            content.setdefault(block.value["kind"], []).extend(block.value["content"])
        return [(heading, parent, content.get(key, [])) for key, heading, parent in REPORT_OUTLINE]

    def missing_sections(self):
        present = {block.value["kind"] for block in self.body}
        return [
            REPORT_HEADINGS[key]
            for key, _, parent in REPORT_OUTLINE
            if key not in present and key not in ("background", "experience")
        ]


class PublicityColumnPage(Page):
    """专栏: a campaign's public page with its 公示 and what the commission recognised: the
    cases (and 精品课程), the 提升行动优秀认证机构 and the districts 表现突出 or 进步提升较大
    (``selection.subjects.recognised``). A round's decisions show once its 公示 has started,
    never before; a withdrawn decision is gone."""

    campaign = models.OneToOneField(
        "library.Campaign",
        verbose_name="所属年度",
        on_delete=models.PROTECT,
        related_name="publicity_column",
    )
    introduction = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("campaign"), FieldPanel("introduction")]
    parent_page_types = ["library.HomePage"]
    subpage_types = []

    # The kinds the 专栏 lists, in order, with the heading of their list.
    RECOGNISED_KINDS = (
        ("case", "优良实践案例"),
        ("course", "精品课程"),
        ("body", "提升行动优秀认证机构"),
        ("district", "表现突出和进步提升较大的区"),
    )

    class Meta:
        verbose_name = "年度提升行动专栏"
        verbose_name_plural = "年度提升行动专栏"

    def notices(self):
        from reports.publicity import PublicityNotice

        return PublicityNotice.objects.filter(round__campaign=self.campaign).select_related("round")

    def recognised(self, today=None):
        """[(kind key, heading, [row])]: per kind, the subjects decided in a round whose 公示
        has started, each row {subject, title, page (when live), district, decision, notice}."""
        from django.utils import timezone

        from selection.subjects import kind, recognised

        today = today or timezone.localdate()
        notices = {n.round_id: n for n in self.notices() if n.starts_on <= today}
        result = []
        for key, heading in self.RECOGNISED_KINDS:
            rows = []
            for subject, decision in recognised(self.campaign, key):
                notice = notices.get(decision.round_id)
                if notice is None:
                    continue
                page = subject if kind(key).is_page else None
                rows.append(
                    {
                        "subject": subject,
                        "title": kind(key).title(subject),
                        "page": page if page is not None and page.live else None,
                        "district": getattr(subject, "district", None) if key == "case" else None,
                        "decision": decision,
                        "notice": notice,
                    }
                )
            result.append((key, heading, rows))
        return result

    def get_context(self, request, *args, **kwargs):
        from django.utils import timezone

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        recognised = self.recognised(today)
        by_round = {}
        for _, _, rows in recognised:
            for row in rows:
                by_round.setdefault(row["decision"].round_id, []).append(row)
        context["recognised"] = [item for item in recognised if item[2]]
        context["notices"] = [
            {
                "notice": notice,
                "kind": notice.round.subject_kind,
                "rows": by_round.get(notice.round_id, []),
                "open": notice.accepts_objections(today),
            }
            for notice in self.notices()
            if notice.starts_on <= today
        ]
        return context
