"""Grouping free text into themes: TF-IDF and k-means by default, sentence embeddings if installed.

Pure (no Django): it takes texts, each with a kind, a key, its words and when it was written, and
returns groups, each with its top terms, example quotes and count by month. The texts are already
redacted (voice.texts.free_texts), so the quotes name no one.

How (scikit-learn):
1. Words are lower-cased, English stop words dropped and each word cut to a rough stem
   ("waiting", "waited", "wait" → "wait"), so that one idea is one term; the term a group shows
   is the commonest full word behind its stem.
2. TF-IDF with sublinear term frequency weighs each text's terms; latent semantic analysis
   (truncated SVD, then unit length) lets texts that share no word but share neighbours meet.
3. k-means with a fixed random_state groups them; the number of groups, when not given, is the
   one with the best mean silhouette (cosine) from 2 to MAX_GROUPS.
4. A group's top terms are the largest in the mean TF-IDF of its texts; its examples are the
   texts nearest its centre.
The optional embeddings path (`method="embeddings"`) swaps step 2 for a sentence-transformers
model loaded offline (HF_HUB_OFFLINE=1: nothing is downloaded at run time); steps 3 and 4 are
the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

# scikit-learn is imported where it is used: loading it takes seconds, and every web process
# would pay for it on its first request (the URL conf imports this module through the views).

MAX_GROUPS = 12
# Fewer texts than this, and there is nothing to group: one group holds them all.
MIN_TEXTS = 6
RANDOM_STATE = 0
EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# Words that say nothing about a theme in feedback on a service.
_FILLER = {
    "really",
    "just",
    "felt",
    "feel",
    "like",
    "did",
    "got",
    "thank",
    "thanks",
    "please",
    "make",
    "time",
}


@functools.cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | _FILLER)


_WORD = re.compile(r"[a-z][a-z']+")
# Longest first, so "ing" is tried before "s"; a stem keeps at least three letters.
_SUFFIXES = ("ingly", "ings", "ing", "edly", "ed", "ers", "er", "ly", "es", "s")


class TextLike(Protocol):
    """What a text needs for grouping (voice.texts.FreeText has these)."""

    @property
    def kind(self) -> str: ...
    @property
    def pk(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def at(self) -> dt.datetime | dt.date: ...


Key = tuple[str, int]


@dataclass(frozen=True)
class Group:
    """One theme the grouping found."""

    keys: list[Key]
    top_terms: list[str]
    examples: list[str]
    by_month: dict[dt.date, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.keys)


class EmbeddingsUnavailable(RuntimeError):
    """The optional embeddings path cannot run here (the package or its model is not installed)."""


def stem(word: str) -> str:
    """Cut a word to a rough stem: enough to make "waiting" and "waited" one term, no more."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":  # "stopp" → "stop"
        word = word[:-1]
    return word


class _Terms:
    """Tokenise to stems, remembering the commonest full word behind each stem for display."""

    def __init__(self) -> None:
        self.words: dict[str, Counter[str]] = defaultdict(Counter)

    def __call__(self, text: str) -> list[str]:
        stems = []
        for word in _WORD.findall(text.lower()):
            word = word.strip("'")
            if word in _stop_words() or len(word) < 3:
                continue
            s = stem(word)
            self.words[s][word] += 1
            stems.append(s)
        return stems

    def shown(self, s: str) -> str:
        return self.words[s].most_common(1)[0][0] if self.words[s] else s


def month_of(at: dt.datetime | dt.date) -> dt.date:
    """The first day of the month a text was written in (as the caller's clock gives it)."""
    day = at.date() if isinstance(at, dt.datetime) else at
    return day.replace(day=1)


