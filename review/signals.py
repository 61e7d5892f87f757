from django.dispatch import receiver

from library.setup import site_structure_requested


# Connected after the courses and cases apps' receivers (INSTALLED_APPS order), so their
# areas exist by the time the workflow is assigned to them.
@receiver(site_structure_requested, dispatch_uid="review_workflow_setup")
def set_up_review(sender, home_page, **kwargs):
    from review.setup import ensure_review_setup

    ensure_review_setup()
