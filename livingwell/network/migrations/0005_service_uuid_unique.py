import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("network", "0004_services_get_their_ids")]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, verbose_name="the standard's id"),
        ),
    ]
