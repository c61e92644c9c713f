"""Labels of taxonomy terms in other languages (additive: existing rows get {})."""

from django.db import migrations, models

HELP = (
    'Official labels in other languages, e.g. {"fr": "...", "de": "..."}; '
    "`name` is the English one (docs/i18n.md)"
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_organisation_name_index")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="labels",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=HELP,
            ),
        ),
        migrations.AddField(
            model_name="ecosystem",
            name="labels",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=HELP,
            ),
        ),
        migrations.AddField(
            model_name="s3priority",
            name="labels",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=HELP,
            ),
        ),
        migrations.AddField(
            model_name="technology",
            name="labels",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=HELP,
            ),
        ),
    ]
