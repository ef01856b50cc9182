"""Declines recorded before reasons were coded keep their words, coded "another reason"."""

from django.db import migrations


def code_old_declines(apps, schema_editor):
    ServiceIntroduction = apps.get_model("network", "ServiceIntroduction")
    ServiceIntroduction.objects.filter(status="declined", decline_code="").update(decline_code="other")


class Migration(migrations.Migration):
    dependencies = [("network", "0007_closed_loop")]

    operations = [migrations.RunPython(code_old_declines, migrations.RunPython.noop)]
