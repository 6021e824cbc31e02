"""Section-aware redline between two versions of a directive.

Pure Python (no Django). Input is the parsed outline of each version (see ``parsing.py``); the
output lists, item by item, what happened to each section and a word-level diff of its text.

Why section-aware: CPD revisions insert, delete and renumber items all the time. A plain text
diff turns "B. became C. because a new B. was inserted" into a wall of red and green; here such
an item is paired with its old self and reported as ``moved`` with no word changes.

How it pairs sections, cheapest evidence first:

1. candidate pairs come from identical normalised text, the same anchor, and an inverted index
   over rare words (so no all-pairs comparison), scored with a word-level ``difflib`` ratio;
2. an order-preserving alignment (maximum-weight increasing chain over the candidate pairs)
   keeps items that stayed in sequence; those are ``unchanged``, ``changed`` (same anchor) or
   ``moved`` (renumbered);
3. what is left is paired greedily by similarity, regardless of order: ``moved``;
4. everything else is ``added`` or ``removed``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Redline",
    "RedlineSummary",
    "SectionChange",
    "SectionInput",
    "Token",
    "compute_redline",
    "diff_words",
]

TokenOp = Literal["equal", "insert", "delete"]
ChangeKind = Literal["unchanged", "changed", "added", "removed", "moved"]


@dataclass(frozen=True)
class Token:
    op: TokenOp
    text: str


@dataclass(frozen=True)
class SectionChange:
    kind: ChangeKind
    old_anchor: str | None
    new_anchor: str | None
    old_heading: str
    new_heading: str
    level: int
    tokens: tuple[Token, ...]
    similarity: float


@dataclass(frozen=True)
class RedlineSummary:
    changed: int
    added: int
    removed: int
    moved: int
    unchanged: int

    def describe(self) -> str:
        """Plain-English fallback, e.g. "12 items changed, 3 added, 1 removed, 2 moved"."""
        counts = (
            (self.changed, "changed"),
            (self.added, "added"),
            (self.removed, "removed"),
            (self.moved, "moved"),
        )
        parts = [f"{count} {verb}" for count, verb in counts if count]
        if not parts:
            return "no changes"
        first_count = next(count for count, _ in counts if count)
        noun = "item" if first_count == 1 else "items"
        head, _, verb = parts[0].partition(" ")
        parts[0] = f"{head} {noun} {verb}"
        return ", ".join(parts)


@dataclass(frozen=True)
class Redline:
    changes: tuple[SectionChange, ...]
    summary: RedlineSummary


@dataclass(frozen=True)
class SectionInput:
    anchor: str
    level: int
    heading: str
    text: str


# --- Word-level diff ------------------------------------------------------------------------------

_WORD_WS_RE = re.compile(r"(\S+)(\s*)")


def _split_words(text: str) -> tuple[str, list[str], list[str]]:
    """Return (leading whitespace, words, whitespace following each word)."""
    stripped = text.lstrip()
    lead = text[: len(text) - len(stripped)]
    words: list[str] = []
    gaps: list[str] = []
    for match in _WORD_WS_RE.finditer(stripped):
        words.append(match.group(1))
        gaps.append(match.group(2))
    return lead, words, gaps


def _append(out: list[Token], op: TokenOp, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Token(op, out[-1].text + text)
    else:
        out.append(Token(op, text))


def _joined(words: list[str], gaps: list[str], start: int, stop: int) -> str:
    return "".join(w + g for w, g in zip(words[start:stop], gaps[start:stop], strict=True))


def diff_words(old: str, new: str) -> tuple[Token, ...]:
    """Word-level diff; equal+delete texts rebuild ``old`` and equal+insert rebuild ``new``.

    Words are compared without their surrounding whitespace so that a re-wrapped line does not
    show up as a changed word; where only the whitespace differs it is emitted as a small
    delete/insert pair to keep both reconstructions exact.
    """
    if old == new:
        return (Token("equal", old),) if old else ()
    old_lead, old_words, old_gaps = _split_words(old)
    new_lead, new_words, new_gaps = _split_words(new)
    out: list[Token] = []
    if old_lead == new_lead:
        _append(out, "equal", old_lead)
    else:
        _append(out, "delete", old_lead)
        _append(out, "insert", new_lead)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for offset in range(i2 - i1):
                old_gap, new_gap = old_gaps[i1 + offset], new_gaps[j1 + offset]
                if old_gap == new_gap:
                    _append(out, "equal", old_words[i1 + offset] + old_gap)
                else:
                    _append(out, "equal", old_words[i1 + offset])
                    _append(out, "delete", old_gap)
                    _append(out, "insert", new_gap)
            continue
        if op in ("delete", "replace"):
            _append(out, "delete", _joined(old_words, old_gaps, i1, i2))
        if op in ("insert", "replace"):
            _append(out, "insert", _joined(new_words, new_gaps, j1, j2))
    return tuple(out)


# --- Pairing --------------------------------------------------------------------------------------

_KEY_WORD_RE = re.compile(r"\w+")
_WS_RE = re.compile(r"\s+")

PAIR_THRESHOLD = 0.6
# An item that kept its anchor and its place may be rewritten more heavily and still be "the
# same item"; showing it as changed reads better than a removal plus an addition.
SAME_ANCHOR_THRESHOLD = 0.5
# A rewritten item left at its anchor between the same neighbours needs only this much.
GAP_FILL_THRESHOLD = 0.2
_MAX_CANDIDATES = 6  # similarity is computed for at most this many index hits per new section
_MIN_OVERLAP = 0.25  # share of rare words two sections must have in common to be compared
_RARE_MIN_DF = 8  # words in more sections than this (and than a quarter of them) are ignored


@dataclass(frozen=True)
class _Prepared:
    norm: str
    words: tuple[str, ...]
    rare: frozenset[str]


def _prepare(sections: Sequence[SectionInput]) -> list[_Prepared]:
    out: list[_Prepared] = []
    for section in sections:
        words = tuple(word.lower() for word in _KEY_WORD_RE.findall(section.text))
        out.append(_Prepared(_WS_RE.sub(" ", section.text).strip(), words, frozenset(words)))
    return out


_MIN_CONTAINED_WORDS = 5


def _blend(ratio: float, a: int, b: int) -> float:
    """Similarity that also credits an item kept whole inside a longer rewrite.

    CPD revisions often append a sentence or a former sibling paragraph to an item; the plain
    ratio then drops below the threshold although every old word is still there in order.
    Averaging the ratio with the share of the shorter text that matched keeps such items
    paired, while short boilerplate (under five words) gets no such credit.
    """
    shorter = min(a, b)
    if shorter < _MIN_CONTAINED_WORDS:
        return ratio
    contained = min(1.0, ratio * (a + b) / (2 * shorter))
    return max(ratio, (ratio + contained) / 2)


def _ratio_bound(a: int, b: int) -> float:
    """Upper bound of ``_blend`` from the lengths alone (containment can at most be 1)."""
    if a + b == 0:
        return 1.0
    plain = 2.0 * min(a, b) / (a + b)
    return plain if min(a, b) < _MIN_CONTAINED_WORDS else (plain + 1.0) / 2


def _threshold(old: SectionInput, new: SectionInput) -> float:
    return SAME_ANCHOR_THRESHOLD if old.anchor == new.anchor else PAIR_THRESHOLD


def _candidate_scores(
    old: Sequence[SectionInput],
    new: Sequence[SectionInput],
    old_prep: list[_Prepared],
    new_prep: list[_Prepared],
) -> dict[tuple[int, int], float]:
    """Similarity for the pairs worth considering; pairs not in the result count as 0."""
    scores: dict[tuple[int, int], float] = {}

    by_norm: dict[str, list[int]] = {}
    by_anchor: dict[str, int] = {}
    postings: dict[str, list[int]] = {}
    for i, prep in enumerate(old_prep):
        by_norm.setdefault(prep.norm, []).append(i)
        by_anchor.setdefault(old[i].anchor, i)
        for word in prep.rare:
            postings.setdefault(word, []).append(i)
    df_cap = max(_RARE_MIN_DF, len(old_prep) // 4)
    rare_old = [frozenset(w for w in p.rare if len(postings[w]) <= df_cap) for p in old_prep]

    matcher = difflib.SequenceMatcher(autojunk=False)
    for j, prep in enumerate(new_prep):
        exact = by_norm.get(prep.norm, ())
        for i in exact:
            scores[(i, j)] = 1.0
        candidates: list[int] = []
        if not exact:  # nothing beats an identical text, so only then search the index
            rare_new = [w for w in prep.rare if 0 < len(postings.get(w, ())) <= df_cap]
            hits: dict[int, int] = {}
            for word in rare_new:
                for i in postings[word]:
                    hits[i] = hits.get(i, 0) + 1
            ranked = sorted(
                (
                    (count / max(1, min(len(rare_new), len(rare_old[i]))), count, i)
                    for i, count in hits.items()
                ),
                reverse=True,
            )
            candidates = [i for share, _, i in ranked[:_MAX_CANDIDATES] if share >= _MIN_OVERLAP]
        # The item at the same anchor is always compared: an identical boilerplate line
        # elsewhere must not hide the lightly edited item that stayed in place.
        same_anchor = by_anchor.get(new[j].anchor)
        if same_anchor is not None:
            candidates.append(same_anchor)

        matcher.set_seq2(prep.words)
        for i in candidates:
            if (i, j) in scores:
                continue
            other = old_prep[i]
            floor = _threshold(old[i], new[j])
            if _ratio_bound(len(other.words), len(prep.words)) < floor:
                continue
            matcher.set_seq1(other.words)
            a, b = len(other.words), len(prep.words)
            if _blend(matcher.quick_ratio(), a, b) < floor:
                continue
            score = _blend(matcher.ratio(), a, b) if (a or b) else 1.0
            if score >= floor:
                scores[(i, j)] = score
    return scores


def _ordered_alignment(
    pairs: dict[tuple[int, int], float],
    old: Sequence[SectionInput],
    new: Sequence[SectionInput],
) -> list[tuple[int, int]]:
    """Maximum-weight chain of pairs increasing in both old and new index.

    Sparse weighted longest-increasing-subsequence with a Fenwick tree over new indices:
    O(P log N) for P candidate pairs instead of the O(N * M) table of a classic alignment.
    """
    size = len(new)
    tree_value = [0.0] * (size + 1)
    tree_pair: list[tuple[int, int] | None] = [None] * (size + 1)

    def query(limit: int) -> tuple[float, tuple[int, int] | None]:
        best, best_pair = 0.0, None
        while limit > 0:
            if tree_value[limit] > best:
                best, best_pair = tree_value[limit], tree_pair[limit]
            limit -= limit & -limit
        return best, best_pair

    def update(position: int, value: float, pair: tuple[int, int]) -> None:
        while position <= size:
            if value > tree_value[position]:
                tree_value[position], tree_pair[position] = value, pair
            position += position & -position

    by_old: dict[int, list[tuple[int, float]]] = {}
    for (i, j), score in pairs.items():
        # Identical anchors win ties, so duplicated boilerplate pairs with its own item.
        bonus = 0.01 if old[i].anchor == new[j].anchor else 0.0
        by_old.setdefault(i, []).append((j, score + bonus))

    back: dict[tuple[int, int], tuple[int, int] | None] = {}
    best_total, best_end = 0.0, None
    for i in sorted(by_old):
        results = []
        for j, weight in by_old[i]:
            previous_total, previous = query(j)  # strictly smaller new index (1-based j)
            results.append((j, previous_total + weight, previous))
        for j, total, previous in results:
            back[(i, j)] = previous
            update(j + 1, total, (i, j))
            if total > best_total:
                best_total, best_end = total, (i, j)

    chain: list[tuple[int, int]] = []
    cursor = best_end
    while cursor is not None:
        chain.append(cursor)
        cursor = back[cursor]
    chain.reverse()
    return chain


def _fill_gaps(
    old: Sequence[SectionInput],
    new: Sequence[SectionInput],
    old_prep: list[_Prepared],
    new_prep: list[_Prepared],
    aligned: list[tuple[int, int]],
    old_to_new: dict[int, int],
    new_to_old: dict[int, int],
    scores: dict[tuple[int, int], float],
    in_order: set[tuple[int, int]],
) -> None:
    """Pair a rewritten item with the item at the same anchor between the same neighbours.

    "III-B-2 Necessary. ..." rewritten from one sentence into three shares few words with its
    old self, yet it sits in the same slot between the same unchanged neighbours: a reader
    expects "changed", not a removal plus an addition. Requires some shared vocabulary so a
    wholly different item that happens to take the slot still shows as removed + added.
    """
    aligned_old = sorted(i for i, _ in aligned)
    aligned_new = sorted(j for _, j in aligned)
    gap_of_new: dict[tuple[int, str], int] = {}
    for j, section in enumerate(new):
        if j not in new_to_old:
            gap_of_new.setdefault((bisect.bisect_left(aligned_new, j), section.anchor), j)
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i, section in enumerate(old):
        if i in old_to_new:
            continue
        partner = gap_of_new.get((bisect.bisect_left(aligned_old, i), section.anchor))
        if partner is None or partner in new_to_old:
            continue
        j = partner
        a, b = old_prep[i].words, new_prep[j].words
        matcher.set_seqs(a, b)
        score = _blend(matcher.ratio(), len(a), len(b)) if (a or b) else 1.0
        if score >= GAP_FILL_THRESHOLD:
            old_to_new[i] = j
            new_to_old[j] = i
            scores[(i, j)] = score
            in_order.add((i, j))


# --- Assembly -------------------------------------------------------------------------------------


def _pair_change(
    old: SectionInput, new: SectionInput, score: float, in_order: bool
) -> SectionChange:
    same_text = _WS_RE.sub(" ", old.text).strip() == _WS_RE.sub(" ", new.text).strip()
    kind: ChangeKind
    if not in_order or old.anchor != new.anchor:
        kind = "moved"
    elif same_text:
        kind = "unchanged"
    else:
        kind = "changed"
    return SectionChange(
        kind=kind,
        old_anchor=old.anchor,
        new_anchor=new.anchor,
        old_heading=old.heading,
        new_heading=new.heading,
        level=new.level,
        tokens=diff_words(old.text, new.text),
        # Word keys ignore case and punctuation, so a differing text can still score 1.0.
        similarity=1.0 if same_text else round(min(score, 0.9999), 4),
    )


def _added(new: SectionInput) -> SectionChange:
    tokens = (Token("insert", new.text),) if new.text else ()
    return SectionChange("added", None, new.anchor, "", new.heading, new.level, tokens, 0.0)


def _removed(old: SectionInput) -> SectionChange:
    tokens = (Token("delete", old.text),) if old.text else ()
    return SectionChange("removed", old.anchor, None, old.heading, "", old.level, tokens, 0.0)


def compute_redline(old: Sequence[SectionInput], new: Sequence[SectionInput]) -> Redline:
    """Compare two outlines; changes come in new-document order with removals interleaved."""
    old_prep = _prepare(old)
    new_prep = _prepare(new)
    scores = _candidate_scores(old, new, old_prep, new_prep)

    aligned = _ordered_alignment(scores, old, new)
    old_to_new: dict[int, int] = dict(aligned)
    new_to_old: dict[int, int] = {j: i for i, j in aligned}
    in_order = set(aligned)

    # Out-of-order moves: best remaining pairs first, each section used at most once.
    leftovers = sorted(
        (
            (score, i, j)
            for (i, j), score in scores.items()
            if i not in old_to_new and j not in new_to_old
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    for score, i, j in leftovers:
        if i in old_to_new or j in new_to_old:
            continue
        if score >= PAIR_THRESHOLD:
            old_to_new[i] = j
            new_to_old[j] = i

    _fill_gaps(old, new, old_prep, new_prep, aligned, old_to_new, new_to_old, scores, in_order)

    # A removed item is shown after the in-order item that preceded it in the old version
    # (moved items are no landmark: their new position says nothing about the old order).
    after_new: dict[int, list[int]] = {}
    last_landmark = -1
    for i in range(len(old)):
        partner = old_to_new.get(i)
        if partner is None:
            after_new.setdefault(last_landmark, []).append(i)
        elif (i, partner) in in_order:
            last_landmark = max(last_landmark, partner)

    changes: list[SectionChange] = [_removed(old[i]) for i in after_new.get(-1, ())]
    for j, section in enumerate(new):
        i_old = new_to_old.get(j)
        if i_old is None:
            changes.append(_added(section))
        else:
            score = scores.get((i_old, j), 0.0)
            changes.append(_pair_change(old[i_old], section, score, (i_old, j) in in_order))
        changes.extend(_removed(old[i]) for i in after_new.get(j, ()))

    counts = {kind: 0 for kind in ("unchanged", "changed", "added", "removed", "moved")}
    for change in changes:
        counts[change.kind] += 1
    summary = RedlineSummary(
        changed=counts["changed"],
        added=counts["added"],
        removed=counts["removed"],
        moved=counts["moved"],
        unchanged=counts["unchanged"],
    )
    return Redline(changes=tuple(changes), summary=summary)
