from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0007_index_state_token")]

    operations = [
        # Changes only when the entries or their facet values do (search.indexing.mark_changed).
        migrations.AddField(
            model_name="indexstate",
            name="facets",
            field=models.BigIntegerField(default=0),
        ),
    ]
