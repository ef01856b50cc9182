"""Store every person's phone as E.164 (+447700900777), as the forms and the API now do.

Records kept before held phones as typed ("07700 900777"), so the same number read as a difference
beside a new submission, and sorted and searched two ways. A phone that is not a number anyone
could be called on is left as it was, for the hub to correct with the person. The rule is
`lib.contact_details.normalise_phone`'s (pure, without Django).
"""

from django.db import migrations

from livingwell.lib.contact_details import InvalidPhoneNumber, normalise_phone


def store_as_e164(model):
    """Rewrite `model`'s phones in E.164 (access's submitted details use this too: one rule)."""
    for pk, phone in model.objects.exclude(phone="").values_list("pk", "phone").iterator():
        try:
            stored = normalise_phone(phone)
        except InvalidPhoneNumber:
            continue
        if stored != phone:
            model.objects.filter(pk=pk).update(phone=stored)


def phones_as_e164(apps, schema_editor):
    store_as_e164(apps.get_model("people", "Person"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_previous_family_names"),
    ]

    # Backwards, the numbers stay in E.164: every reader takes either form.
    operations = [migrations.RunPython(phones_as_e164, migrations.RunPython.noop)]
