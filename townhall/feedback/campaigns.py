"""Mass-comment campaigns: exact copies and near-copies of one form letter, grouped.

Pure Python (no Django), so the benchmark and the worker run the same code. The practice is
ACUS Recommendation 2021-1 and regulations.gov's: identical and near-identical comments are
grouped and counted apart from unique comments, never dropped or hidden, and what a person
added to the template is shown, because that part is their own.

How, in three passes:
1. Exact copies: every text is normalised (case, punctuation, whitespace) and hashed; equal
   hashes are one *variant*. A million comments that are 90% copies become ~100,000 variants.
2. Near copies: each variant's word 5-shingles are summarised by a MinHash signature, and
   locality-sensitive hashing proposes pairs likely to share most shingles; a pair is joined
   only if its estimated Jaccard similarity reaches the threshold. Signatures are computed
   with numpy (multiply-shift hashing of CRC-32 word hashes) rather than datasketch, whose
   per-shingle hashing in Python made a million comments take over ten minutes. Joined variants form
   connected components (union-find); a component counts as a campaign when it holds at least
   `min_size` comments.
3. Per campaign: the representative is its most-sent variant (the template as most people sent
   it); each other variant's additions are the runs of words it has that the representative
   does not (an alignment of words), and the signals of automation are computed.

Short texts carry too few shingles for MinHash to mean anything; they only join by exact copy.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Indel

from townhall.feedback.tokens import WORD

__all__ = [
    "CampaignResult",
    "Item",
    "Variant",
    "additions",
    "detect",
    "exact_key",
    "normalize",
    "unfilled_tokens",
]

SHINGLE = 5
NUM_PERM = 64
THRESHOLD = 0.5
MIN_SHINGLES = 8  # below this a text joins others only by exact copy
MIN_SIZE = 3  # comments, copies included, for a group to count as a campaign
BURST_COPIES = 10  # identical texts ...
BURST_SECONDS = 60  # ... within this many seconds are a burst
MIN_ADDITION_WORDS = 3
MIN_ANCHOR = 3
FILL_WORDS = 4  # words a filled-in placeholder may take: a name, an address line
EXEMPLAR_BELOW = 0.8
REPRESENTATIVE_CANDIDATES = 30
SLOT_SAMPLE = 20

# Placeholders a form letter expects the sender to fill in, left as they were: "[NAME]",
# "[YOUR ADDRESS]", "{{name}}", "<NAME>". Upper case only inside brackets, so that Townhall's
# own redaction marks ("[email removed]") and ordinary brackets are not mistaken for them.
_PLACEHOLDER = re.compile(
    r"\[(?:[A-Z][A-Z0-9 _./-]{1,40})\]"
    r"|\{\{\s*[A-Za-z_][\w ]{0,40}\}\}"
    r"|<(?:NAME|YOUR NAME|FULL NAME|ADDRESS|YOUR ADDRESS|CITY|ZIP|ZIP CODE|EMAIL)>"
)


def normalize(text: str) -> str:
    """Case, compatibility forms, punctuation and spacing removed: what a copy keeps."""
    return " ".join(_words(text))


def _key_of(words: Sequence[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def exact_key(text: str) -> str:
    """The identity of an exact copy: a hash of the normalised text."""
    return _key_of(_words(text))


def unfilled_tokens(text: str) -> list[str]:
    """Template placeholders left unfilled, e.g. ["[NAME]"]: a sign the text was pasted or sent
    by a program without being read."""
    return sorted(set(_PLACEHOLDER.findall(text)))


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    lowered = folded.lower()
    # A rare letter whose lower case is longer would shift every position after it.
    return lowered if len(lowered) == len(folded) else folded


def _words(text: str) -> list[str]:
    """The text's words, lower-cased."""
    return WORD.findall(_fold(text))


@dataclass(frozen=True)
class Template:
    """A campaign's representative, prepared once for comparing every copy with it."""

    words: list[str]
    vocabulary: frozenset[str]
    # Where each placeholder's words are ("[NAME]" -> "name"): a copy fills them in, and a
    # filled-in name or address is not the sender's own paragraph.
    placeholder_at: tuple[int, ...]


def prepared(template: str) -> Template:
    folded = _fold(template)
    matches = list(WORD.finditer(folded))
    holes = [m.span() for m in _PLACEHOLDER.finditer(unicodedata.normalize("NFKC", template))]
    at = tuple(i for i, m in enumerate(matches) if any(a <= m.start() < b for a, b in holes))
    words = [m.group() for m in matches]
    return Template(words=words, vocabulary=frozenset(words), placeholder_at=at)


