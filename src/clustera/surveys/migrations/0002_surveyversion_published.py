from django.db import migrations, models
from django.db.models import F


def publish_existing(apps, schema_editor):
    """Versions stored before the builder were all live: mark them published when created."""
    version = apps.get_model("surveys", "SurveyVersion")
    version.objects.filter(published__isnull=True).update(published=F("created"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="surveyversion",
            name="published",
            field=models.DateTimeField(
                blank=True, help_text="When the version was published (empty: a draft)", null=True
            ),
        ),
        migrations.RunPython(publish_existing, migrations.RunPython.noop),
    ]
