"""The staff's narrative of a section, in the reader's language or the English text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from townhall.engagements.public import render_markdown

# --- The narrative --------------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    html: SafeString | str
    lang: str  # the language of the text shown
    fallback: bool  # the English text, shown because this language has none yet

    @property
    def empty(self) -> bool:
        return not self.html


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    narrative: Narrative


def _narrative(narrative: Mapping[str, Any], key: str, language: str) -> Narrative:
    texts = narrative.get(key) or {}
    if not isinstance(texts, Mapping):
        texts = {}
    own = str(texts.get(language) or "").strip()
    if own:
        return Narrative(html=render_markdown(own, top=3), lang=language, fallback=False)
    english = str(texts.get("en") or "").strip()
    if english:
        return Narrative(html=render_markdown(english, top=3), lang="en", fallback=language != "en")
    return Narrative(html="", lang=language, fallback=False)
