"""The SWEMWBS raw-score to metric-score conversion table, every raw score 7..35.

SWEMWBS is reported only through this table: the Rasch model (Stewart-Brown et al. 2009,
Health and Quality of Life Outcomes 7:15) turns the ordinal raw sum into an interval score, and
Warwick Medical School's scoring guidance says it must be transformed "according to a
conversion table" for results to be comparable across studies
(warwick.ac.uk/fac/med/research/platform/wemwbs/researchers/guidance/; the table itself is
"swemwbs_raw_score_to_metric_score_conversion_table.pdf" on the same site).

The values were checked, all 29 of them, against three independent copies of the published
table (two R scoring scripts and a TypeScript scoring module, each citing Stewart-Brown et al.
2009 / the Warwick table); they agree to two decimal places, and with the five anchor values in
DOMAIN.md §3 (7→7.00, 14→15.32, 21→19.25, 28→25.03, 35→35.00).
"""

from types import MappingProxyType
from typing import Final

SWEMWBS_RAW_TO_METRIC: Final = MappingProxyType(
    {
        7: 7.00,
        8: 9.51,
        9: 11.25,
        10: 12.40,
        11: 13.33,
        12: 14.08,
        13: 14.75,
        14: 15.32,
        15: 15.84,
        16: 16.36,
        17: 16.88,
        18: 17.43,
        19: 17.98,
        20: 18.59,
        21: 19.25,
        22: 19.98,
        23: 20.73,
        24: 21.54,
        25: 22.35,
        26: 23.21,
        27: 24.11,
        28: 25.03,
        29: 26.02,
        30: 27.03,
        31: 28.13,
        32: 29.31,
        33: 30.70,
        34: 32.55,
        35: 35.00,
    }
)
