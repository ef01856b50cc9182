"""NHS Data Dictionary codes recorded for a person, so that equity breakdowns are real."""

from __future__ import annotations

from django.db import models

from livingwell.lib import ethnicity


class Sex(models.TextChoices):
    """PERSON PHENOTYPIC SEX (NHS Data Dictionary)."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    INDETERMINATE = "9", "Indeterminate (unable to be classified as either male or female)"
    NOT_KNOWN = "X", "Not known (not recorded)"


# The words a person would use of themselves, for the same codes: the public form offers these,
# and the dashboards write them (the Data Dictionary's "Indeterminate (unable to be classified as
# either male or female)" is a clinician's term, not a person's).
SEX_IN_PLAIN_WORDS: dict[str, str] = {
    Sex.FEMALE.value: "Female",
    Sex.MALE.value: "Male",
    Sex.INDETERMINATE.value: "Intersex or another way",
    Sex.NOT_KNOWN.value: "I would rather not say",
}


class EthnicCategory(models.TextChoices):
    """ETHNIC CATEGORY (NHS Data Dictionary; 2001 Census categories, as MHSDS v5 records them)."""

    WHITE_BRITISH = "A", "White – British"
    WHITE_IRISH = "B", "White – Irish"
    WHITE_OTHER = "C", "White – Any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "D", "Mixed – White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "E", "Mixed – White and Black African"
    MIXED_WHITE_ASIAN = "F", "Mixed – White and Asian"
    MIXED_OTHER = "G", "Mixed – Any other mixed background"
    INDIAN = "H", "Asian or Asian British – Indian"
    PAKISTANI = "J", "Asian or Asian British – Pakistani"
    BANGLADESHI = "K", "Asian or Asian British – Bangladeshi"
    ASIAN_OTHER = "L", "Asian or Asian British – Any other Asian background"
    CARIBBEAN = "M", "Black or Black British – Caribbean"
    AFRICAN = "N", "Black or Black British – African"
    BLACK_OTHER = "P", "Black or Black British – Any other Black background"
    CHINESE = "R", "Other ethnic groups – Chinese"
    OTHER = "S", "Other ethnic groups – Any other ethnic group"
    NOT_STATED = "Z", "Not stated"
    NOT_KNOWN = "99", "Not known"


# The broad groups the equity views report by (Census 2021 high-level categories).
# Broad groups, as every page groups them (Census 2021): see livingwell/lib/ethnicity.py.
ETHNIC_GROUP = ethnicity.ETHNIC_GROUP


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
