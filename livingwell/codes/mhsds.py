"""Accommodation and employment as the NHS Data Dictionary codes them (MHSDS and the Talking
Therapies data set use both), so that the third big outcome (taking part on an equal footing:
settled accommodation, work or volunteering) is counted as the national returns count it.

- SETTLED ACCOMMODATION INDICATOR: Y, N, Z (not stated); 9 is the default code "Not Known (Not
  Recorded)" (https://www.datadictionary.nhs.uk/data_elements/settled_accommodation_indicator.html).
- EMPLOYMENT STATUS: 01–08 and ZZ (not stated), the national codes of the NHS Data Dictionary's
  EMPLOYMENT STATUS attribute (datadictionary.nhs.uk, attributes/e/emp/employment_status_de).
"""

from __future__ import annotations

from django.db import models


class SettledAccommodation(models.TextChoices):
    YES = "Y", "Settled accommodation"
    NO = "N", "Not settled (for example homeless, a hostel, sofa surfing, or staying short term)"
    NOT_STATED = "Z", "Not stated (asked, but did not want to say)"
    NOT_KNOWN = "9", "Not known (not recorded)"


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "01", "Employed"
    UNEMPLOYED_SEEKING = "02", "Unemployed and actively seeking work"
    STUDENT = "03", "A student, not working or seeking work"
    LONG_TERM_SICK = "04", "Long-term sick or disabled"
    HOMEMAKER = "05", "Looking after the family or home"
    NOT_WORKING_NO_BENEFITS = "06", "Not receiving benefits, not working or seeking work"
    VOLUNTEERING = "07", "Unpaid voluntary work"
    RETIRED = "08", "Retired"
    NOT_STATED = "ZZ", "Not stated (asked, but did not want to say)"


# The third big outcome's "in work or volunteering" (the alliance's own reading of the codes).
IN_WORK_OR_VOLUNTEERING = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.VOLUNTEERING})
