"""The theme grouping on the shipped sample: five themes of invented feedback, kept apart."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from livingwell.together import theme_core
from livingwell.together.theme_core import EmbeddingsUnavailable, group_texts, rising, stem

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "feedback.json"


@dataclass(frozen=True)
class Text:
    kind: str
    pk: int
    text: str
    at: dt.date


def _sample() -> tuple[list[Text], dict[int, str]]:
    rows = json.loads(SAMPLE.read_text())["texts"]
    texts = [
        Text("feedback", i, r["text"], dt.date.fromisoformat(r["month"] + "-01")) for i, r in enumerate(rows)
    ]
    return texts, {i: r["theme"] for i, r in enumerate(rows)}


def _themes_of(group: theme_core.Group, written_for: dict[int, str]) -> Counter[str]:
    return Counter(written_for[pk] for _, pk in group.keys)


def test_it_separates_the_samples_themes_when_told_how_many():
    texts, written_for = _sample()
    groups = group_texts(texts, groups=5)
    assert sorted(sorted(_themes_of(g, written_for).items()) for g in groups) == sorted(
        [[(theme, 12)] for theme in ("getting_there", "kind", "letters", "phone", "waiting")]
    )
    by_theme = {_themes_of(g, written_for).most_common(1)[0][0]: g for g in groups}
    assert by_theme["waiting"].top_terms[0] == "wait"
    assert "phone" in by_theme["phone"].top_terms[:2]
    assert "kind" in by_theme["kind"].top_terms[:2]
    # Examples are the group's own texts; counts by month add up to the group.
    assert all(
        written_for[next(t.pk for t in texts if t.text == q)] == "letters"
        for q in by_theme["letters"].examples
    )
    assert sum(by_theme["waiting"].by_month.values()) == 12
    assert by_theme["waiting"].by_month == {
        dt.date(2026, 9, 1): 3,
        dt.date(2026, 10, 1): 4,
        dt.date(2026, 11, 1): 5,
    }


def test_it_chooses_a_number_of_groups_that_keeps_themes_apart():
    texts, written_for = _sample()
    groups = group_texts(texts)
    assert 5 <= len(groups) <= 7
    for group in groups:  # each group is almost all one theme
        themes = _themes_of(group, written_for)
        assert themes.most_common(1)[0][1] / group.count >= 0.8, themes
    leading = {_themes_of(g, written_for).most_common(1)[0][0] for g in groups}
    assert leading == {"getting_there", "kind", "letters", "phone", "waiting"}


def test_it_is_the_same_every_run():
    texts, _ = _sample()
    assert group_texts(texts, groups=5) == group_texts(list(texts), groups=5)


def test_few_or_empty_texts_make_one_group_or_none():
    assert group_texts([]) == []
    assert group_texts([Text("story", 1, "   ", dt.date(2026, 1, 1))]) == []
    few = [Text("feedback", i, f"the wait was long {i}", dt.date(2026, 1, 5)) for i in range(3)]
    (only,) = group_texts(few)
    assert only.count == 3
    assert set(only.top_terms) == {"long", "wait"}
    (stops,) = group_texts([Text("feedback", 1, "it was the", dt.date(2026, 1, 5))])
    assert stops.top_terms == []
    assert stops.count == 1


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        group_texts([], method="magic")


def test_stems_join_forms_of_a_word():
    assert {stem(w) for w in ("waiting", "waited", "wait", "waits")} == {"wait"}
    assert stem("bus") == "bus"


@pytest.mark.parametrize(
    ("this", "before", "expected"), [(2, 1, True), (1, 0, False), (3, 3, False), (5, 2, True), (0, 0, False)]
)
def test_rising_needs_more_than_before_and_at_least_two(this, before, expected):
    assert rising(this, before) is expected


def test_the_embeddings_path_groups_the_sample_where_installed():
    if importlib.util.find_spec("sentence_transformers") is None:
        print("skipped: sentence-transformers (the optional 'embeddings' group) is not installed")
        pytest.skip("sentence-transformers is not installed (optional dependency group 'embeddings')")
    texts, written_for = _sample()
    try:
        groups = group_texts(texts, groups=5, method="embeddings")
    except EmbeddingsUnavailable as why:
        print(f"skipped: {why}")
        pytest.skip(str(why))
    for group in groups:
        assert _themes_of(group, written_for).most_common(1)[0][1] / group.count >= 0.7


def test_without_the_package_embeddings_say_why(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name.startswith("sentence_transformers"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(EmbeddingsUnavailable, match="not installed"):
        theme_core.embed(["a text"])
