"""Social media texts ready to post (VII-C-2): each platform's length limit, counted the way
the platform counts, with the link always kept whole at the end (pure Python).

- X counts every link as 23 characters (t.co) and most CJK characters as 2 (the
  twitter-text "weighted length", version 3 configuration).
- Bluesky counts graphemes, links in full.
- Instagram and Facebook count characters; Instagram links are not clickable, but people
  copy them, so the link stays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["LIMITS", "PLATFORMS", "compose", "fit", "length", "limit"]

# Platform -> (limit, how it counts).
LIMITS: dict[str, int] = {
    "x": 280,
    "bluesky": 300,
    "instagram": 2200,
    "facebook": 63206,
}
PLATFORMS = tuple(LIMITS)
X_URL_LENGTH = 23
ELLIPSIS = "…"
_URL = re.compile(r"https?://\S+")
# twitter-text v3: code points in these ranges weigh 1, all others 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


@dataclass(frozen=True)
class Fitted:
    text: str
    length: int
    limit: int
    shortened: bool


def limit(platform: str) -> int:
    return LIMITS[platform]


def _x_weight(ch: str) -> int:
    cp = ord(ch)
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def _graphemes(text: str) -> int:
    """Grapheme clusters, near enough for a limit: combining marks, joiners and variation
    selectors belong to the character before them."""
    count = 0
    joined = False
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Mc", "Me") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        if ch == "\u200d":
            joined = True
            continue
        if joined:
            joined = False
            continue
        count += 1
    return count


def length(platform: str, text: str) -> int:
    """The length the platform shows against its limit."""
    if platform == "x":
        total = 0
        position = 0
        for match in _URL.finditer(text):
            total += sum(_x_weight(ch) for ch in text[position : match.start()]) + X_URL_LENGTH
            position = match.end()
        return total + sum(_x_weight(ch) for ch in text[position:])
    if platform == "bluesky":
        return _graphemes(text)
    return len(text)


def compose(text: str, link: str) -> str:
    """The post as it goes out: the text, then the link on its own."""
    text = " ".join(text.split())
    return f"{text} {link}".strip() if link else text


def fit(platform: str, text: str, link: str) -> Fitted:
    """The text and link within the platform's limit, shortened at a word boundary with an
    ellipsis when too long. The link is never cut."""
    cap = limit(platform)
    full = compose(text, link)
    if length(platform, full) <= cap:
        return Fitted(full, length(platform, full), cap, shortened=False)
    words = " ".join(text.split()).split(" ")
    while len(words) > 1:  # keep at least one word; else cut characters below
        words.pop()
        candidate = compose(" ".join(words).rstrip(",;:") + ELLIPSIS, link)
        if length(platform, candidate) <= cap:
            return Fitted(candidate, length(platform, candidate), cap, shortened=True)
    # No word fits (one very long word, or a script written without spaces): cut characters.
    body = " ".join(text.split())
    while body:
        body = body[:-1]
        candidate = compose(body + ELLIPSIS, link)
        if length(platform, candidate) <= cap:
            return Fitted(candidate, length(platform, candidate), cap, shortened=True)
    return Fitted(link, length(platform, link), cap, shortened=True)
