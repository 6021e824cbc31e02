"""Column charts over time (one column per year), drawn on the server as SVG so they need no
script: the geometry only. The figures are always given again in a table beside the chart.

Pure functions: no database, no request. Right to left, time runs from right to left and the
texts are anchored at their middle, so the chart mirrors itself as the page does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Column", "ColumnChart", "column_chart"]

# The chart's own coordinates; it is scaled to the width there is (viewBox), like the survey
# charts (surveys/charts.py), whose stylesheet rules it shares (class "survey-chart").
WIDTH = 320
HEIGHT = 200
TOP = 22  # room above the tallest column for its value
BOTTOM = 24  # room below the axis for the labels
SIDE = 6
GAP = 0.3  # the share of each slot left empty between columns


@dataclass(frozen=True)
class Column:
    label: str
    value: str  # the figure as written above the column ("" when there is none)
    empty: bool  # no figure for this slot: an outline on the axis, "—" above it
    x: float
    y: float
    width: float
    height: float
    center: float
    label_y: float
    value_y: float


@dataclass(frozen=True)
class ColumnChart:
    columns: tuple[Column, ...]
    width: int
    height: int
    axis_y: float
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def column_chart(
    points: Sequence[tuple[str, float | None, str]],
    *,
    top: float | None = None,
    rtl: bool = False,
) -> ColumnChart:
    """One column per (label, value, value as written); None draws an empty outline.
    `top` is the value of a full column (100 for percentages); by default the largest value."""
    axis_y = float(HEIGHT - BOTTOM)
    track = axis_y - TOP
    values = [v for _label, v, _text in points if v is not None]
    scale_top = top if top is not None else max([*values, 0.0])
    n = max(1, len(points))
    slot = (WIDTH - 2 * SIDE) / n
    width = round(slot * (1 - GAP), 1)
    columns = []
    for i, (label, value, text) in enumerate(points):
        position = (n - 1 - i) if rtl else i
        left = SIDE + position * slot + (slot - width) / 2
        empty = value is None
        if value is None or scale_top <= 0:
            height = 0.0
        else:
            height = round(track * max(0.0, min(value, scale_top)) / scale_top, 1)
        height = max(height, 0.0)
        y = round(axis_y - height, 1)
        columns.append(
            Column(
                label=label,
                value="—" if empty else text,
                empty=empty,
                x=round(left, 1),
                y=y if not empty else round(axis_y - 2, 1),
                width=width,
                height=height if not empty else 2.0,
                center=round(left + width / 2, 1),
                label_y=round(axis_y + 17, 1),
                value_y=round((y if not empty else axis_y) - 6, 1),
            )
        )
    return ColumnChart(columns=tuple(columns), width=WIDTH, height=HEIGHT, axis_y=axis_y, rtl=rtl)
