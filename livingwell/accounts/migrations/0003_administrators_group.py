"""The Administrators group: the admin site's model permissions, so no administrator is a superuser."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here as it was when written (livingwell/accounts/administrators.py holds the current list;
# a later migration changes the group when that list changes).
PERMISSIONS = (
    ("accounts", "organisation", ("add", "change", "view")),
    ("accounts", "user", ("add", "change", "view")),
    ("accounts", "membership", ("add", "change", "delete", "view")),
    ("network", "service", ("add", "change", "view")),
    ("api", "apitoken", ("add", "change", "view")),
)


def create_group(apps, schema_editor):
    # Permissions are normally made after every migration has run; make them now so the group
    # can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Administrators")
    for app_label, model, actions in PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Administrators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_add_referrer_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0002_service_introduction_without_hub"),
        ("api", "0001_api_tokens_and_idempotency"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
