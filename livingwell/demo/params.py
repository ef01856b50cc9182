"""Every parameter of the synthetic borough's history, in one place, each with its source.

Sources are the facts gathered in /work/shared/DOMAIN.md (§1 the Lambeth results, §3 the waiting
standards, §5 the synthetic borough). Where a number is our assumption rather than a published
figure, it says so; change it here and nowhere else.
"""

from __future__ import annotations

from livingwell.codes import Source
from livingwell.network.models import ServiceKind

# --- Time -------------------------------------------------------------------------------------
# The hub opens at the start of month index 12 (the 13th month): months 0–11 have no hub
# (DOMAIN.md §1: the Hub opened in 2013; the seed's "first 12 months" are the year before).
HUB_OPENS_MONTH = 12

# --- Before the hub ---------------------------------------------------------------------------
# GPs introduce about 100 people a month straight to specialist care (DOMAIN.md §1 and §5:
# "Before the Hub (2012) about 100 a month went on to specialist care").
PRE_HUB_SPECIALIST_PER_MONTH = 100
# Crises reach Crisis Outreach directly from A&E and the police. Assumption: 60 a month before the
# hub, falling to 40 once early help reaches people sooner (the direction DOMAIN.md §1 reports; the
# size is ours).
PRE_HUB_CRISIS_PER_MONTH = 60
POST_HUB_DIRECT_CRISIS_PER_MONTH = 40
# A small community offer existed before the hub (assumption): people introduced themselves to it.
PRE_HUB_STAYING_WELL_PER_MONTH = 25
# After the hub opens, a few GPs still refer direct to specialist care (assumption: 4 a month).
POST_HUB_DIRECT_SPECIALIST_PER_MONTH = 4

# --- After the hub ----------------------------------------------------------------------------
# Introductions to the access point: ≈240 per 100,000 adults a month, 450–620 a month
# (DOMAIN.md §5); 2021/22 ≈ 620 a month (DOMAIN.md §1). The hub ramps up from its first month.
HUB_FIRST_MONTH_INTRODUCTIONS = 250
HUB_INTRODUCTIONS_AFTER_RAMP = 450  # reached RAMP_MONTHS after opening
HUB_INTRODUCTIONS_AT_END = 620  # reached in the last month of a 36-month history
RAMP_MONTHS = 6
# Share of hub introductions the hub introduces on to specialist care: falling from 10% to 2%
# as the hub learns to help people itself, so that onward introductions reach about 20 a month
# (DOMAIN.md §1: "fell from about 100 a month to 20").
SPECIALIST_SHARE_FIRST = 0.10
SPECIALIST_SHARE_SETTLED = 0.02
# Crises the hub takes: most go to Crisis Outreach, some straight on to specialist care (assumption).
CRISIS_TO_SPECIALIST_SHARE = 0.15

# Where hub introductions come from: "most introductions come from GPs; people can introduce
# themselves" (DOMAIN.md §1). The split is our assumption.
SOURCE_WEIGHTS: dict[str, float] = {
    Source.GP: 50, Source.SELF: 22, Source.CARER: 4, Source.VOLUNTARY_SECTOR: 6,
    Source.EMERGENCY_DEPARTMENT: 5, Source.POLICE: 2, Source.HOUSING: 4, Source.SOCIAL_SERVICES: 3,
    Source.EMPLOYER: 2, Source.OTHER_PRIMARY_CARE: 2,
}  # fmt: skip
# Crisis share of hub introductions (assumption), much higher for A&E and police routes.
CRISIS_SHARE = 0.05
CRISIS_SHARE_BLUE_LIGHT = 0.45
URGENT_SHARE = 0.15

# Black residents reach help more often through crisis than through their GP (DOMAIN.md §5:
# nationally detained at ≈3.5 times the rate of White people). Multiplier on A&E/police routes
# and on the chance of a crisis, for the Black groups (M, N, P).
CRISIS_ROUTE_MULTIPLIER = {"M": 3.0, "N": 3.0, "P": 3.0}

