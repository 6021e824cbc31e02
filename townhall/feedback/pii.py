"""Personal information in comment text: email addresses, phone numbers, street addresses.

Pure Python (no Django). The comment is kept as sent; ``redact`` makes the text that is
published. Residents write about police encounters, so a comment may hold their own or someone
else's contact details; those should not appear on a public page.

The patterns lean towards precision. A comment about policy is full of numbers (directive
numbers like G03-02-01, dates, case numbers like 17-cv-6260, counts like "15 days" or "2
officers"), and blacking those out would garble what people meant. Addresses therefore need a
house number, a capitalised street name and a street suffix; phone numbers need the North
American shape (area code and exchange starting 2-9) and may not sit inside a longer number.
Staff still read the original and can hide a comment that slipped through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["REPLACEMENTS", "PiiKind", "PiiMatch", "find_pii", "redact"]

PiiKind = Literal["email", "phone", "address"]

# English on purpose: the published record of comments is in English whatever the page language.
REPLACEMENTS: dict[PiiKind, str] = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "address": "[address removed]",
}


@dataclass(frozen=True)
class PiiMatch:
    kind: PiiKind
    start: int
    end: int


_EMAIL = re.compile(
    r"(?<![\w.+-])"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?![\w-])"
)

_PHONE = re.compile(
    r"""
    # Not the tail of a longer number, an amount ($), an identifier (G03-, #, v.) or an email.
    (?<![\w$#@/.+-])
    (?:\+?1[-.\s]?)?                                   # country code
    (?:\(\s*[2-9]\d{2}\s*\)\s*|[2-9]\d{2}[-.\s]?)      # area code
    [2-9]\d{2}[-.\s]?\d{4}                             # exchange and line
    (?:\s*(?:ext\.?|x|extension)\s*\d{1,5})?           # extension
    (?![\w@]|[-.]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Addresses stay on one line: a house number at the end of one line and a capitalised word at
# the start of the next is a list or a heading, not an address.
_SP = r"[^\S\n]+"
_DIRECTION = r"(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?"
# Full words that also follow numbers in ordinary prose ("2017 Federal Court ruled", "in 2021
# First Place") are left out; their abbreviations are kept.
_SUFFIX_WORDS = (
    "St Street Ave Av Avenue Blvd Boulevard Rd Road Dr Drive Pl Ct Pkwy Parkway Way Ln Lane"
    " Hwy Highway Ter Cir"
).split()
# Title or upper case only: "2 Officers drive" is a sentence, "2 Officers Drive" may be a street.
_SUFFIX = "(?:" + "|".join(w for word in _SUFFIX_WORDS for w in (word, word.upper())) + ")"
_SUFFIX_ABBREVIATION = r"(?i:st|ave|av|blvd|rd|dr|pl|ct|pkwy|ln|hwy)"
# A unit number has a digit or is a single letter, so "St unit was sent" stays prose.
_UNIT_ID = r"(?:[A-Za-z]{0,2}\d[A-Za-z0-9-]{0,4}|[A-Za-z])(?![\w-])"
_UNIT = (
    rf"\.?(?:,?{_SP}(?i:apt|apartment|unit|suite|ste|fl|floor|rm|room)\.?[^\S\n]*\#?[^\S\n]*"
    rf"{_UNIT_ID}|,?[^\S\n]*\#[^\S\n]*{_UNIT_ID})"
)
_HOUSE_NUMBER = r"(?<![\w$#.,/:-])\d{1,6}"
_NAME_WORD = r"(?:[A-Z][A-Za-z'-]*|\d{1,3}(?:st|nd|rd|th))"

_ADDRESS = re.compile(
    rf"""
    {_HOUSE_NUMBER}{_SP}
    (?:{_DIRECTION}{_SP})?
    {_NAME_WORD}(?:{_SP}{_NAME_WORD}){{0,3}}{_SP}
    {_SUFFIX}\b
    (?:{_UNIT})?
    """,
    re.VERBOSE,
)

# People often type in lower case ("4380 n elston ave"). Without capitals to go on, ask for
# both a direction and an abbreviated suffix, which ordinary sentences ("2 officers drive")
# do not have.
_ADDRESS_LOWER = re.compile(
    rf"""
    {_HOUSE_NUMBER}{_SP}
    (?i:[nsew]|north|south|east|west)\.?{_SP}
    (?i:[a-z][a-z'-]*|\d{{1,3}}(?:st|nd|rd|th))(?:{_SP}(?i:[a-z][a-z'-]*)){{0,2}}{_SP}
    {_SUFFIX_ABBREVIATION}\b
    (?:{_UNIT})?
    """,
    re.VERBOSE,
)

_PATTERNS: tuple[tuple[PiiKind, re.Pattern[str]], ...] = (
    ("email", _EMAIL),
    ("address", _ADDRESS),
    ("address", _ADDRESS_LOWER),
    ("phone", _PHONE),
)
_PRIORITY: dict[PiiKind, int] = {"email": 0, "address": 1, "phone": 2}


def find_pii(text: str) -> list[PiiMatch]:
    """Every piece of personal information in ``text``, in order and never overlapping.

    Where two patterns claim the same characters (digits before an ``@`` look like a phone
    number), the earlier and then the longer match wins, then email over address over phone.
    """
    candidates = [
        PiiMatch(kind=kind, start=m.start(), end=m.end())
        for kind, pattern in _PATTERNS
        for m in pattern.finditer(text)
    ]
    candidates.sort(key=lambda m: (m.start, m.start - m.end, _PRIORITY[m.kind]))
    found: list[PiiMatch] = []
    for match in candidates:
        if found and match.start < found[-1].end:
            continue
        found.append(match)
    return found


def redact(text: str) -> tuple[str, list[str]]:
    """``text`` with each match replaced by a bracketed note, and the sorted kinds found."""
    matches = find_pii(text)
    parts: list[str] = []
    position = 0
    for match in matches:
        parts.append(text[position : match.start])
        parts.append(REPLACEMENTS[match.kind])
        position = match.end
    parts.append(text[position:])
    return "".join(parts), sorted({m.kind for m in matches})
