"""The parameters of synthetic borough extracts, and the codes they are drawn as.

Kept apart from the drawing (`extracts.py`) because they are what one tunes and checks, not how
the arrays are drawn: most are copies of the ORM demo's `params.py`, which imports Django and so
cannot be imported by a generator that must run without a database (a test checks that the
copies agree); the rest are our own assumptions, each with its reason. Below them, the labels
the extract writes (service kinds, statuses, ethnic categories, age bands) and the parameters
turned into arrays indexed by those codes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from livingwell.analytics.kpis.population import CENSUS_GROUP, GROUPS
from livingwell.demo.extracts_arrays import Array
from livingwell.demo.london import BoroughProfile
from livingwell.lib.ages import AGE_BANDS
from livingwell.outcomes.instruments import get_instrument
from livingwell.outcomes.instruments.swemwbs_table import SWEMWBS_RAW_TO_METRIC

# --- Parameters copied from params.py (which imports Django, so cannot be imported here); a test
# checks that the copies agree. --------------------------------------------------------------------
SOURCE_WEIGHTS = {"A1": 50, "B1": 22, "B2": 4, "G4": 6, "H1": 5, "E1": 2, "C3": 4, "C1": 3, "D1": 2, "A3": 2}
BLUE_LIGHT = ("H1", "E1")  # A&E and police
CRISIS_SHARE_BLUE_LIGHT, URGENT_SHARE, CRISIS_TO_SPECIALIST_SHARE = 0.45, 0.15, 0.15
URGENCIES = ("crisis", "urgent", "routine")
STANDARD_HOURS = (4, 24, 28 * 24)  # DOMAIN.md §3, in URGENCIES order
FIRST_CONTACT_HOURS = {"crisis": (0.3, 1.5, 5.0), "urgent": (2.0, 10.0, 30.0), "routine": (4.0, 30.0, 160.0)}
EARLY_MONTHS_SLOWER = 2.0
NO_ANSWER_SHARE = 0.3
DECISION_WEIGHTS = {"introduced_on": 62, "signposted": 26, "closed": 12}
DECLINE_SHARE = 0.06
SPECIALIST_SHARE_FIRST = 0.10
KINDS = ("staying_well", "short_term_support", "focused_support", "talking_therapies", "peer_support",
         "timebank", "crisis_outreach", "specialist_care")  # network.ServiceKind values  # fmt: skip
STAYING_WELL, SHORT_TERM, FOCUSED, TALKING, PEER, TIMEBANK, CRISIS, SPECIALIST = range(len(KINDS))
EARLY_DESTINATION_WEIGHTS = {"short_term_support": 30, "talking_therapies": 25, "focused_support": 9,
                             "staying_well": 16, "peer_support": 10, "timebank": 10}  # fmt: skip
SESSIONS = {"staying_well": (1, 3, 14), "short_term_support": (3, 6, 7), "focused_support": (6, 12, 14),
            "talking_therapies": (4, 10, 7), "peer_support": (2, 6, 7), "timebank": (2, 5, 14),
            "crisis_outreach": (2, 5, 1), "specialist_care": (4, 10, 21)}  # fmt: skip
# Except: specialist care, Focused Support and Crisis Outreach run longer here than in params.py
# (which keeps the ORM demo small): a community mental health team or Focused Support works with
# someone for months, fortnightly; Crisis Outreach visits near-daily for a week or two. Early help
# and Talking Therapies keep params.py's shape, so the early-help measures compare like with like.
SESSIONS |= {"focused_support": (8, 24, 14), "specialist_care": (6, 26, 14), "crisis_outreach": (3, 14, 1)}
DID_NOT_ATTEND_SHARE = 0.1
DAYS_TO_ACCEPT = {"hub": (1, 7), "direct": (14, 45)}
SEX_WEIGHTS = {"2": 57, "1": 41, "9": 0.5, "X": 1.5}
PREVIOUSLY_KNOWN_SHARE = 0.33
RETURNING_SHARE = 0.08
# Direct introductions a month for a borough of Lambeth's adults, before and after its hub opens
# (params.py PRE_HUB_*/POST_HUB_*). Talking Therapies is our addition (an assumption): without a
# hub, GPs refer to it directly, so boroughs without one still have Talking Therapies outcomes.
DIRECT_PER_MONTH = {SPECIALIST: (100, 4), CRISIS: (60, 40), STAYING_WELL: (25, 0), TALKING: (40, 0)}

# --- Our own assumptions, beyond params.py ------------------------------------------------------
# The hub ramps up as the demo's does: 250 → 450 in six months, → 620 over the next 18 (params.py),
# as shares of the settled rate.
RAMP = ((0, 250 / 620), (6, 450 / 620), (24, 1.0))
UNREACHED_SHARE = 0.04  # non-crisis introductions never reached: closed after attempts over 2 weeks
FAILED_ATTEMPTS = ((0, 1, 2, 3), (1 - NO_ANSWER_SHARE, 0.2, 0.07, 0.03))  # before the first 'spoke'
FOLLOW_UPS = ((0, 1, 2, 3), (0.35, 0.35, 0.2, 0.1))  # further contacts while in conversation
WALK_INS_PER_MONTH = 4  # peer support and timebank episodes begun without an introduction
HUB_WELLBEING_SHARE = 0.05  # SWEMWBS at the hub's first conversation, outside any episode
WELLBEING_EPISODE_SHARE = 0.5  # early-help and Focused Support episodes scoring SWEMWBS
CANCELLED_SHARE = 0.03
# Schema 3's network columns (our assumptions). Why services decline (network.DeclineReason values):
# mostly eligibility and needs better met elsewhere, some for capacity, a few otherwise.
DECLINE_REASONS = {"not_eligible": 30, "needs_elsewhere": 25, "no_capacity": 15, "out_of_area": 8,
                   "person_declined": 10, "no_contact": 7, "other": 5}  # fmt: skip
# How episodes end (support.DischargeReason values): most with goals met.
DISCHARGE_REASONS = {"goals_met": 55, "introduced_elsewhere": 10, "disengaged": 15, "declined_further": 8,
                     "moved_away": 4, "died": 0.5, "other": 7.5}  # fmt: skip
# Direct introductions (other than crises) made by a partner organisation rather than a GP.
PARTNER_SHARE = 0.25
# People with an episode whose support plan records their circumstances, within four weeks of their
# first acceptance; of those, the share with each recorded, and the codes (NHS Data Dictionary
# SETTLED ACCOMMODATION INDICATOR and EMPLOYMENT STATUS) drawn in these proportions.
CIRCUMSTANCES_SHARE = 0.6
ACCOMMODATION_RECORDED_SHARE, EMPLOYMENT_RECORDED_SHARE = 0.9, 0.85
ACCOMMODATION_WEIGHTS = {"Y": 78, "N": 14, "Z": 4, "9": 4}
EMPLOYMENT_WEIGHTS = {"01": 34, "02": 12, "03": 7, "04": 20, "05": 6, "06": 5, "07": 4, "08": 8, "ZZ": 4}
# Schema 4's personal goals (our assumptions): a share of episodes set goals (one to three each,
# within four weeks of acceptance), each serving one big outcome (outcomes.BigOutcome values) in
# these proportions; a share of goals is achieved, on average this many days after being set.
GOALS_SHARE = 0.5
GOALS_PER_EPISODE = (1, 3)  # fewest, most
BIG_OUTCOME_WEIGHTS = {"recover": 45, "choices": 30, "participate": 25}
GOAL_ACHIEVED_SHARE = 0.45
GOAL_ACHIEVED_DAYS = 70
# Schema 5's Friends and Family Test answers (our assumptions): a share of the people whose episode
# ends answer the FFT then (community mental health response rates are low), in these proportions
# of its six answers (voice.FeedbackAnswer: 1 Very good ... 5 Very poor, 6 Don't know), near the
# high eighties percentage positive that mental health services report.
FFT_ANSWER_SHARE = 0.15
FFT_ANSWER_WEIGHTS = {1: 62, 2: 24, 3: 5, 4: 3, 5: 2, 6: 4}
# Recovery gaps as outcomes/synthetic.py draws them for the demo borough.
RECOVERY_GAP = {"Black": -0.08, "Mixed or other": -0.04}
YOUNG_RECOVERY_GAP = -0.05
# How the Census 2021 broad groups divide into ethnic category codes: London-wide approximate
# shares, the same for every borough (an assumption; only the broad groups are reported).
WITHIN_GROUP = {
    "White": {"A": 70, "B": 3, "C": 27}, "Black": {"M": 33, "N": 55, "P": 12},
    "Asian": {"H": 38, "J": 14, "K": 18, "L": 20, "R": 10},
    "Mixed or other": {"D": 12, "E": 9, "F": 10, "G": 14, "S": 55},
}  # fmt: skip
NOT_RECORDED = {"Z": 3.0, "99": 1.0}  # percent of people with no ethnicity recorded
# Age at a person's first introduction, by AGE_BANDS (params.AGE_WEIGHTS spread over the ONS bands).
AGE_WEIGHTS = {"18 to 24": 16, "25 to 34": 27.3, "35 to 44": 21.7, "45 to 54": 16, "55 to 64": 11,
               "65 and over": 8}  # fmt: skip
CONTACT_METHODS = ("phone", "video", "in_person", "text", "email")

_PHQ9, _GAD7 = get_instrument("PHQ-9"), get_instrument("GAD-7")
if _PHQ9.cutoff is None or _GAD7.cutoff is None:  # pragma: no cover - both have published cut-offs
    raise ImportError("PHQ-9 and GAD-7 need their caseness cut-offs")
PHQ9_CASE, GAD7_CASE = int(_PHQ9.cutoff.threshold), int(_GAD7.cutoff.threshold)
SWEMWBS_METRIC = np.array([SWEMWBS_RAW_TO_METRIC.get(raw, np.nan) for raw in range(36)])


# --- Codes: the extract's labels, and the parameters as arrays indexed by code ------------------
def _ethnic_codes() -> tuple[list[str], list[str]]:
    codes = [c for g in GROUPS for c in WITHIN_GROUP[g]] + list(NOT_RECORDED)
    return codes, [CENSUS_GROUP.get(c, "") for c in codes]


ETHNIC_CODES, ETHNIC_GROUPS = _ethnic_codes()
BLACK = np.array([g == "Black" for g in ETHNIC_GROUPS])
RECOVERY_GAP_BY_CODE = np.array([RECOVERY_GAP.get(g, 0.0) for g in ETHNIC_GROUPS])


def ethnicity_weights(p: BoroughProfile, black_multiplier: float = 1.0) -> Array:
    """Return a weight per ETHNIC_CODES entry from the borough's mix (Black weighted if asked)."""
    recorded = (100 - sum(NOT_RECORDED.values())) / sum(p.mix.values())
    weights = []
    for g in GROUPS:
        share = recorded * p.mix[g] * (black_multiplier if g == "Black" else 1.0)
        weights += [share * w / sum(WITHIN_GROUP[g].values()) for w in WITHIN_GROUP[g].values()]
    return np.array(weights + list(NOT_RECORDED.values()))


def _codes(names: Iterable[str]) -> Array:
    return np.array([KINDS.index(n) for n in names])


INTRODUCTION_STATUSES = ("awaiting_contact", "in_conversation", "introduced_on", "signposted", "closed")
AWAITING, IN_CONVERSATION, INTRODUCED_ON = 0, 1, 2
SERVICE_STATUSES = ("pending", "accepted", "declined")  # network.ServiceIntroductionStatus
SESSION_KINDS = ("assessment", "treatment", "review", "group")  # support.SessionKind
ATTENDANCES = ("attended", "dna", "cancelled")  # support.SessionAttendance
CONTACT_OUTCOMES = ("spoke", "no_answer", "left_message", "wrong_details")  # access.ContactOutcome
EARLY_KINDS = _codes(EARLY_DESTINATION_WEIGHTS)
SESSION_SHAPE = np.array([SESSIONS[k] for k in KINDS])  # least, most, days between, per kind
AGE_LOWS = np.array([low for low, _ in AGE_BANDS])
AGE_LABELS = [label for _, label in AGE_BANDS]
