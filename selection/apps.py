from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "优良案例评选"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from library.campaigns import campaign_opened
        from selection.rollover import copy_rubric

        campaign_opened.connect(copy_rubric, dispatch_uid="selection_copy_rubric")
