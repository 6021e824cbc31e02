"""Who took part: the demographic tables and their charts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from townhall.reports.build import MIN_CELL
from townhall.reports.present.charts import BarSpec, Chart, _chart
from townhall.reports.present.labels import (
    _age_label,
    _district_label,
    _hidden_words,
    _num,
    _pct,
    _race_label,
)

# --- Who took part --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRow:
    label: str
    count: str
    percent: str
    baseline: str
    hidden: bool  # the count (and so its percentage) is hidden
    raw_count: int | None
    raw_percent: float | None
    raw_baseline: float | None


@dataclass(frozen=True)
class DemoTable:
    id: str
    heading: str
    caption: str
    baseline_heading: str
    note: str
    rows: tuple[DemoRow, ...]
    total: str
    total_hidden: bool
    not_said: str
    not_said_hidden: bool
    chart: Chart | None
    empty: bool


def _demo_table(
    table_id: str,
    table: Mapping[str, Any],
    label_of: Any,
    *,
    heading: str,
    caption: str,
    baseline_heading: str,
    note: str,
    rtl: bool,
    min_cell: int,
    chart_filter: Any = None,
) -> DemoTable:
    hidden_words = _hidden_words(min_cell)
    rows = []
    items: list[tuple[str, list[BarSpec]]] = []
    for r in table.get("rows") or []:
        count, percent, baseline = r.get("count"), r.get("percent"), r.get("baseline")
        label = label_of(str(r.get("code")))
        rows.append(
            DemoRow(
                label=label,
                count=_num(count),
                percent=_pct(percent),
                baseline=_pct(baseline),
                hidden=count is None,
                raw_count=count,
                raw_percent=percent,
                raw_baseline=baseline,
            )
        )
        if chart_filter is not None and not chart_filter(r):
            continue
        took = BarSpec(
            fraction=None if count is None or percent is None else float(percent) / 100,
            value=hidden_words if count is None or percent is None else _pct(percent),
            css="chart-bar-a",
        )
        specs = [took]
        if baseline is not None:
            specs.append(
                BarSpec(fraction=float(baseline) / 100, value=_pct(baseline), css="chart-bar-b")
            )
        items.append((label, specs))
    total = table.get("total")
    not_said = table.get("not_said")
    empty = not total
    chart = None
    if not empty and items:
        chart = _chart(
            f"chart-{table_id}",
            _(
                "%(heading)s: percentage of those who took part and of the population, per group. "
                "The table beside gives the figures."
            )
            % {"heading": heading},
            _(
                "In each group, the first bar is the percentage of those who took part; the "
                "second, outlined bar is the percentage of the population."
            ),
            items,
            rtl=rtl,
        )
    return DemoTable(
        id=table_id,
        heading=heading,
        caption=caption,
        baseline_heading=baseline_heading,
        note=note,
        rows=tuple(rows),
        total=_num(total),
        total_hidden=total is None,
        not_said=_num(not_said),
        not_said_hidden=not_said is None,
        chart=chart,
        empty=empty,
    )


@dataclass(frozen=True)
class Demographics:
    people: str
    min_cell: int
    hidden_words: str
    hidden_note: str
    tables: tuple[DemoTable, ...]
    any_hidden: bool


def _demographics(data: Mapping[str, Any], rtl: bool) -> Demographics | None:
    d = data.get("demographics")
    if not d:
        return None
    min_cell = int(d.get("min_cell") or MIN_CELL)
    concerned = [int(n) for n in d.get("districts_concerned") or []]
    if concerned:
        where = ", ".join(_district_label(str(n)) for n in concerned)
        race_base = _("Population of the districts concerned (2010 census)")
        race_caption = _(
            "Race and ethnicity of those who took part, compared with the population of the "
            "districts concerned: %(districts)s (2010 census)"
        ) % {"districts": where}
    else:
        race_base = _("Population of the city (2010 census)")
        race_caption = _(
            "Race and ethnicity of those who took part, compared with the population of the "
            "city (2010 census)"
        )
    tables = []
    if d.get("race"):
        tables.append(
            _demo_table(
                "race",
                d["race"],
                _race_label,
                heading=_("Race and ethnicity"),
                caption=race_caption,
                baseline_heading=race_base,
                note="",
                rtl=rtl,
                min_cell=min_cell,
            )
        )
    if d.get("age"):
        tables.append(
            _demo_table(
                "age",
                d["age"],
                _age_label,
                heading=_("Age"),
                caption=_(
                    "Age of those who took part, compared with the population of the city "
                    "(American Community Survey 2016–2020)"
                ),
                baseline_heading=_("Population of the city (ACS 2016–2020)"),
                note=_(
                    "The comparison by age is approximate: the age bands people choose (under "
                    "18, 18 to 24, 25 to 34, ...) do not match the census bins exactly, so "
                    "“under 20” and “20 to 34” overlap by two years."
                ),
                rtl=rtl,
                min_cell=min_cell,
            )
        )
    if d.get("district"):
        tables.append(
            _demo_table(
                "district",
                d["district"],
                _district_label,
                heading=_("Police district"),
                caption=_(
                    "Police district of those who took part, compared with each district's "
                    "share of the city's population (2010 census)"
                ),
                baseline_heading=_("Share of the city's population (2010 census)"),
                note=_(
                    "The chart shows the districts where someone took part; the table lists all 22."
                ),
                rtl=rtl,
                min_cell=min_cell,
                chart_filter=lambda r: r.get("count") != 0 or int(r.get("code") or 0) in concerned,
            )
        )
    return Demographics(
        people=_num(d.get("people") or 0),
        min_cell=min_cell,
        hidden_words=_hidden_words(min_cell),
        hidden_note=_(
            "A dash (–) marks a hidden count: from 1 to %(t)d people, or a larger count hidden "
            "so that a small one cannot be worked out from the totals. A small count could "
            "point at the few people in it."
        )
        % {"t": min_cell},
        tables=tuple(tables),
        any_hidden=any(r.hidden for t in tables for r in t.rows)
        or any(t.total_hidden or t.not_said_hidden for t in tables),
    )
