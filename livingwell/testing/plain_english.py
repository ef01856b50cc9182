"""Plain English, measured: the Flesch–Kincaid grade of what a page says (issue 15: grade 5 or below).

Only the page's `<main>` is read (the header and footer, the same on every page, hold names and
links rather than sentences). Each block (a heading, a paragraph, a list item, a label, a button, a table
cell) counts as a sentence of its own: a page is read in pieces like these, and run together they
would read as one long sentence no one wrote. Text in <script>, <style> and hidden inputs is left out.

Flesch–Kincaid grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
(Kincaid, Fishburne, Rogers and Chissom, 1975), computed by textstat, whose syllable counts come
from the CMU Pronouncing Dictionary it ships.
"""

from __future__ import annotations

from html.parser import HTMLParser

import textstat

GRADE_AT_MOST = 5.0

_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend", "button", "td", "th",
    "dt", "dd", "summary", "caption", "figcaption", "blockquote", "div", "span", "a", "strong",
}  # fmt: skip
_SKIPPED = {"script", "style", "template", "noscript"}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skipping = 0
        self.pieces: list[str] = []
        self.current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.pieces.append(text if text[-1] in ".?!:" else f"{text}.")
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main += 1
        if tag in _SKIPPED:
            self.skipping += 1
        if tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        if tag == "main":
            self._flush()
            self.in_main -= 1

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.current.append(data)


def main_text(html: str) -> str:
    """Return the words of the page's <main>, one sentence per block."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.pieces)


def grade(html: str) -> float:
    """Return the Flesch–Kincaid grade of the page's <main>."""
    text = main_text(html)
    if not text:
        raise AssertionError("the page has no <main> text to measure")
    return float(textstat.flesch_kincaid_grade(text))


def assert_plain_english(html: str, *, at_most: float = GRADE_AT_MOST) -> None:
    """Fail, quoting the page's text, if it reads above Flesch–Kincaid grade `at_most`."""
    measured = grade(html)
    if measured > at_most:
        raise AssertionError(
            f"Flesch–Kincaid grade {measured:.1f} is above {at_most}: {main_text(html)[:1500]}"
        )
