"""Symptom measures, where lower is better: PHQ-9, GAD-7 and CORE-10.

Every number carries its source. "Checked against" names what was read to confirm it.
"""

from livingwell.outcomes.instruments.definitions import (
    Band,
    ClinicalCutoff,
    Comparison,
    Improvement,
    InstrumentDefinition,
    ReliableChange,
    RiskItem,
    Scoring,
)

# NHS Talking Therapies (formerly IAPT) manual and data handbook: caseness is PHQ-9 >= 10 and
# GAD-7 >= 8; reliable change is a change of 6 or more on PHQ-9 and 4 or more on GAD-7.
# Checked against: DOMAIN.md §3; the IAPT definitions quoted in trial NCT05134103 ("scoring >9
# on the PHQ-9 or >7 on the GAD-7"; "reduction in PHQ-9 score of 6 or more, and reduction in
# GAD-7 score of 4 or more"); the IAPT manual as quoted by cbtwatch.com (6 / 4; recovered
# below 10 / below 8).
_TALKING_THERAPIES_MANUAL = "NHS Talking Therapies manual / IAPT data handbook"

PHQ9 = InstrumentDefinition(
    code="PHQ-9",
    name="Patient Health Questionnaire (9 items)",
    item_count=9,
    answer_min=0,
    answer_max=3,
    scoring=Scoring.SUM,
    improvement=Improvement.DECREASE,
    value_min=0,
    value_max=27,
    # Kroenke, Spitzer & Williams (2001) J Gen Intern Med 16:606: cut points 5, 10, 15, 20.
    # Checked against DOMAIN.md §3 and Franklin et al. (2021) Qual Life Res, PMID 33835414, table 1.
    bands=(
        Band("minimal", 0),
        Band("mild", 5),
        Band("moderate", 10),
        Band("moderately severe", 15),
        Band("severe", 20),
    ),
    cutoff=ClinicalCutoff(Comparison.AT_LEAST, 10, _TALKING_THERAPIES_MANUAL),
    reliable_change=ReliableChange(Comparison.AT_LEAST, 6, _TALKING_THERAPIES_MANUAL),
    # Item 9 asks about thoughts of self-harm: any answer above "not at all" (0) must show the
    # person urgent help and flag the practitioner, whatever the total (DOMAIN.md §3).
    risk_items=(RiskItem(number=9, flag="phq9_item9_self_harm_thoughts", raised_above=0),),
    # The PHQ is free to use; its wording may be loaded like any other instrument's.
    wording_licensed=False,
)

GAD7 = InstrumentDefinition(
    code="GAD-7",
    name="Generalised Anxiety Disorder Assessment (7 items)",
    item_count=7,
    answer_min=0,
    answer_max=3,
    scoring=Scoring.SUM,
    improvement=Improvement.DECREASE,
    value_min=0,
    value_max=21,
    # Spitzer, Kroenke, Williams & Löwe (2006) Arch Intern Med 166:1092: cut points 5, 10, 15
    # for mild, moderate and severe anxiety. Checked against DOMAIN.md §3.
    bands=(
        Band("minimal", 0),
        Band("mild", 5),
        Band("moderate", 10),
        Band("severe", 15),
    ),
    cutoff=ClinicalCutoff(Comparison.AT_LEAST, 8, _TALKING_THERAPIES_MANUAL),
    reliable_change=ReliableChange(Comparison.AT_LEAST, 4, _TALKING_THERAPIES_MANUAL),
    wording_licensed=False,
)

# CORE-10: Barkham et al. (2013) Counselling and Psychotherapy Research 13(1):3-13, abstract:
# "The clinical cut-off score for general psychological distress was 11.0 with a reliable change
# index (90% CI) of 6." Checked against the abstract itself; CORE System Trust and NovoPsych
# ("a total score of 11 or above is within the clinically significant range"); a CORE-10
# calculator page ("A change of 6 points or more meets the CORE-10 reliable change index").
_BARKHAM_2013 = "Barkham et al. (2013) Couns Psychother Res 13:3, abstract"

CORE10 = InstrumentDefinition(
    code="CORE-10",
    name="Clinical Outcomes in Routine Evaluation (10 items)",
    item_count=10,
    answer_min=0,
    answer_max=4,
    scoring=Scoring.SUM,
    improvement=Improvement.DECREASE,
    value_min=0,
    value_max=40,
    # Items 2 and 3 (having support; coping) are worded positively, so their 0-4 answers are
    # reversed before summing; the wording itself is the CORE System Trust's and is not held
    # here. Checked against NovoPsych ("Questions 2 and 3 are reverse-scored items") and the
    # item list in Barkham et al. (2013) as reproduced on public pages; DOMAIN.md §3 agrees.
    reverse_items=(2, 3),
    # Severity bands for the clinical score (Connell & Barkham 2007, CORE-10 user manual;
    # Barkham et al. 2013). Checked against two pages that agree: 10 or less healthy/low level,
    # 11-14 mild, 15-19 moderate, 20-24 moderate-to-severe, 25+ severe. (A third page gives
    # 11-15, 16-20, 21-25; we follow the two that agree with the 11.0 cut-off.)
    bands=(
        Band("healthy or low-level problems", 0),
        Band("mild psychological distress", 11),
        Band("moderate psychological distress", 15),
        Band("moderate-to-severe psychological distress", 20),
        Band("severe psychological distress", 25),
    ),
    cutoff=ClinicalCutoff(Comparison.AT_LEAST, 11, _BARKHAM_2013),
    reliable_change=ReliableChange(Comparison.AT_LEAST, 6, _BARKHAM_2013),
    # The CORE System Trust allows prorating the CORE-10 "if only one item is omitted"
    # (coresystemtrust.org.uk, "CORE-10 information"; and "What's in a name (1)": the clinical
    # score is the mean of the items answered times ten). Two or more missing: no score.
    max_prorated_items=1,
    # Item 6 (plans to end one's life) is the risk item; any answer above "not at all" needs a
    # practitioner's eyes whatever the total.
    risk_items=(RiskItem(number=6, flag="core10_item6_plans_to_end_life", raised_above=0),),
)
