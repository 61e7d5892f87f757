"""The few reactions that connect one app to another, kept here so neither app imports the other."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.models import CaseRecognition
from search.outbox import enqueue


@receiver(post_save, sender=CaseRecognition, dispatch_uid="recognition_reindexes_case")
@receiver(post_delete, sender=CaseRecognition, dispatch_uid="recognition_withdrawn_reindexes_case")
def reindex_recognised_case(sender, instance, **kwargs):
    """A decision (or its withdrawal) shows in the search facet 认定结果 right away."""
    enqueue([instance.case_id], "recognition")
