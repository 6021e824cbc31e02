"""Words of a comment in any of Townhall's languages, for campaigns and themes.

Python's `\\w` leaves out combining marks, so Hindi words split at every vowel sign and Arabic
words at every short-vowel mark; the pattern here keeps those marks inside the word. Chinese
has no spaces: a run of Han characters is cut into overlapping pairs (bigrams), the usual
unit for matching Chinese text without a dictionary.
"""

from __future__ import annotations

import re
from itertools import pairwise

# Combining marks of the scripts Townhall serves (Latin diacritics, Arabic, Devanagari), and
# of the neighbouring Indic blocks a Hindi speaker may use.
MARKS = (
    "\u0300-\u036f"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
    "\u0981-\u0983\u09bc-\u09d7\u0a01-\u0a03\u0a3c-\u0a51\u0a70\u0a71\u0a75"
)
WORD = re.compile(rf"[\w{MARKS}]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def han_bigrams(text: str) -> str:
    """Chinese runs replaced by their overlapping character pairs, separated by spaces."""
    if not _HAN.search(text):
        return text
    return _HAN.sub(
        lambda m: " " + " ".join(m.group()[i : i + 2] for i in range(len(m.group()) - 1)) + " ",
        text,
    )


def join_han_bigrams(phrase: str) -> str:
    """Undo `han_bigrams` for display: "社区 区会 会议" -> "社区会议"."""
    parts = phrase.split()
    if len(parts) < 2 or not all(len(p) == 2 and _HAN.fullmatch(p) for p in parts):
        return phrase
    if any(a[1] != b[0] for a, b in pairwise(parts)):
        return phrase
    return parts[0] + "".join(p[1] for p in parts[1:])
