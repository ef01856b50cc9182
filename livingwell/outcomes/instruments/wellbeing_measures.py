"""Wellbeing and quality-of-life measures, where higher is better: WEMWBS, SWEMWBS, ReQoL-10.

Every number carries its source. "Checked against" names what was read to confirm it.
"""

from livingwell.outcomes.instruments.definitions import (
    Band,
    ClinicalCutoff,
    Comparison,
    Improvement,
    InstrumentDefinition,
    ReliableChange,
    Scoring,
)

# Jacobson & Truax (1991): a change is reliable when it exceeds 1.96 x sqrt(2) x SEM, i.e.
# 2.77 standard errors of measurement, which is the "2.77 SEM" threshold the WEMWBS and SWEMWBS
# responsiveness papers below report.
_JACOBSON_TRUAX_SEM_MULTIPLIER = 2.77

# Maheswaran, Weich, Powell & Stewart-Brown (2012) Health Qual Life Outcomes 10:156, abstract:
# across twelve intervention studies the WEMWBS "SEM ranged from 2.4 to 3.1 units". No single
# value is published, so we take the largest SEM (the cautious choice): 2.77 x 3.1 = 8.587, so
# on whole-number totals a change of 9 or more is reliable.
_WEMWBS_LARGEST_PUBLISHED_SEM = 3.1

WEMWBS = InstrumentDefinition(
    code="WEMWBS",
    name="Warwick-Edinburgh Mental Wellbeing Scale (14 items)",
    item_count=14,
    answer_min=1,
    answer_max=5,
    scoring=Scoring.SUM,
    improvement=Improvement.INCREASE,
    # Warwick Medical School scoring guidance: "The total score is obtained by summing the
    # score for each of the 14 items ... 1-5 and the total score from 14-70." All items are
    # positively worded (Tennant et al. 2007), so none is reversed.
    value_min=14,
    value_max=70,
    # No clinical cut-off or severity bands are published for WEMWBS, so none are applied.
    reliable_change=ReliableChange(
        Comparison.AT_LEAST,
        _JACOBSON_TRUAX_SEM_MULTIPLIER * _WEMWBS_LARGEST_PUBLISHED_SEM,
        "Jacobson-Truax 2.77 x SEM, SEM 3.1 (upper end) from Maheswaran et al. (2012) HQLO 10:156",
    ),
    # No prorating: we found no published prorating rule for WEMWBS, so a missing item is an
    # error rather than a guess.
)

SWEMWBS = InstrumentDefinition(
    code="SWEMWBS",
    name="Short Warwick-Edinburgh Mental Wellbeing Scale (7 items)",
    item_count=7,
    answer_min=1,
    answer_max=5,
    scoring=Scoring.SWEMWBS_METRIC,
    improvement=Improvement.INCREASE,
    # Raw 7-35 becomes a metric score of 7.00-35.00 through the published table.
    value_min=7.0,
    value_max=35.0,
    # Shah et al. (2018) Health Qual Life Outcomes 16:239, abstract: in a clinical sample
    # "a standard of 2.77 SEM (2.87 points)" of the metric score marks statistically important
    # individual change: the Jacobson-Truax threshold, published as a value.
    reliable_change=ReliableChange(
        Comparison.AT_LEAST,
        2.87,
        "Shah et al. (2018) HQLO 16:239, 2.77 SEM = 2.87 metric points",
    ),
)

# ReQoL-10: Keetharuth et al. (2018) Br J Psychiatry 212:42. Ten items scored 0 (worst) to 4
# (best), total 0-40; the physical-health item is not part of the total.
# Clinical range: a total below 24 (Franklin et al. (2021) Qual Life Res, PMID 33835414, table 1:
# "< 24, clinical range; >= 24, general population"; DOMAIN.md §3 says the same).
REQOL10 = InstrumentDefinition(
    code="ReQoL-10",
    name="Recovering Quality of Life (10 items)",
    item_count=10,
    answer_min=0,
    answer_max=4,
    scoring=Scoring.SUM,
    improvement=Improvement.INCREASE,
    value_min=0,
    value_max=40,
    # ReQoL-10 mixes positively and negatively worded items (Keetharuth et al. 2018), and its
    # scoring sheet keys each item so that 4 is always the best state. We could not confirm
    # from a readable source which items are the negatively worded ones, so the platform takes
    # ReQoL-10 answers as already-keyed item scores (0 worst, 4 best; Franklin et al. 2021,
    # table 1) and reverses none here: the licensed content an organisation loads carries the
    # keying, together with the wording.
    reverse_items=(),
    bands=(
        Band("clinical range", 0),
        Band("general population range", 24),
    ),
    cutoff=ClinicalCutoff(
        Comparison.LESS_THAN, 24, "Franklin et al. (2021) Qual Life Res, PMID 33835414, table 1"
    ),
    reliable_change=None,
    no_reliable_change_reason=(
        "No reliable change value for ReQoL-10 could be confirmed from a published source, "
        "nor a published standard deviation to pair with its published test-retest reliability "
        "(> 0.85, Keetharuth et al. 2018), so change on ReQoL-10 is not classified."
    ),
)