def embed(texts: Sequence[str], model_name: str = EMBEDDING_MODEL) -> np.ndarray:
    """Embed texts with a sentence-transformers model already on this machine, never downloading one."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EmbeddingsUnavailable(
            "sentence-transformers is not installed (the optional 'embeddings' dependency group)"
        ) from error
    try:
        model = SentenceTransformer(model_name)
    except OSError as error:  # the model is not in the local cache, and offline nothing is fetched
        raise EmbeddingsUnavailable(f"the model {model_name} is not on this machine: {error}") from error
    return np.asarray(model.encode(list(texts), normalize_embeddings=True))


def _lsa(tfidf: Any, random_state: int) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    n, features = tfidf.shape
    components = min(50, features - 1, n - 1)
    if components < 2:
        return np.asarray(normalize(tfidf).toarray())
    reduced = TruncatedSVD(n_components=components, random_state=random_state).fit_transform(tfidf)
    return np.asarray(normalize(reduced))


def _kmeans(vectors: np.ndarray, k: int, random_state: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    return np.asarray(KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(vectors))


def _choose(vectors: np.ndarray, random_state: int) -> np.ndarray:
    """The labelling with the best mean silhouette, 2 to MAX_GROUPS groups (ties: fewer groups)."""
    from sklearn.metrics import silhouette_score

    best: tuple[float, np.ndarray] | None = None
    for k in range(2, min(MAX_GROUPS, len(vectors) - 1) + 1):
        labels = _kmeans(vectors, k, random_state)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(vectors, labels, metric="cosine"))
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    return best[1] if best is not None else np.zeros(len(vectors), dtype=int)


def group_texts(
    texts: Sequence[TextLike],
    *,
    groups: int | None = None,
    method: str = "tfidf",
    random_state: int = RANDOM_STATE,
    top: int = 5,
    examples: int = 3,
) -> list[Group]:
    """Group texts into themes, largest first; `groups` fixes how many (else chosen by silhouette)."""
    if method not in ("tfidf", "embeddings"):
        raise ValueError(f"unknown method {method!r}: tfidf or embeddings")
    texts = [t for t in texts if t.text.strip()]
    if not texts:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    terms = _Terms()
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    try:
        tfidf = vectorizer.fit_transform([t.text for t in texts])
    except ValueError:  # no term left at all (every word a stop word)
        return [_group(texts, list(range(len(texts))), None, [], None, terms, top, examples)]
    vectors = embed([t.text for t in texts]) if method == "embeddings" else _lsa(tfidf, random_state)
    if len(texts) < MIN_TEXTS:
        labels = np.zeros(len(texts), dtype=int)
    elif groups is not None:
        labels = _kmeans(vectors, max(1, min(groups, len(texts))), random_state)
    else:
        labels = _choose(vectors, random_state)
    vocabulary = vectorizer.get_feature_names_out()
    found = [
        _group(texts, [i for i, label in enumerate(labels) if label == g], tfidf, vocabulary, vectors,
               terms, top, examples)
        for g in sorted(set(labels.tolist()))
    ]  # fmt: skip
    return sorted(found, key=lambda g: (-g.count, g.top_terms))


def _group(
    texts: Sequence[TextLike],
    members: list[int],
    tfidf: Any,
    vocabulary: Any,
    vectors: np.ndarray | None,
    terms: _Terms,
    top: int,
    examples: int,
) -> Group:
    if tfidf is not None and len(vocabulary):
        weights = np.asarray(tfidf[members].mean(axis=0)).ravel()
        order = np.lexsort((vocabulary, -weights))  # heaviest first, ties by the term itself
        top_terms = [terms.shown(vocabulary[i]) for i in order[:top] if weights[i] > 0]
    else:
        top_terms = []
    if vectors is not None:
        centre = vectors[members].mean(axis=0)
        nearness = vectors[members] @ centre
        ranked = [members[i] for i in sorted(range(len(members)), key=lambda i: (-nearness[i], i))]
    else:
        ranked = members
    by_month = Counter(month_of(texts[i].at) for i in members)
    return Group(
        keys=[(texts[i].kind, texts[i].pk) for i in members],
        top_terms=top_terms,
        examples=[texts[i].text for i in ranked[:examples]],
        by_month=dict(sorted(by_month.items())),
    )


def rising(this_fortnight: int, before: int) -> bool:
    """Whether a theme is rising: more texts this fortnight than the fortnight before, and at least 2.

    Two at least, so that one comment where there were none is not called a rise.
    """
    return this_fortnight >= 2 and this_fortnight > before