# Where the hub introduces people on (non-crisis, not specialist), relative weights (assumption
# shaped by 2021/22: Short Term Support 2,082, Focused Support 567, Talking Therapies the largest).
EARLY_DESTINATION_WEIGHTS: dict[str, float] = {
    ServiceKind.SHORT_TERM_SUPPORT: 30, ServiceKind.TALKING_THERAPIES: 25, ServiceKind.FOCUSED_SUPPORT: 9,
    ServiceKind.STAYING_WELL: 16, ServiceKind.PEER_SUPPORT: 10, ServiceKind.TIMEBANK: 10,
}  # fmt: skip
# What the hub decides for an introduction (assumption): introduced on, signposted, closed.
DECISION_WEIGHTS: dict[str, float] = {"introduced_on": 62, "signposted": 26, "closed": 12}
DECLINE_SHARE = 0.06  # services decline a few introductions (assumption)

# Hours from receipt to first contact, per urgency (DOMAIN.md §3 standards: crisis 4 h, urgent
# 24 h, routine 4 weeks; §1: "waiting went from at least a month to days"). (low, mode, high) for
# a triangular draw; the first months after opening are slower.
FIRST_CONTACT_HOURS = {"crisis": (0.3, 1.5, 5.0), "urgent": (2.0, 10.0, 30.0), "routine": (4.0, 30.0, 160.0)}
EARLY_MONTHS_SLOWER = 2.0  # waits are this many times longer in the hub's first 3 months
NO_ANSWER_SHARE = 0.3  # first attempts that reach no one (assumption)

# Sessions per episode by kind of service: (min, max, days between) — assumption from the usual
# shape of each offer (Talking Therapies 6–10 weekly; Short Term Support up to 6 weeks).
SESSIONS: dict[str, tuple[int, int, int]] = {
    ServiceKind.STAYING_WELL: (1, 3, 14), ServiceKind.SHORT_TERM_SUPPORT: (3, 6, 7),
    ServiceKind.FOCUSED_SUPPORT: (6, 12, 14), ServiceKind.TALKING_THERAPIES: (4, 10, 7),
    ServiceKind.PEER_SUPPORT: (2, 6, 7), ServiceKind.TIMEBANK: (2, 5, 14),
    ServiceKind.CRISIS_OUTREACH: (2, 5, 1), ServiceKind.SPECIALIST_CARE: (4, 10, 21),
}  # fmt: skip
DID_NOT_ATTEND_SHARE = 0.1
DAYS_TO_ACCEPT = {"hub": (1, 7), "direct": (14, 45)}  # before the hub, people waited weeks

# --- People -----------------------------------------------------------------------------------
# Lambeth, Census 2021 (DOMAIN.md §5): White 55% (British/Irish ~40, other ~15), Black 24%
# (African 11.5, Caribbean 8.8, other ~3.7), Asian 7%, Mixed and other 14%.
ETHNICITY_WEIGHTS = {
    "A": 38, "B": 2, "C": 15, "N": 11.5, "M": 8.8, "P": 3.7, "H": 2, "J": 1, "K": 1.5, "L": 2.5,
    "D": 2.5, "E": 2, "F": 1.5, "G": 2.5, "R": 1, "S": 3.5, "Z": 1,
}  # fmt: skip
# Sex (NHS DD phenotypic sex); more women than men come forward (assumption).
SEX_WEIGHTS = {"2": 57, "1": 41, "9": 0.5, "X": 1.5}
# Age bands (lower, upper, weight): 41% of residents aged 20–39 (DOMAIN.md §5).
AGE_WEIGHTS = [(18, 24, 16), (25, 39, 41), (40, 54, 24), (55, 64, 11), (65, 90, 8)]
# Previously known to specialist care: Lambeth reports over 60% of people helped before crisis
# were unknown (DOMAIN.md §1), so about a third are known (assumption: 33%).
PREVIOUSLY_KNOWN_SHARE = 0.33
# Share of hub introductions for someone already seen before the hub (assumption).
RETURNING_SHARE = 0.08
HAS_NHS_NUMBER_SHARE = 0.8
