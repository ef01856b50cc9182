"""The shape of a borough's pseudonymised analytic extract: one Parquet folder per table.

Every borough's extract has this shape, whether `livingwell extract` wrote it from the operational
database or the synthetic generator wrote it straight to Parquet, so that a pan-London exchange of
extracts is a folder of folders and every KPI runs on all of them alike.

On disk::

    <root>/<ONS borough code>/manifest.json
    <root>/<ONS borough code>/<table>/batch-000001.parquet, batch-000002.parquet, ...
    <root>/.<ONS borough code>.lock      held by a `livingwell extract` run while it writes

The folder is named by the manifest's `ons_code` (a reader refuses one that is not, so a copied
folder cannot count a borough twice). Rows sit in the order of their key, never of a database id.

An incremental run adds a batch holding the rows that are new or changed since the last one. A row's
latest version is the one in the highest batch (`batch` column), which is how `store.py` reads them.

What is *not* here is the point: no names, dates of birth, NHS numbers, postcodes, contact details,
references or free text. People and records appear only as keyed pseudonyms (`*_key`, 64-bit keyed
hashes: the same person has the same key in every batch of one borough, and no key can be turned back
into an identifier without the borough's secret). Age is a band at the introduction, never a date.
Times are UTC instants; `month` is the Europe/London calendar month they fall in (its first day), and
`month_index` is year × 12 + month − 1, so that "the 12 months before" is integer arithmetic that
every SQL engine does alike.
"""

from __future__ import annotations

import pyarrow as pa

# 2: episodes carry the service they are with (`service_id`) and the age band at acceptance.
# 3: service introductions carry their service (`service_id`), when they were answered
#    (`responded_at`), why declined (`decline_code`) and whether a partner made them (`from_partner`);
#    episodes their `discharge_reason`; and a new table, `circumstances` (accommodation and work).
# 4: a new table, `goals` (personal goals: their big outcome, when set and when achieved).
# 5: a new table, `feedback` (Friends and Family Test answers: service, answer code, month); and
#    people who asked to be left out (Person.extract_opt_out) are left out of every table, their
#    number in the manifest's `left_out` (docs/opting-out.md).
SCHEMA_VERSION = 5
UTC_INSTANT = pa.timestamp("us", tz="UTC")
KEY = pa.int64()

