"""Every audit record is in the chain: seq is required and unique.

Apart from 0002 so that, on PostgreSQL, the table is altered in a transaction with no pending
updates from the sealing step.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True),
        ),
    ]
