import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_introduction_referrer_details"),
        ("people", "0002_person_previous_family_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SubmittedDetails",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("given_name", models.CharField(max_length=100)),
                ("family_name", models.CharField(max_length=100)),
                ("date_of_birth", models.DateField()),
                ("nhs_number", models.CharField(blank=True, max_length=10)),
                ("postcode", models.CharField(blank=True, max_length=8)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("phone", models.CharField(blank=True, max_length=30)),
                (
                    "preferred_contact",
                    models.CharField(
                        choices=[
                            ("phone", "Phone call"),
                            ("text", "Text message"),
                            ("email", "Email"),
                            ("letter", "Letter"),
                        ],
                        default="phone",
                        max_length=10,
                    ),
                ),
                ("contact_times", models.CharField(blank=True, max_length=200)),
                ("language", models.CharField(default="English", max_length=60)),
                ("interpreter_needed", models.BooleanField(default=False)),
                (
                    "sex",
                    models.CharField(
                        choices=[
                            ("1", "Male"),
                            ("2", "Female"),
                            ("9", "Indeterminate (unable to be classified as either male or female)"),
                            ("X", "Not known (not recorded)"),
                        ],
                        default="X",
                        max_length=2,
                    ),
                ),
                (
                    "ethnicity",
                    models.CharField(
                        choices=[
                            ("A", "White – British"),
                            ("B", "White – Irish"),
                            ("C", "White – Any other White background"),
                            ("D", "Mixed – White and Black Caribbean"),
                            ("E", "Mixed – White and Black African"),
                            ("F", "Mixed – White and Asian"),
                            ("G", "Mixed – Any other mixed background"),
                            ("H", "Asian or Asian British – Indian"),
                            ("J", "Asian or Asian British – Pakistani"),
                            ("K", "Asian or Asian British – Bangladeshi"),
                            ("L", "Asian or Asian British – Any other Asian background"),
                            ("M", "Black or Black British – Caribbean"),
                            ("N", "Black or Black British – African"),
                            ("P", "Black or Black British – Any other Black background"),
                            ("R", "Other ethnic groups – Chinese"),
                            ("S", "Other ethnic groups – Any other ethnic group"),
                            ("Z", "Not stated"),
                            ("99", "Not known"),
                        ],
                        default="99",
                        max_length=2,
                    ),
                ),
                (
                    "consent_share_alliance",
                    models.BooleanField(default=False, verbose_name="agrees to share with alliance partners"),
                ),
                (
                    "consent_share_gp",
                    models.BooleanField(default=False, verbose_name="agrees to share with their GP"),
                ),
                (
                    "match",
                    models.CharField(
                        choices=[
                            ("new", "No record found: a new record was made from what was sent"),
                            ("matched", "Matched: the NHS number, date of birth and family name agree"),
                            ("possible", "Possible match: a new record was made for the hub to check"),
                        ],
                        max_length=10,
                    ),
                ),
                ("applied_at", models.DateTimeField(blank=True, null=True)),
                ("applied_fields", models.JSONField(blank=True, default=list)),
                (
                    "applied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "introduction",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submitted",
                        to="access.introduction",
                    ),
                ),
                (
                    "possible_match",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.person",
                    ),
                ),
            ],
            options={"verbose_name_plural": "submitted details"},
        ),
    ]
