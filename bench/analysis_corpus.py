"""Labelled corpora for the feedback-analysis benchmarks, built from real texts (seeded).

Campaigns: the Defund12 police-budget letter templates (MIT), each filled in the way senders
do (names and neighbourhoods in the placeholders, a sentence dropped, a few words changed,
case and punctuation changed, a paragraph of their own added, now and then a placeholder
left unfilled), mixed with organic comments that are each their own group: ordinary
citizens' comments from the FCC 14-28 docket (Sunlight, MIT), the Polis London youth
statements (CC BY 4.0) and the hand-labelled comments of bench/data/themes. The label of a
copy is its template file; templates that are themselves near-copies of another (cities
reusing one letter) are kept once, so that two labels never name one letter.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import SHARED
from bench.texts import _fcc

COMMENTS = SHARED / "comments"
THEMES_CSV = Path(__file__).resolve().parent / "data" / "themes" / "labelled_comments.csv"

# Common first and last names in Chicago's birth and census records, to fill "[NAME]".
FIRST = (
    "Maria James Latoya Jose Michael Aisha Wei Anna Tomasz Fatima Carlos Keisha David Priya "
    "Marcus Rosa Daniel Olga Andre Mei Jamal Elena Kevin Sofia Darnell Agnieszka Luis Hana "
    "Tyrone Laura Omar Grace Brian Yesenia Malik Joanna Ahmed Ebony Patrick Lucia"
).split()
LAST = (
    "Johnson Garcia Williams Nguyen Kowalski Brown Hernandez Jackson Patel Smith Lopez Davis "
    "Nowak Martinez Wilson Kim Thomas Rodriguez Robinson Chen Lee Gonzalez Washington Khan "
    "Moore Perez Wisniewski Taylor Ali Walker"
).split()
NEIGHBORHOODS = (
    "Pilsen|Austin|Englewood|Logan Square|Rogers Park|Bronzeville|Little Village|Uptown|"
    "Humboldt Park|Hyde Park|Chatham|Albany Park|Bridgeport|South Shore|Avondale|Chinatown"
).split("|")
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]")


@dataclass(frozen=True)
class Labelled:
    text: str
    group: str  # template file for a copy; a unique id for an organic comment


def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(10**9)
    with path.open(newline="", encoding="utf-8", errors="replace") as f:
        return list(csv.DictReader(f))


def templates() -> list[tuple[str, str]]:
    """(file, body) of the Defund12 templates with at least 60 words, near-copies dropped."""
    from townhall.feedback.campaigns import _words, signature, similarity

    rows = _read_csv(COMMENTS / "defund12_police_budget_letter_templates" / "templates.csv")
    kept: list[tuple[str, str, Any]] = []
    for row in rows:
        body = (row.get("body") or "").strip()
        if len(body.split()) < 60:
            continue
        sig = signature(_words(body))
        if sig is None or any(similarity(sig, s) >= 0.2 for _f, _b, s in kept):
            continue
        kept.append((row["file"], body, sig))
    return [(f, b) for f, b, _s in kept]


def organic_texts() -> list[str]:
    out = list(_fcc("joes_sentences.txt"))
    polis = COMMENTS / "polis_london_youth_policing" / "comments.csv"
    if polis.exists():
        out += [r["comment-body"] for r in _read_csv(polis) if r.get("comment-body")]
    if THEMES_CSV.exists():
        out += [r["text"] for r in _read_csv(THEMES_CSV) if not r["docket"].startswith("defund")]
    # The FCC sentences repeat across commenters; an organic comment must be unique.
    from townhall.feedback.campaigns import normalize

    seen: set[str] = set()
    unique = []
    for text in out:
        key = normalize(text)
        if key and key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def fill(template: str, rng: random.Random, organic: list[str]) -> str:
    """One sender's copy of a form letter."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    place = rng.choice(NEIGHBORHOODS)
    unfilled = rng.random() < 0.03

    def placeholder(m: re.Match[str]) -> str:
        if unfilled:
            return m.group(0)
        token = m.group(0).upper()
        if "NAME" in token:
            return name
        if any(k in token for k in ("CITY", "NEIGHBORHOOD", "WARD", "DISTRICT")):
            return place
        if "ZIP" in token:
            return str(rng.randint(60601, 60661))
        if "ADDRESS" in token:
            return f"{rng.randint(100, 9999)} N {rng.choice(LAST)} Ave"
        return place

    text = _PLACEHOLDER.sub(placeholder, template)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    r = rng.random()
    if r < 0.15 and len(sentences) > 4:  # a sentence dropped
        del sentences[rng.randrange(1, len(sentences) - 1)]
    elif r < 0.30 and len(sentences) > 2:  # a few words changed
        i = rng.randrange(len(sentences))
        words = sentences[i].split()
        for _ in range(rng.randint(1, 3)):
            if words:
                words[rng.randrange(len(words))] = rng.choice(
                    ["really", "strongly", "truly", "also", "now", "today", "please"]
                )
        sentences[i] = " ".join(words)
    text = " ".join(sentences)
    if rng.random() < 0.15:  # a paragraph of their own
        own = rng.choice(organic)
        text = f"{text}\n\n{own}" if rng.random() < 0.7 else f"{own}\n\n{text}"
    if rng.random() < 0.10:
        text = text.upper() if rng.random() < 0.3 else text.replace(",", "").replace("’", "'")
    return text