def _with_variable_slots(template: Template, others: list[Variant]) -> Template:
    """The representative is itself a copy, with its sender's name and address where the
    letter had placeholders. Positions that most other copies fill differently are treated as
    placeholders too, so that another sender's name is not taken for their own words."""
    sample = others[:: max(1, len(others) // SLOT_SAMPLE)][:SLOT_SAMPLE]
    if len(sample) < 3:
        return template
    differs = np.zeros(len(template.words), dtype=np.int32)
    for v in sample:
        covered = np.zeros(len(template.words), dtype=bool)
        for op in Indel.opcodes(template.words, _words(v.text)):
            if op.tag == "equal" and op.src_end - op.src_start >= MIN_ANCHOR:
                covered[op.src_start : op.src_end] = True
        differs += ~covered
    variable = np.flatnonzero(differs * 2 > len(sample))
    slots = tuple(sorted({*template.placeholder_at, *(int(i) for i in variable)}))
    return Template(words=template.words, vocabulary=template.vocabulary, placeholder_at=slots)


def additions(
    template: str | Template,
    text: str,
    *,
    min_words: int = MIN_ADDITION_WORDS,
) -> list[str]:
    """The runs of words that `text` has and `template` does not: what the sender wrote
    themselves. Words are compared lower-cased; the runs are returned as sent. A run counts
    when it holds at least `min_words` words the letter never uses, beyond what filling in the
    letter's placeholders accounts for. `template` may be given `prepared` when it is used
    for many copies."""
    t = prepared(template) if isinstance(template, str) else template
    folded = _fold(text)
    words = WORD.findall(folded)
    # Most copies differ from the letter only by a filled-in name: too few new words to hold
    # an addition, and no need for an alignment.
    if len(set(words) - t.vocabulary) < min_words:
        return []
    # Align the two word sequences (rapidfuzz's LCS, in C++). A word of the text counts as
    # the letter's only inside a common run of MIN_ANCHOR words or more: a lone "the" or
    # "police" matched inside someone's own paragraph does not cut it in pieces. What lies
    # between those runs is the sender's, or a placeholder filled in.
    gaps: list[tuple[int, int, int, int]] = []  # (dest start, dest end, src start, src end)
    at = src_at = 0
    for op in Indel.opcodes(t.words, words):
        if op.tag == "equal" and op.dest_end - op.dest_start >= MIN_ANCHOR:
            if op.dest_start > at:
                gaps.append((at, op.dest_start, src_at, op.src_start))
            at, src_at = op.dest_end, op.src_end
    if at < len(words):
        gaps.append((at, len(words), src_at, len(t.words)))
    spans: list[tuple[int, int]] | None = None
    out = []
    for start, end, src_start, src_end in gaps:
        holes = sum(1 for i in t.placeholder_at if src_start <= i < src_end)
        needed = min_words + FILL_WORDS * holes
        if end - start < needed:
            continue
        if len(set(words[start:end]) - t.vocabulary) < needed:
            continue
        if spans is None:
            spans = [m.span() for m in WORD.finditer(folded)]
        out.append(unicodedata.normalize("NFKC", text)[spans[start][0] : spans[end - 1][1]])
    return out


@dataclass(frozen=True)
class Item:
    """One comment as the detector needs it."""

    id: int
    text: str
    at: datetime.datetime | None = None


@dataclass
class Variant:
    """Comments with the same normalised text."""

    key: str
    text: str  # as the first of them was sent
    item_ids: list[int] = field(default_factory=list)
    times: list[datetime.datetime] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.item_ids)


@dataclass
class Campaign:
    representative: Variant
    variants: list[Variant]
    additions: dict[str, list[str]]  # variant key -> what it added to the representative
    unfilled: list[str]
    bursts: list[tuple[datetime.datetime, int]]  # (start, copies) of each burst

    @property
    def size(self) -> int:
        return sum(v.count for v in self.variants)

    @property
    def item_ids(self) -> list[int]:
        return [i for v in self.variants for i in v.item_ids]

    @property
    def first_seen(self) -> datetime.datetime | None:
        times = [t for v in self.variants for t in v.times]
        return min(times) if times else None

    @property
    def last_seen(self) -> datetime.datetime | None:
        times = [t for v in self.variants for t in v.times]
        return max(times) if times else None


@dataclass
class CampaignResult:
    campaigns: list[Campaign]
    variants: dict[str, Variant]
    # Items in no campaign, by id: the unique comments (and copies of too small a group).
    unique_ids: list[int]
    # Signals on texts outside campaigns too (an unfilled "[NAME]" in a single comment).
    unfilled_by_item: dict[int, list[str]]


def _variants(items: Iterable[Item]) -> tuple[dict[str, Variant], list[np.ndarray | None]]:
    """The distinct texts, and each one's signature (in the same order), from one reading of
    each text's words."""
    variants: dict[str, Variant] = {}
    signatures: list[np.ndarray | None] = []
    for item in items:
        words = _words(item.text)
        # A text without a word ("👍", "???") is nobody's form letter: it stays unique.
        key = _key_of(words) if words else f"empty:{item.id}"
        variant = variants.get(key)
        if variant is None:
            variant = variants[key] = Variant(key=key, text=item.text)
            signatures.append(signature(words))
        variant.item_ids.append(item.id)
        if item.at is not None:
            variant.times.append(item.at)
    return variants, signatures


_WORD_HASHES: dict[str, int] = {}


def _word_hashes(words: Sequence[str]) -> np.ndarray:
    """CRC-32 of each word (deterministic across runs and machines), remembered: a docket
    uses a few tens of thousands of distinct words."""
    cache = _WORD_HASHES
    out = list(map(cache.get, words))  # in C: most words are known
    if None in out:
        if len(cache) > 2_000_000:
            cache.clear()
        for i, w in enumerate(words):
            if out[i] is None:
                out[i] = cache[w] = zlib.crc32(w.encode())
    return np.asarray(out, dtype=np.uint64)


_rng = np.random.default_rng(2021)
# Multiply-shift hashing: one odd 64-bit multiplier per shingle position, and per MinHash
# permutation an odd multiplier and an offset. Fixed seeds: the same text always gives the
# same signature.
_POSITION = (_rng.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_PERM_A = (_rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_PERM_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.5 meet in a band with probability 0.64,
ROWS = NUM_PERM // BANDS  # at 0.7 with 0.98, at 0.3 with 0.12 (then the estimate decides)


def signature(words: Sequence[str]) -> np.ndarray | None:
    """The MinHash signature of a text's word 5-shingles (NUM_PERM values), or None when the
    text has too few shingles to compare."""
    if len(words) - SHINGLE + 1 < MIN_SHINGLES:
        return None
    ids = _word_hashes(words)
    n = len(ids) - SHINGLE + 1
    with np.errstate(over="ignore"):
        shingles = np.zeros(n, dtype=np.uint64)
        for k in range(SHINGLE):
            shingles += ids[k : k + n] * _POSITION[k]
        values = np.unique(shingles >> np.uint64(32))
        permuted = (values[:, None] * _PERM_A[None, :] + _PERM_B[None, :]) >> np.uint64(32)
    out: np.ndarray = permuted.min(axis=0).astype(np.uint32)  # 32-bit values: half the memory
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


class _Index:
    """Locality-sensitive hashing over signatures: banded, as in Leskovec, Rajaraman and
    Ullman, Mining of Massive Datasets, ch. 3."""

    def __init__(self) -> None:
        self.buckets: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]
        self.signatures: dict[int, np.ndarray] = {}

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        return [sig[b * ROWS : (b + 1) * ROWS].tobytes() for b in range(BANDS)]

    def query(self, sig: np.ndarray) -> set[int]:
        found: set[int] = set()
        for bucket, key in zip(self.buckets, self._keys(sig), strict=True):
            hit = bucket.get(key)
            if hit:
                found.update(hit)
        return found

    def insert(self, n: int, sig: np.ndarray) -> None:
        self.signatures[n] = sig
        for bucket, key in zip(self.buckets, self._keys(sig), strict=True):
            bucket.setdefault(key, []).append(n)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _bursts(times: list[datetime.datetime]) -> list[tuple[datetime.datetime, int]]:
    """Windows of BURST_SECONDS holding at least BURST_COPIES of the same text."""
    if len(times) < BURST_COPIES:
        return []
    stamps = np.array(sorted(t.timestamp() for t in times))
    found: list[tuple[datetime.datetime, int]] = []
    start = 0
    n = len(stamps)
    while start < n:
        end = int(np.searchsorted(stamps, stamps[start] + BURST_SECONDS, side="right"))
        if end - start >= BURST_COPIES:
            found.append(
                (datetime.datetime.fromtimestamp(stamps[start], tz=datetime.UTC), end - start)
            )
            start = end
        else:
            start += 1
    return found


def _most_sent_first(v: Variant) -> tuple[int, float, str]:
    return (-v.count, min(v.times).timestamp() if v.times else 0.0, v.key)


def _representative(
    members: list[Variant],
    signature_of: dict[str, np.ndarray | None],
    preferred: frozenset[int] = frozenset(),
) -> Variant:
    """The text that stands for the campaign: the most-sent one, and among texts sent as often
    (every copy with its own name is sent once), the one closest to all the others, so that a
    copy with a sentence dropped never stands for the letter."""
    # The representative of the last run, if it is still in the campaign, stays: people may
    # have placed the campaign through it, and its identity carries their decision.
    if preferred:
        for v in members:
            if v.item_ids[0] in preferred:
                return v
    top = members[0].count
    candidates = [v for v in members[:REPRESENTATIVE_CANDIDATES] if v.count == top]
    if len(candidates) == 1:
        return candidates[0]
    others = [
        sig
        for v in members[:: max(1, len(members) // 50)]
        if (sig := signature_of.get(v.key)) is not None
    ]
    if not others:
        return candidates[0]
    stacked = np.vstack(others)

    def closeness(v: Variant) -> float:
        sig = signature_of.get(v.key)
        return -1.0 if sig is None else float(np.mean(stacked == sig))

    return max(candidates, key=closeness)


def detect(
    items: Iterable[Item],
    *,
    threshold: float = THRESHOLD,
    min_size: int = MIN_SIZE,
    progress: Callable[[str, int, int], None] | None = None,
    preferred: frozenset[int] = frozenset(),
) -> CampaignResult:
    """Group `items` into campaigns. `progress(stage, done, total)` is called as work advances.
    `preferred`: ids of items that represented a campaign before; each stays its campaign's
    representative while it is in one."""
    report = progress or (lambda stage, done, total: None)
    variants, signatures = _variants(items)
    keys = list(variants)
    report("exact copies", len(keys), len(keys))

    index = _Index()
    uf = _UnionFind(len(keys))
    step = max(1, len(keys) // 100)
    for n, sig in enumerate(signatures):
        if sig is not None:
            best = 0.0
            for other in index.query(sig):
                if uf.find(other) == uf.find(n):
                    best = 1.0  # already joined through another exemplar: no need to compare
                    continue
                estimate = similarity(sig, index.signatures[other])
                if estimate >= threshold:
                    uf.union(n, other)
                    best = max(best, estimate)
            # Only texts that differ from every exemplar so far are indexed: a campaign of
            # 100,000 near-identical copies keeps a few exemplars, not 100,000, so each query
            # stays short. A copy close to an exemplar (EXEMPLAR_BELOW) adds nothing to find.
            if best < EXEMPLAR_BELOW:
                index.insert(n, sig)
        if n % step == 0:
            report("near copies", n, len(keys))
    report("near copies", len(keys), len(keys))

    groups: dict[int, list[Variant]] = defaultdict(list)
    for n, key in enumerate(keys):
        groups[uf.find(n)].append(variants[key])
    signature_of = {key: signatures[n] for n, key in enumerate(keys)}

    campaigns: list[Campaign] = []
    unique_ids: list[int] = []
    unfilled_by_item: dict[int, list[str]] = {}
    step = max(1, len(groups) // 100)
    for g, members in enumerate(groups.values()):
        if g % step == 0:
            report("campaigns", g, len(groups))
        size = sum(v.count for v in members)
        tokens_of = {v.key: unfilled_tokens(v.text) for v in members}
        for v in members:
            if tokens_of[v.key]:
                unfilled_by_item.update({i: tokens_of[v.key] for i in v.item_ids})
        if size < min_size:
            unique_ids.extend(i for v in members for i in v.item_ids)
            continue
        members.sort(key=_most_sent_first)
        rep = _representative(members, signature_of, preferred)
        members.remove(rep)
        members.insert(0, rep)
        template = _with_variable_slots(prepared(rep.text), members[1:])
        added = {v.key: found for v in members[1:] if (found := additions(template, v.text))}
        unfilled = sorted({t for v in members for t in tokens_of[v.key]})
        bursts = [b for v in members for b in _bursts(v.times)]
        campaigns.append(
            Campaign(
                representative=rep,
                variants=members,
                additions=added,
                unfilled=unfilled,
                bursts=sorted(bursts),
            )
        )
    campaigns.sort(key=lambda c: -c.size)
    report("campaigns", len(groups), len(groups))
    return CampaignResult(
        campaigns=campaigns,
        variants=variants,
        unique_ids=unique_ids,
        unfilled_by_item=unfilled_by_item,
    )


def pairwise_scores(predicted: dict[int, int], truth: dict[int, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a grouping against labels (item -> group id; an item
    absent from a mapping is alone). Counted from group sizes, so a million items are cheap."""

    def pairs(mapping: dict[int, int]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(mapping.values()).values())

    both = Counter((predicted[i], truth[i]) for i in predicted.keys() & truth.keys())
    tp = sum(c * (c - 1) // 2 for c in both.values())
    p_pairs, t_pairs = pairs(predicted), pairs(truth)
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
