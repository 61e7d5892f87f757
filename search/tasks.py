"""Background work for search (django-tasks; immediate in tests, a worker in production)."""

from django_tasks import task


@task()
def drain_outbox():
    from search.outbox import drain

    return drain().as_dict()


@task()
def reindex_all():
    """After a dictionary change every entry must be segmented again."""
    from search.rebuild import rebuild

    return rebuild().as_dict()
