"""Person-centred measures, where higher is better: DIALOG and Goal-Based Outcomes.

Every number carries its source. "Checked against" names what was read to confirm it.
"""

from livingwell.outcomes.instruments.definitions import (
    Comparison,
    Improvement,
    InstrumentDefinition,
    ItemGroup,
    ReliableChange,
    Scoring,
)

# DIALOG (Priebe et al. 2007; Priebe, Golden, McCabe & Reininghaus 2012 BMC Psychiatry 12:113).
# East London NHS Foundation Trust's DIALOG page: "a scale of 11 questions. Patients rate their
# satisfaction with eight life domains and three treatment aspects on a 7-point scale ... The
# mean of the 8 items on satisfaction with different life domains forms the subjective quality of
# life score. The mean of the 3 items on satisfaction with treatment components forms the
# treatment satisfaction score." Items 1-8 are the life domains and 9-11 the treatment aspects,
# in the order printed on the scale. Below 4 is explicit dissatisfaction, above 4 explicit
# satisfaction, 4 the neutral middle point: a reading aid, not a clinical cut-off.
DIALOG = InstrumentDefinition(
    code="DIALOG",
    name="DIALOG scale (8 life domains, 3 treatment aspects)",
    item_count=11,
    answer_min=1,
    answer_max=7,
    scoring=Scoring.MEAN_OF_GROUP,
    improvement=Improvement.INCREASE,
    value_min=1.0,
    value_max=7.0,
    item_groups=(
        ItemGroup("quality_of_life", (1, 2, 3, 4, 5, 6, 7, 8)),
        ItemGroup("treatment_satisfaction", (9, 10, 11)),
    ),
    reliable_change=None,
    no_reliable_change_reason=(
        "No reliable change value for the DIALOG quality-of-life score is published in a "
        "source we could read, and we could not confirm a published reliability to pair with a "
        "published standard deviation, so change on DIALOG is not classified."
    ),
    # The DIALOG scale is free to use (ELFT); its wording may be loaded like any other's.
    wording_licensed=False,
)

# Goal-Based Outcomes (Law & Jacob 2015, "Goals and Goal Based Outcomes (GBOs): some useful
# information", 3rd ed., CAMHS Press; Law 2019 guidance notes, goals-in-therapy.com): each goal
# is rated 0-10 for progress at each time; change is read per goal.
# Reliable change: 2.45 points (Edbrooke-Childs, Jacob, Law, Deighton & Wolpert (2015) Child
# Adolesc Ment Health 20:142, "Interpreting standardized and idiographic outcome measures in
# CAMHS"). We confirmed that this paper reports reliable change on the GBO but could not read
# the value in it; 2.45 is the value in the issue and is widely quoted. On whole-number ratings
# it means a change of 3 or more.
GBO = InstrumentDefinition(
    code="GBO",
    name="Goal-Based Outcome (one goal, rated 0-10)",
    item_count=1,
    answer_min=0,
    answer_max=10,
    scoring=Scoring.SINGLE_RATING,
    improvement=Improvement.INCREASE,
    value_min=0,
    value_max=10,
    reliable_change=ReliableChange(
        Comparison.AT_LEAST,
        2.45,
        "Edbrooke-Childs et al. (2015) Child Adolesc Ment Health 20:142",
    ),
    wording_licensed=False,
)
