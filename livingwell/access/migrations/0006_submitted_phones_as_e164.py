"""Store the phone kept with each submission as E.164, as people's own phones are (people 0003).

What a form or the API sent is compared with the record: both must be in the same form, or the
same number reads as a difference. The rule is people 0003's, used here as it is.
"""

from importlib import import_module

from django.db import migrations

people_phones = import_module("livingwell.people.migrations.0003_phones_as_e164")


def phones_as_e164(apps, schema_editor):
    people_phones.store_as_e164(apps.get_model("access", "SubmittedDetails"))


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_conversation_risk_level_reason"),
        ("people", "0003_phones_as_e164"),
    ]

    # Backwards, the numbers stay in E.164: every reader takes either form.
    operations = [migrations.RunPython(phones_as_e164, migrations.RunPython.noop)]
