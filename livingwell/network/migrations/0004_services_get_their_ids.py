"""Every service recorded before the directory gets a stable standard id and a provider.

A migration of its own, between adding the column and making it unique: on PostgreSQL a table
cannot be altered in the transaction that updated its rows' deferred foreign keys.
"""

import uuid

from django.db import migrations

# The namespace of livingwell.network.taxonomy, written out: a migration must not import app code
# that can change after it.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://livingwell.example/directory")


def give_existing_services_their_ids(apps, schema_editor):
    """Each service gets a stable standard id, and its partner becomes its provider in the directory."""
    Service = apps.get_model("network", "Service")
    Provider = apps.get_model("network", "Provider")
    providers = {}
    for service in Service.objects.select_related("organisation").order_by("pk"):
        organisation = service.organisation
        if organisation.pk not in providers:
            providers[organisation.pk], _ = Provider.objects.get_or_create(
                id=uuid.uuid5(NAMESPACE, f"organization/{organisation.name}"),
                defaults={"name": organisation.name, "description": organisation.name},
            )
        service.uuid = uuid.uuid5(NAMESPACE, f"service/{service.name}")
        service.provider = providers[organisation.pk]
        service.save(update_fields=["uuid", "provider"])


class Migration(migrations.Migration):
    dependencies = [("network", "0003_directory_in_open_referral_uk")]

    operations = [migrations.RunPython(give_existing_services_their_ids, migrations.RunPython.noop)]
