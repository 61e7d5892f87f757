from django.db import migrations


class Migration(migrations.Migration):
    """The facet columns take the facets' names (industry, clause), as everywhere else."""

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="searchentry", old_name="industries", new_name="industry"
        ),
        migrations.RenameField(model_name="searchentry", old_name="clauses", new_name="clause"),
    ]
