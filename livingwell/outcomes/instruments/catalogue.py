"""The instruments the platform defines, looked up by code."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from livingwell.outcomes.instruments.definitions import InstrumentDefinition
from livingwell.outcomes.instruments.errors import UnknownInstrumentError
from livingwell.outcomes.instruments.person_centred_measures import DIALOG, GBO
from livingwell.outcomes.instruments.symptom_measures import CORE10, GAD7, PHQ9
from livingwell.outcomes.instruments.wellbeing_measures import REQOL10, SWEMWBS, WEMWBS

INSTRUMENTS: Final[Mapping[str, InstrumentDefinition]] = MappingProxyType(
    {
        definition.code: definition
        for definition in (PHQ9, GAD7, CORE10, WEMWBS, SWEMWBS, REQOL10, DIALOG, GBO)
    }
)

# Codes arrive from URLs and content files in any case ("phq-9"); match them case-insensitively.
_BY_FOLDED_CODE: Final = {code.casefold(): definition for code, definition in INSTRUMENTS.items()}


def get_instrument(code: str) -> InstrumentDefinition:
    """Return the definition for ``code``, or raise ``UnknownInstrumentError``."""
    if isinstance(code, str):
        definition = _BY_FOLDED_CODE.get(code.strip().casefold())
        if definition is not None:
            return definition
    known = ", ".join(INSTRUMENTS)
    raise UnknownInstrumentError(f"Unknown instrument {code!r}; known instruments: {known}.")
