"""The alliance's shared record of working together: decisions and actions, co-production, themes, packs."""

from livingwell.together.models.breakfast import BreakfastPack
from livingwell.together.models.coproduction import CoProduction, Perspective, Recognition
from livingwell.together.models.log import Action, Decision
from livingwell.together.models.themes import Theme, ThemeRun, ThemeText

__all__ = [
    "Action",
    "BreakfastPack",
    "CoProduction",
    "Decision",
    "Perspective",
    "Recognition",
    "Theme",
    "ThemeRun",
    "ThemeText",
]
