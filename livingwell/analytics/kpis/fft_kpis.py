"""The Friends and Family Test (FFT) in numbers: each service's answers, month by month.

The question and its six answers are NHS England's ("Using the Friends and Family Test to improve
patient experience", NHS England and NHS Improvement guidance, September 2019, in force from April
2020): "Overall, how was your experience of our service?" — 1 Very good, 2 Good, 3 Neither good nor
poor, 4 Poor, 5 Very poor, 6 Don't know (`voice.models.FeedbackAnswer`; the extract's `feedback`
table keeps the code, the service and the London month, nothing else).

NHS England publishes the FFT monthly as the count of each of the six answers, their total, and two
percentages of that total:
- percentage positive = (Very good + Good) / all responses × 100,
- percentage negative = (Poor + Very poor) / all responses × 100,
where "all responses" is the total of the six, "Don't know" included (so positive and negative
need not add up to 100 with the others). `FFT_POSITIVE` and `FFT_NEGATIVE` are these, per service
(`grp` = the service's id, or "none" where the service is not known) and for the borough as a
whole (`grp` = 'All'); `FFT_ANSWERS` is the return's counts, `grp` = "<service>|<answer code>".
A response counts in the London calendar month it was given in (the extract's `month`).

The rules are the catalogue's (`catalogue.py`): one SQL for DuckDB and PostgreSQL, the columns
`ons_code, month, grp, numerator, denominator`, ratios taken in Python. These KPIs add themselves
to `catalogue.BY_ID` (catalogue.py imports this module at its end) and stay out of `catalogue.KPIS`.
Suppression is the pages' (`insight/feedback.py`): the return's table per month by
`lib.suppression`, and a percentage only where every count it rests on is shown there.
"""

from __future__ import annotations

from livingwell.analytics.kpis import catalogue
from livingwell.analytics.kpis.catalogue import KPI, Kind
from livingwell.statistics.direction import Improvement

# The answers' codes (voice.models.FeedbackAnswer; a test holds them equal: this core cannot
# import the app), in the order of NHS England's guidance and its monthly return.
ANSWERS: dict[int, str] = {
    1: "Very good",
    2: "Good",
    3: "Neither good nor poor",
    4: "Poor",
    5: "Very poor",
    6: "Don't know",
}
POSITIVE = (1, 2)  # Very good, Good
NEGATIVE = (4, 5)  # Poor, Very poor
NO_SERVICE = "none"  # the grp of answers whose service is not known
SEPARATOR = "|"
_SOURCE = (
    "NHS England, “Using the Friends and Family Test to improve patient experience” (2019), and its "
    "published FFT data (percentage positive and negative of all responses)"
)
_SERVICE = f"COALESCE(CAST(service_id AS VARCHAR), '{NO_SERVICE}')"


def _codes(codes: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(c) for c in codes) + ")"


def _share(codes: tuple[int, ...]) -> str:
    """SQL for the share of all responses with one of `codes`, per service and for the borough."""
    counted = f"SUM(CASE WHEN answer IN {_codes(codes)} THEN 1 ELSE 0 END)"
    return f"""
        SELECT ons_code, month, {_SERVICE} AS grp, {counted} AS numerator, COUNT(*) AS denominator
        FROM feedback GROUP BY ons_code, month, {_SERVICE}
        UNION ALL
        SELECT ons_code, month, 'All' AS grp, {counted} AS numerator, COUNT(*) AS denominator
        FROM feedback GROUP BY ons_code, month
    """


FFT_POSITIVE = KPI(
    id="fft-positive",
    title="Friends and Family Test: percentage positive",
    definition="Of all answers to the Friends and Family Test question (“Overall, how was your "
    "experience of our service?”) given in the month, the share answering “Very good” or “Good”. All six "
    "answers count in the total, “Don't know” included, as NHS England publishes it. By service, and for "
    "the borough as a whole.",
    numerator="Answers “Very good” or “Good” in the month",
    denominator="All answers in the month (“Don't know” included)",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    breakdown="service",
    target_source=_SOURCE,
    sql=_share(POSITIVE),
)

FFT_NEGATIVE = KPI(
    id="fft-negative",
    title="Friends and Family Test: percentage negative",
    definition="Of all answers to the Friends and Family Test question given in the month, the share "
    "answering “Poor” or “Very poor”. All six answers count in the total, “Don't know” included, as NHS "
    "England publishes it. By service, and for the borough as a whole.",
    numerator="Answers “Poor” or “Very poor” in the month",
    denominator="All answers in the month (“Don't know” included)",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.DECREASE,
    breakdown="service",
    target_source=_SOURCE,
    sql=_share(NEGATIVE),
)

FFT_ANSWERS = KPI(
    id="fft-answers",
    title="Friends and Family Test: answers by service",
    definition="Answers to the Friends and Family Test question given in the month, by service and by "
    "answer (Very good, Good, Neither good nor poor, Poor, Very poor, Don't know): the counts of NHS "
    "England's monthly FFT return.",
    numerator="Answers in the month",
    denominator="None (a count)",
    kind=Kind.COUNT,
    unit="answers",
    improvement=Improvement.NEUTRAL,
    breakdown="service_answer",
    target_source=_SOURCE,
    sql=f"""
        SELECT ons_code, month, {_SERVICE} || '{SEPARATOR}' || CAST(answer AS VARCHAR) AS grp,
               COUNT(*) AS numerator, NULL AS denominator
        FROM feedback GROUP BY ons_code, month, {_SERVICE}, answer
    """,
)

FFT_KPIS: tuple[KPI, ...] = (FFT_POSITIVE, FFT_NEGATIVE, FFT_ANSWERS)


def answer_grp(service: str, answer: int) -> str:
    """The `grp` of FFT_ANSWERS for a service (its id as text, or NO_SERVICE) and an answer code."""
    return f"{service}{SEPARATOR}{answer}"


def split_answer_grp(grp: str) -> tuple[str, int]:
    """Return the service (its id as text, or NO_SERVICE) and the answer code of an FFT_ANSWERS grp."""
    service, answer = grp.rsplit(SEPARATOR, 1)
    return service, int(answer)


# One lookup by id finds every KPI (catalogue.py imports this module at its end).
_clash = {k.id for k in FFT_KPIS} & set(catalogue.BY_ID)
if _clash:
    raise RuntimeError(f"FFT KPI ids already in the catalogue: {sorted(_clash)}")
catalogue.BY_ID.update({k.id: k for k in FFT_KPIS})
