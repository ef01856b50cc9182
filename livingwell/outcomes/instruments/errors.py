"""Errors raised when an instrument is asked for, or answered, wrongly.

Every error is an ``InstrumentError`` (a ``ValueError``), so a form or API layer can catch one
type and show its message; the subclasses let tests and callers tell the causes apart.
"""


class InstrumentError(ValueError):
    """Base class for every instrument, answer and content error."""


class UnknownInstrumentError(InstrumentError):
    """The instrument code is not one the platform defines."""


class WrongAnswerCountError(InstrumentError):
    """The number of answers differs from the instrument's number of items."""


class AnswerNotIntegerError(InstrumentError):
    """An answer is not a whole number (floats, strings and booleans are refused)."""


class AnswerOutOfRangeError(InstrumentError):
    """An answer lies outside the instrument's answer range."""


class MissingAnswerError(InstrumentError):
    """An item was left unanswered and the instrument's rules do not allow prorating it."""


class ScoreMismatchError(InstrumentError):
    """A score or value given for change belongs to another instrument or is out of range."""


class InstrumentTextError(InstrumentError):
    """A content file with an instrument's wording does not match the instrument."""
