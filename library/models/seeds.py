from django.db import models


class ReferenceSeed(models.Model):
    """A record that a reference row was loaded once.

    Loading reference data creates only rows it has never created before, so whatever
    editors later change, or delete, stays as they left it.
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_seed")]

    def __str__(self):
        return f"{self.kind}:{self.key}"
