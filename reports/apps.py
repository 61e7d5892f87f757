from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The action's figures and reports across courses and cases: one module of campaign
    figures (``reports.figures``) behind the dashboard, the rules' counts and every export."""

    name = "reports"
    verbose_name = "统计与报告"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from library.campaigns import campaign_opened
        from reports.evidence_providers import register
        from reports.setup import column_for_opened_campaign

        register()
        campaign_opened.connect(
            column_for_opened_campaign, dispatch_uid="reports_column_for_opened_campaign"
        )