def campaign_corpus(
    *, seed: int = 2021, copies: int = 20_000, organic: int = 5_000
) -> list[Labelled]:
    """Form-letter copies (sizes skewed, as real campaigns are) mixed with organic comments."""
    rng = random.Random(seed)
    letters = templates()
    own = organic_texts()
    rng.shuffle(own)
    organic_part, paragraphs = own[:organic], own[organic:] or own
    weights = [1 / (i + 1) ** 0.8 for i in range(len(letters))]
    items = [Labelled(t, f"organic:{i}") for i, t in enumerate(organic_part)]
    chosen = rng.choices(range(len(letters)), weights=weights, k=copies)
    for index in chosen:
        file, body = letters[index]
        items.append(Labelled(fill(body, rng, paragraphs), file))
    rng.shuffle(items)
    return items


def gsa_clusters() -> list[Labelled]:
    """The GSA CDO Council's regulations.gov clusters (USDA SNAP rule): silver labels made by a
    similarity graph, reported apart from the target."""
    path = COMMENTS / "gsa_cdo_regsgov_dedup_clusters" / "clustered_comments.csv"
    if not path.exists():
        return []
    return [Labelled(r["text"], f"gsa:{r['clust']}") for r in _read_csv(path) if r.get("text")]


def scale_corpus(*, total: int, copy_share: float, seed: int = 1) -> Iterator[str]:
    """`total` texts, `copy_share` of them campaign copies, the rest distinct organic comments.
    There are not 100,000 distinct real comments in shared/, so an organic comment here is
    three real sentences of different commenters joined; two of them share at most one
    sentence, too little to be taken for copies of each other."""
    rng = random.Random(seed)
    letters = [b for _f, b in templates()]
    sentences = [s for text in organic_texts() for s in re.split(r"(?<=[.!?])\s+", text) if s]
    n_unique = int(total * (1 - copy_share))
    weights = [1 / (i + 1) ** 0.8 for i in range(len(letters))]
    made = unique = 0
    seen: set[tuple[int, ...]] = set()
    while made < total:
        if unique >= n_unique or rng.random() < copy_share:
            yield fill(
                letters[rng.choices(range(len(letters)), weights=weights)[0]], rng, sentences
            )
        else:
            picks = tuple(sorted(rng.sample(range(len(sentences)), 3)))
            if any(p in seen for p in (picks[:2], picks[1:], (picks[0], picks[2]))):
                continue
            seen.update((picks[:2], picks[1:], (picks[0], picks[2])))
            unique += 1
            yield " ".join(sentences[i] for i in picks)
        made += 1
