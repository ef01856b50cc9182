from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="previous_family_names",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
