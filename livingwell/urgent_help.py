"""Where to get urgent help, shown on every public and error page and whenever risk is disclosed.

The wording follows NHS.UK's "Where to get urgent help for mental health" page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpLine:
    name: str
    number: str
    when: str

    @property
    def label(self) -> str:
        """The line's name with its number as text, for link text: a tel: link does nothing on a
        computer without a phone, so the number must be there to read and dial by hand as well."""
        return self.name if self.number in self.name else f"{self.name} on {self.number}"

    @property
    def tel(self) -> str:
        return "tel:" + self.number.replace(" ", "")


URGENT_HELP: tuple[HelpLine, ...] = (
    HelpLine("999", "999", "if your life or someone else's life is in danger now"),
    HelpLine("NHS 111, option 2", "111", "for urgent mental health help, 24 hours a day"),
    HelpLine("Samaritans", "116 123", "to talk to someone any time, free"),
)
