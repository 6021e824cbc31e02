"""Themes across the unique comments of a posting (V-D-3: "analyze the information ... to
identify themes"), discovered without any model download: TF-IDF and non-negative matrix
factorisation (scikit-learn), on the CPU.

Pure Python (no Django), so the benchmark and the worker run the same code. Why NMF: each
theme comes out as a weighted list of the words and phrases that make it, which is the label
a person can check ("utility costs · standard utility allowance"), and each comment as a
weighted mix of themes; both are deterministic for a given input and seed, and the whole fit
on 100,000 texts takes well under the three minutes the issue allows (docs/benchmarks.md).
Embeddings would need a model shipped with the code; this path needs none, and is the one
Townhall runs.

Campaigns count once: the caller passes each campaign's representative text once, with the
campaign's size as its weight; the weight counts in theme sizes, not in the fit.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from townhall.feedback.tokens import MARKS, han_bigrams, join_han_bigrams

__all__ = ["Stance", "Theme", "ThemeModel", "choose_k", "discover", "stance_of"]

# scikit-learn (with scipy) takes about a second to import: it is imported where themes are
# found, in the worker, so no web process pays for it (the staff pages import this module for
# its Stance and types).

# Words every comment on a policy uses, which tell one theme from another not at all.
_DOMAIN_STOP = {
    "comment",
    "comments",
    "commenting",
    "proposed",
    "proposal",
    "rule",
    "policy",
    "policies",
    "directive",
    "draft",
    "department",
    "cpd",
    "chicago",
    "city",
    "thank",
    "thanks",
    "please",
    "dear",
    "sincerely",
    "regards",
    "people",
    "would",
    "also",
    "like",
    "think",
    "believe",
    "just",
    "really",
    "need",
    "needs",
    "make",
    "want",
    "one",
    "get",
    "us",
    "may",
    "must",
    "new",
    "use",
    "used",
    "name",
    "writing",
    "write",
    "im",
    "dont",
    "it",
    "s",
}


@functools.cache
def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | _DOMAIN_STOP)


# Words of two or more characters, with their combining marks (Hindi, Arabic), not bare numbers.
_WORD_PATTERN = rf"(?u)(?<![\w{MARKS}])[^\W\d_][\w{MARKS}'-]*[\w{MARKS}](?![\w{MARKS}])"
LABEL_MAX = 200
TERM_MAX = 40


def choose_k(n_docs: int) -> int:
    """How many themes to look for: grows slowly with the number of unique texts, from 3 for
    a few dozen comments to 40 for a hundred thousand (a reader can review 40 themes; more
    would be lists, not themes)."""
    if n_docs < 12:
        return max(1, n_docs // 4)
    return int(min(40, max(3, round(2.2 * math.log(n_docs) ** 1.3 - 8))))


@dataclass
class Theme:
    index: int
    label: str
    key_phrases: list[str]
    terms: dict[str, float]  # the theme's words and their weights, to match themes across runs
    doc_indexes: list[int]  # of the texts assigned to it, strongest first
    weight: float  # sum of the assigned texts' weights


@dataclass
class ThemeModel:
    themes: list[Theme]
    assignment: list[int]  # per text: theme index, or -1 when no theme fits (no known words)
    strength: list[float]  # per text: how strongly it belongs, 0..1


def _label(terms: Sequence[str]) -> str:
    """A short label from the theme's own strongest words: up to three, a phrase preferred to
    the words it contains ("utility costs", not "utility · costs")."""
    chosen: list[str] = []
    for term in terms:
        words = set(term.split())
        if any(words <= set(c.split()) for c in chosen):
            continue  # already said by a longer phrase
        chosen = [c for c in chosen if not set(c.split()) <= words]
        chosen.append(term)
        if len(chosen) == 3:
            break
    return " · ".join(chosen)


def discover(
    texts: Sequence[str],
    weights: Sequence[float] | None = None,
    *,
    k: int | None = None,
    seed: int = 2021,
    progress: Callable[[str, int, int], None] | None = None,
) -> ThemeModel:
    report = progress or (lambda stage, done, total: None)
    n = len(texts)
    w = np.asarray(weights if weights is not None else [1.0] * n, dtype=float)
    if n == 0:
        return ThemeModel(themes=[], assignment=[], strength=[])
    k = k or choose_k(n)
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [han_bigrams(t) for t in texts]
    vectorizer = TfidfVectorizer(
        stop_words=_stop_words(),
        token_pattern=_WORD_PATTERN,
        ngram_range=(1, 1),
        min_df=2 if n >= 20 else 1,
        max_df=0.5 if n >= 20 else 1.0,
        max_features=40_000,
        sublinear_tf=True,
        dtype=np.float32,
    )
    report("vocabulary", 0, 3)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word survives the stop list: nothing to group by
        return ThemeModel(themes=[], assignment=[-1] * n, strength=[0.0] * n)
    vocabulary = vectorizer.get_feature_names_out()
    k = max(1, min(k, matrix.shape[0], matrix.shape[1]))
    report("themes", 1, 3)
    model = NMF(
        n_components=k,
        init="nndsvda",
        beta_loss="frobenius",
        max_iter=300,
        random_state=seed,
        alpha_W=0.0,
        l1_ratio=0.0,
    )
    doc_topic = model.fit_transform(matrix)
    topic_terms = model.components_
    report("assignment", 2, 3)
    totals = doc_topic.sum(axis=1)
    assignment = np.where(totals > 0, doc_topic.argmax(axis=1), -1)
    with np.errstate(invalid="ignore", divide="ignore"):
        strength = np.where(totals > 0, doc_topic.max(axis=1) / totals, 0.0)

    phrases = _key_phrases(texts, assignment, k)
    themes: list[Theme] = []
    for t in range(k):
        members = np.flatnonzero(assignment == t)
        if members.size == 0:
            continue
        top = np.argsort(topic_terms[t])[::-1][:25]
        terms = [str(vocabulary[i])[:TERM_MAX] for i in top if topic_terms[t][i] > 0]
        phrases[t] = [join_han_bigrams(p) for p in phrases.get(t, [])]
        label = _label(phrases.get(t, [])[:4] + terms)
        order = members[np.argsort(doc_topic[members, t])[::-1]]
        themes.append(
            Theme(
                index=t,
                label=label[:LABEL_MAX],
                key_phrases=[p[:TERM_MAX] for p in phrases.get(t, [])[:10]] or terms[:10],
                terms={str(vocabulary[i]): round(float(topic_terms[t][i]), 5) for i in top},
                doc_indexes=[int(i) for i in order],
                weight=float(w[members].sum()),
            )
        )
    themes.sort(key=lambda th: -th.weight)
    report("assignment", 3, 3)
    return ThemeModel(
        themes=themes,
        assignment=[int(a) for a in assignment],
        strength=[round(float(s), 4) for s in strength],
    )


def _key_phrases(texts: Sequence[str], assignment: np.ndarray, k: int) -> dict[int, list[str]]:
    """Each theme's most distinctive phrases of two or three words: class-based TF-IDF (a
    phrase frequent in this theme's comments and rare in the others'), as BERTopic labels its
    topics. Phrases read better than single words in a label ("utility allowance")."""
    if len(texts) < 4:
        return {}
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(
        stop_words=_stop_words(),
        token_pattern=_WORD_PATTERN,
        ngram_range=(2, 3),
        min_df=2,
        max_features=60_000,
        dtype=np.float32,
    )
    try:
        counts = counter.fit_transform(texts)
    except ValueError:
        return {}
    vocabulary = counter.get_feature_names_out()
    rows = []
    for t in range(k):
        members = np.flatnonzero(assignment == t)
        rows.append(
            np.asarray(counts[members].sum(axis=0)).ravel()
            if members.size
            else np.zeros(counts.shape[1], dtype=np.float32)
        )
    per_theme = np.vstack(rows)
    tf = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1)
    average = max(float(per_theme.sum()) / max(k, 1), 1.0)
    idf = np.log(1 + average / np.maximum(per_theme.sum(axis=0), 1))
    scores = tf * idf
    out: dict[int, list[str]] = {}
    for t in range(k):
        best = np.argsort(scores[t])[::-1][:15]
        out[t] = [str(vocabulary[i]) for i in best if per_theme[t, i] >= 2]
    return out


class Stance:
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    SUGGESTS = "suggests"
    UNCLEAR = "unclear"


_SUGGESTS = re.compile(
    r"\b(should|shouldn't|recommend|suggest|propose|instead|consider|please (add|include|"
    r"change|remove|require)|would be better|needs? to|ought to|could you|i ask)\b",
    re.I,
)
_OPPOSES = re.compile(
    r"\b(oppose|opposed|against|reject|withdraw|do not support|don't support|urge you not|"
    r"harmful|unacceptable|wrong|cruel|cut(s|ting)?)\b",
    re.I,
)
_SUPPORTS = re.compile(
    r"\b(support|in favou?r|agree|applaud|welcome|good idea|glad|grateful|strongly endorse|"
    r"thank you for)\b",
    re.I,
)


def stance_of(text: str) -> str:
    """Supports, opposes or suggests a change, where plain words say so; "unclear" otherwise.
    A rough reading, shown as a mix per theme and never used to decide anything."""
    counts = Counter(
        {
            Stance.OPPOSES: len(_OPPOSES.findall(text)),
            Stance.SUGGESTS: len(_SUGGESTS.findall(text)),
            Stance.SUPPORTS: len(_SUPPORTS.findall(text)),
        }
    )
    # "do not support" also matches "support"; the negation wins.
    if re.search(r"\b(do not|don't|cannot|can't) support\b", text, re.I):
        counts[Stance.SUPPORTS] = 0
    best, n = counts.most_common(1)[0]
    return best if n else Stance.UNCLEAR
