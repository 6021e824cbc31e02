"""The report's bar charts, drawn on the server, and their words for the PDF."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

# --- Charts ---------------------------------------------------------------------------------

# Drawn 320 units wide and scaled to the room there is, like the surveys' charts
# (surveys/charts.py); right to left, everything is mirrored.
WIDTH = 320
FONT = 14
PAD = 4
BAR = 14
BAR_GAP = 3
GROUP_GAP = 12
VALUE_ROOM = 64
TRACK = WIDTH - VALUE_ROOM
LABEL_CHARS = 40


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class ChartBar:
    css: str  # chart-bar-a (took part), chart-bar-b (population), chart-bar-hidden
    hidden: bool
    value: str
    x: float
    y: float
    width: float
    height: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_x: float
    label_y: float
    bars: tuple[ChartBar, ...]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str  # the SVG's <title>: what it shows, and that the table gives the figures
    caption: str  # under the chart: how to read it
    groups: tuple[ChartGroup, ...]
    width: int
    height: int
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


@dataclass(frozen=True)
class BarSpec:
    fraction: float | None  # of the track, 0..1; None: hidden
    value: str  # the words written after the bar
    css: str


def _chart(
    chart_id: str,
    title: str,
    caption: str,
    items: Sequence[tuple[str, Sequence[BarSpec]]],
    *,
    rtl: bool,
) -> Chart:
    groups = []
    top = float(PAD)
    for label, specs in items:
        label_y = top + FONT
        y = label_y + 5
        bars = []
        for spec in specs:
            if spec.fraction is None:
                x, width = 1.0, float(TRACK - 2)
                value_x = 6.0
                css, hidden = "chart-bar-hidden", True
            else:
                x = 0.0
                width = round(TRACK * max(0.0, min(1.0, spec.fraction)), 1)
                value_x = width + 4
                css, hidden = spec.css, False
            if rtl:
                x = round(WIDTH - x - width, 1)
                value_x = round(WIDTH - value_x, 1)
            bars.append(
                ChartBar(
                    css=css,
                    hidden=hidden,
                    value=spec.value,
                    x=x,
                    y=y,
                    width=width,
                    height=BAR,
                    value_x=value_x,
                    value_y=y + BAR - 3,
                )
            )
            y += BAR + BAR_GAP
        groups.append(
            ChartGroup(
                label=_shorten(label),
                label_x=float(WIDTH) if rtl else 0.0,
                label_y=label_y,
                bars=tuple(bars),
            )
        )
        top = y + GROUP_GAP - BAR_GAP
    height = int(top + PAD)
    return Chart(
        id=chart_id,
        title=title,
        caption=caption,
        groups=tuple(groups),
        width=WIDTH,
        height=height,
        rtl=rtl,
    )


def _is_rtl_word(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def _is_ltr_word(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) == "L" for ch in word)


def visual_rtl(text: str) -> str:
    """`text` of a right-to-left language in the visual order, left to right, of its words.

    WeasyPrint shapes each word of an SVG text but places the words left to right in logical
    order, which reverses the words of an Arabic label in the PDF (browsers do it right).
    Given the words already in visual order, it draws them as a browser would: each Arabic
    word one unit, each run of left-to-right words (a district's name) one unit in its own
    order, numbers and an ellipsis their own units; the units reversed."""
    words = text.split()
    if not any(_is_rtl_word(w) for w in words):
        return text
    units: list[list[str]] = []
    for word in words:
        tail = ""
        if word.endswith("…") and len(word) > 1:
            word, tail = word[:-1], "…"
        for piece in (word, tail):
            if not piece:
                continue
            if _is_ltr_word(piece) and units and _is_ltr_word(units[-1][-1]):
                units[-1].append(piece)
            else:
                units.append([piece])
    return " ".join(" ".join(unit) for unit in reversed(units))


def _print_chart(chart: Chart) -> Chart:
    groups = tuple(
        replace(
            g,
            label=visual_rtl(g.label),
            bars=tuple(replace(b, value=visual_rtl(b.value)) for b in g.bars),
        )
        for g in chart.groups
    )
    return replace(chart, groups=groups)


def for_print(context: dict[str, Any]) -> dict[str, Any]:
    """The context of report_context made ready for the PDF renderer: in a right-to-left
    language, the charts' words are given in visual order (see visual_rtl)."""
    if not context.get("rtl"):
        return context
    out = dict(context)
    if out.get("themes_chart"):
        out["themes_chart"] = _print_chart(out["themes_chart"])
    demographics = out.get("demographics")
    if demographics is not None:
        out["demographics"] = replace(
            demographics,
            tables=tuple(
                replace(t, chart=_print_chart(t.chart) if t.chart else None)
                for t in demographics.tables
            ),
        )
    return out
