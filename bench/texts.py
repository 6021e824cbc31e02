"""Real comment texts for the benchmarks, from ../shared/data/comments (never lorem ipsum).

Sources: the Sunlight Foundation's FCC 14-28 sentences (consecutive sentences of one commenter
grouped back into comments), the GSA regulations.gov de-duplicated clusters, the Polis London
youth-policing statements and the Defund12 budget letters. `comment_texts()` returns None when
shared/ is absent, so a script can skip with a message.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator

from bench.common import SHARED

COMMENTS = SHARED / "comments"
MAX_CHARS = 5000  # settings.TOWNHALL_COMMENT_MAX_CHARS

# Openings and closings seen in the same dockets; a cycled text gets one of them so that
# consecutive copies differ a little, as form-letter campaigns do.
_OPENINGS = [
    "",
    "Dear Commissioners,",
    "To whom it may concern:",
    "As a resident of Chicago,",
    "Please consider the following.",
    "I am writing to comment on this policy.",
]
_CLOSINGS = [
    "",
    "Thank you for your attention and consideration.",
    "Sincerely, a concerned resident",
    "Thank you.",
    "Please do the right thing.",
]


def _fcc(path_name: str) -> list[str]:
    path = COMMENTS / "sunlight_fcc_14-28" / path_name
    if not path.exists():
        return []
    out: list[str] = []
    rng = random.Random(14_28)
    current: list[str] = []
    target = rng.randint(1, 6)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        _label, _tab, sentence = line.partition("\t")
        sentence = sentence.strip()
        if not sentence:
            continue
        current.append(sentence)
        if len(current) >= target:
            out.append(" ".join(current))
            current, target = [], rng.randint(1, 6)
    if current:
        out.append(" ".join(current))
    return out


def _csv_column(relative: str, column: str) -> list[str]:
    path = COMMENTS / relative
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row.get(column) or "").strip() for row in csv.DictReader(fh)]


def comment_texts() -> list[str] | None:
    """Every real comment text available, each at most MAX_CHARS long; None without shared/."""
    if not COMMENTS.exists():
        return None
    texts = _fcc("joes_sentences.txt") + _fcc("test_sentences.txt")
    texts += _csv_column("gsa_cdo_regsgov_dedup_clusters/clustered_comments.csv", "text")
    texts += _csv_column("polis_london_youth_policing/comments.csv", "comment-body")
    for body in _csv_column("defund12_police_budget_letter_templates/templates.csv", "body"):
        texts.append(body.replace("[NAME]", "a resident"))
    texts = [
        t if len(t) <= MAX_CHARS - 120 else t[: MAX_CHARS - 120].rsplit(" ", 1)[0] for t in texts
    ]
    texts = [t for t in texts if t.strip()]
    return texts or None


def variant(texts: list[str], i: int) -> str:
    """The i-th text of an endless cycle over `texts`, with a small variation per lap."""
    base = texts[i % len(texts)]
    lap = i // len(texts)
    opening = _OPENINGS[(i + lap) % len(_OPENINGS)]
    closing = _CLOSINGS[(i * 7 + lap) % len(_CLOSINGS)]
    return "\n\n".join(part for part in (opening, base, closing) if part)


def cycle(texts: list[str], start: int = 0) -> Iterator[str]:
    i = start
    while True:
        yield variant(texts, i)
        i += 1
