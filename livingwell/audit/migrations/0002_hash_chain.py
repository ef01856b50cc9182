"""Chain the audit records: seq, previous_hash and hash on each, a head row, and the existing records sealed."""

import django.utils.timezone
from django.db import migrations, models

GENESIS_HASH = "0" * 64


def seal_existing(apps, schema_editor):
    """Chain the records written before the chain existed, oldest first (their id order)."""
    from livingwell.audit.chain import record_hash

    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    seq, previous = 0, GENESIS_HASH
    for event in event_model.objects.order_by("id").iterator(chunk_size=2000):
        seq += 1
        event.seq = seq
        event.previous_hash = previous
        event.hash = previous = record_hash(event)
        event.save(update_fields=["seq", "previous_hash", "hash"])
    head_model.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": previous})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default=GENESIS_HASH, max_length=64)),
            ],
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("create", "Created"),
                    ("update", "Changed"),
                    ("merge", "Merged"),
                    ("sign_in", "Signed in"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("list", "Listed"),
                    ("refused", "Refused"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