TABLES: dict[str, pa.Schema] = {
    # One row per person (pseudonymised). Groups are NHS Data Dictionary codes.
    "people": pa.schema(
        [
            ("person_key", KEY),
            ("ethnicity", pa.string()),  # ETHNIC CATEGORY code: A..S, Z, 99
            ("sex", pa.string()),  # PERSON PHENOTYPIC SEX code as the platform records it
            ("previously_known", pa.bool_()),  # to specialist care; null = not yet checked
            ("batch", pa.int32()),
        ]
    ),
    # Hub introductions (access.Introduction).
    "introductions": pa.schema(
        [
            ("introduction_key", KEY),
            ("person_key", KEY),
            ("received_at", UTC_INSTANT),
            ("month", pa.date32()),
            ("month_index", pa.int32()),
            ("source", pa.string()),  # SOURCE OF REFERRAL FOR MENTAL HEALTH code (A1..Q1)
            ("urgency", pa.string()),  # crisis | urgent | routine
            ("status", pa.string()),  # IntroductionStatus value
            ("decided_at", UTC_INSTANT),  # null while open
            ("age_band", pa.string()),  # at receipt: Under 18, 18 to 24, ..., 65 and over
            ("standard_hours", pa.int32()),  # the response standard for its urgency when extracted
            ("batch", pa.int32()),
        ]
    ),
    # Contact attempts on hub introductions (access.ContactAttempt).
    "contacts": pa.schema(
        [
            ("contact_key", KEY),
            ("introduction_key", KEY),
            ("contacted_at", UTC_INSTANT),
            ("month", pa.date32()),
            ("month_index", pa.int32()),
            ("method", pa.string()),
            ("outcome", pa.string()),  # spoke | no_answer | left_message | wrong_details
            ("batch", pa.int32()),
        ]
    ),
    # Introductions to services (network.ServiceIntroduction): by the hub, or direct when
    # introduction_key is null.
    "service_introductions": pa.schema(
        [
            ("service_introduction_key", KEY),
            ("introduction_key", KEY),  # null = direct (not through the hub)
            ("person_key", KEY),
            ("service_kind", pa.string()),  # ServiceKind value
            ("made_at", UTC_INSTANT),
            ("month", pa.date32()),
            ("month_index", pa.int32()),
            ("status", pa.string()),
            ("service_id", KEY),  # network.Service's own id (see episodes); null in synthetic extracts
            ("responded_at", UTC_INSTANT),  # accepted or declined; null while waiting
            ("decline_code", pa.string()),  # DeclineReason value; null unless declined (or not coded)
            ("from_partner", pa.bool_()),  # made by a partner organisation straight to another's service
            ("batch", pa.int32()),
        ]
    ),
    # Episodes of support (support.Episode).
    "episodes": pa.schema(
        [
            ("episode_key", KEY),
            ("person_key", KEY),
            ("service_introduction_key", KEY),  # null when begun without one
            ("service_kind", pa.string()),
            # The service's own id (network.Service): a service is an organisation's offer, not a
            # person, so it needs no pseudonym. Null in synthetic extracts, which have no services.
            ("service_id", KEY),
            ("accepted_at", UTC_INSTANT),
            ("discharged_at", UTC_INSTANT),  # null while open
            ("discharged_month", pa.date32()),
            ("age_band", pa.string()),  # at acceptance (London day), as the outcomes summary breaks down
            ("discharge_reason", pa.string()),  # DischargeReason value; null while open (or not given)
            ("batch", pa.int32()),
        ]
    ),
    # Sessions of an episode (support.Session).
    "sessions": pa.schema(
        [
            ("session_key", KEY),
            ("episode_key", KEY),
            ("held_at", UTC_INSTANT),
            ("month", pa.date32()),
            ("month_index", pa.int32()),
            ("kind", pa.string()),  # SessionKind value
            ("attendance", pa.string()),  # SessionAttendance value
            ("batch", pa.int32()),
        ]
    ),
    # Completed questionnaire scores (outcomes.QuestionnaireResponse with status completed and no
    # goal: goal ratings are not scores of an instrument).
    "scores": pa.schema(
        [
            ("score_key", KEY),
            ("episode_key", KEY),  # null when not within an episode
            ("person_key", KEY),
            ("instrument", pa.string()),  # PHQ-9, GAD-7, CORE-10, SWEMWBS, ...
            ("completed_at", UTC_INSTANT),
            ("month", pa.date32()),
            ("total", pa.float64()),  # the reported value: the total, or SWEMWBS's metric score
            ("batch", pa.int32()),
        ]
    ),
    # A person's accommodation and work as their support plan records them now (support.SupportPlan),
    # one row per plan: NHS Data Dictionary codes, each with the (London) day it was recorded.
    "circumstances": pa.schema(
        [
            ("person_key", KEY),
            ("settled_accommodation", pa.string()),  # SETTLED ACCOMMODATION INDICATOR: Y, N, Z, 9
            ("accommodation_recorded_at", pa.date32()),  # null when not recorded
            ("employment_status", pa.string()),  # EMPLOYMENT STATUS: 01..08, ZZ
            ("employment_recorded_at", pa.date32()),  # null when not recorded
            ("batch", pa.int32()),
        ]
    ),
    # Personal goals (outcomes.Goal), one row per goal: the big outcome it serves, the (London)
    # month it was set and when it was achieved. Never its description (the person's own words).
    "goals": pa.schema(
        [
            ("goal_key", KEY),
            ("person_key", KEY),
            ("big_outcome", pa.string()),  # BigOutcome value: recover | choices | participate
            ("set_month", pa.date32()),  # the London month it was set in (its first day)
            ("achieved_at", UTC_INSTANT),  # null until achieved
            ("achieved_month", pa.date32()),  # the London month it was achieved in; null until then
            ("batch", pa.int32()),
        ]
    ),
    # Friends and Family Test answers (voice.Feedback): the service, the answer's code and the
    # (London) month it was given in. Never the words ("what would have made it better"), the
    # person, the episode or the instant: an answer is anonymous, and stays so here.
    "feedback": pa.schema(
        [
            ("feedback_key", KEY),
            ("service_id", KEY),  # network.Service's own id; null when the service is not known
            ("answer", pa.int32()),  # FeedbackAnswer: 1 Very good ... 5 Very poor, 6 Don't know
            ("month", pa.date32()),
            ("month_index", pa.int32()),
            ("batch", pa.int32()),
        ]
    ),
}

# The key that identifies a row across batches, per table.
PRIMARY_KEYS: dict[str, str] = {
    "people": "person_key",
    "introductions": "introduction_key",
    "contacts": "contact_key",
    "service_introductions": "service_introduction_key",
    "episodes": "episode_key",
    "sessions": "session_key",
    "scores": "score_key",
    "circumstances": "person_key",
    "goals": "goal_key",
    "feedback": "feedback_key",
}


# Columns whose names would betray an identifier: a test checks that no extract carries them.
FORBIDDEN_COLUMNS = frozenset(
    {
        "given_name", "family_name", "name", "date_of_birth", "nhs_number", "postcode", "email",
        "phone", "address", "reference", "note", "whats_going_on", "decision_note", "referrer_name",
        "referrer_contact", "referrer_risk", "strengths", "what_matters", "risk_summary", "contact_times",
        "description", "better",
    }
)  # fmt: skip


# The manifest (manifest.json) beside the tables: who the borough is and what the extract holds.
# A reader requires ons_code, borough, population.adults and batches (and every file they list).
#   schema_version   SCHEMA_VERSION
#   ons_code         the ONS local authority code, e.g. "E09000022"
#   borough          the borough's name
#   synthetic        true for generated extracts
#   population       {"as_of": "2021-03-21", "source": "...", "adults": {group: count, ...}}
#                    adults by Census 2021 broad ethnic group (see kpis/population.py)
#   batches          [{"batch": 1, "extracted_at": "...Z", "rows": {table: n}}, ...]
#   hub_opened       the first month with a hub introduction ("YYYY-MM-01"), or null
#   practice         free words on how the borough works (synthetic extracts say how they differ)
#   left_out         {"people": n, "check": "..."}: how many people asked to be left out of the
#                    extract (and are), and a digest of their keys that says when the set changed
#                    (an operational extract only; docs/opting-out.md)
