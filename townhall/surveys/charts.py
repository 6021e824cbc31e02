"""A survey's results as a reader sees them: the geometry of the bar charts (SVG drawn on the
server, so they need no script) and the tables of figures beside them, from the plain data of
results.compute / results.relabel.

Pure functions over that data: no database, no request. Everything a template would otherwise
work out (a bar's width, whether a percentage can be shown, the words for a hidden value) is
settled here, so the template only places what it is given and cannot show a hidden figure
by doing arithmetic of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

__all__ = [
    "WIDTH",
    "Bar",
    "Cell",
    "Chart",
    "Part",
    "QuestionView",
    "ResultView",
    "Row",
    "Table",
    "bar_chart",
    "percent_text",
    "result_view",
    "shorten",
]

# The chart's own coordinates: it is drawn 320 units wide and scaled to the width there is
# (a phone's 320 CSS pixels at the narrowest), keeping its proportions.
WIDTH = 320
FONT = 14  # the labels' size in the stylesheet (townhall.css, "Surveys: results")
PAD = 4
ROW_HEIGHT = 44  # a label line, then its bar, then a gap
BAR_HEIGHT = 18
# Room after the longest bar for its percentage ("100.0%").
VALUE_ROOM = 56
TRACK = WIDTH - VALUE_ROOM
# Longer labels are shortened in the chart; the table beside it gives them in full.
LABEL_CHARS = 40


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def percent_text(value: float | None) -> str:
    """A percentage as the reader's language writes numbers, to one decimal."""
    if value is None:
        return ""
    return _("%(percent)s%%") % {"percent": number_format(round(value, 1), decimal_pos=1)}


# --- The charts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    hidden: bool
    value: str  # the percentage, or the words for a hidden one
    label_x: float
    label_y: float
    x: float
    y: float
    width: float
    height: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def bar_chart(
    items: Sequence[tuple[str, float | None]], *, hidden_text: str, rtl: bool = False
) -> Chart:
    """Horizontal bars, one per (label, percentage); None draws an empty outlined bar across
    the track with `hidden_text` in it. Right to left, everything is mirrored: bars grow from
    the right edge, and the texts are anchored at their start, which the chart's direction
    puts on the right."""
    bars = []
    for n, (label, percent) in enumerate(items):
        top = PAD + n * ROW_HEIGHT
        label_y = top + FONT
        y = top + FONT + 5
        hidden = percent is None
        if percent is None:
            x, width = 1.0, float(WIDTH - 2)
            value_x = 6.0
            value = hidden_text
        else:
            x = 0.0
            width = round(TRACK * max(0.0, min(100.0, percent)) / 100, 1)
            value_x = width + 4
            value = percent_text(percent)
        label_x = 0.0
        if rtl:
            x = round(WIDTH - x - width, 1)
            value_x = round(WIDTH - value_x, 1)
            label_x = float(WIDTH)
        bars.append(
            Bar(
                label=shorten(label),
                hidden=hidden,
                value=value,
                label_x=label_x,
                label_y=label_y,
                x=x,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                value_x=value_x,
                value_y=y + BAR_HEIGHT - 5,
            )
        )
    height = 2 * PAD + len(bars) * ROW_HEIGHT
    return Chart(bars=tuple(bars), width=WIDTH, height=height, rtl=rtl)


# --- The tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    count: str  # the count, or "hidden"
    percent: str  # the percentage, "hidden", or "" when nobody in the column answered
    hidden: bool  # the count or its percentage is hidden
    share: float | None  # the percentage for the chart; None when hidden


def _cell(count: int | None, percent: float | None, base: int | None) -> Cell:
    hidden_word = _("hidden")
    if count is None:
        return Cell(count=hidden_word, percent=hidden_word, hidden=True, share=None)
    if base == 0:
        return Cell(count=number_format(count), percent="", hidden=False, share=0.0)
    if percent is None:
        return Cell(count=number_format(count), percent=hidden_word, hidden=True, share=None)
    return Cell(
        count=number_format(count), percent=percent_text(percent), hidden=False, share=percent
    )


def _total(value: int | None) -> Cell:
    if value is None:
        word = _("hidden")
        return Cell(count=word, percent="", hidden=True, share=None)
    return Cell(count=number_format(value), percent="", hidden=False, share=None)


@dataclass(frozen=True)
class Column:
    """One column of a table shown: which computed table it comes from, and where."""

    label: str
    source: str  # "overall" or "by"
    index: int


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    total_label: str
    totals: tuple[Cell, ...]
    shown: tuple[Column, ...] = ()  # where each column comes from, when charted

    @property
    def hidden(self) -> bool:
        return any(c.hidden for r in self.rows for c in r.cells) or any(
            c.hidden for c in self.totals
        )


def _columns(result: Mapping[str, Any], group: str) -> list[Column]:
    out = [Column(_("All"), "overall", 0)]
    for j, g in enumerate(result.get("groups") or []):
        if not group or g["key"] == group:
            out.append(Column(str(g["label"]), "by", j))
    return out


def _single_table(
    part: Mapping[str, Any], columns: Sequence[Column], row_heading: str, total_label: str
) -> Table:
    """Rows are the answers, columns All and the groups: count and column percentage."""
    overall = part["overall"]
    rows = []
    for i, row in enumerate(overall["rows"]):
        cells = []
        for col in columns:
            table = part.get(col.source)
            if table is None:
                continue
            cells.append(
                _cell(
                    table["cells"][i][col.index],
                    table["percents"][i][col.index],
                    table["col_totals"][col.index],
                )
            )
        rows.append(Row(label=str(row["label"]), cells=tuple(cells)))
    shown = tuple(c for c in columns if part.get(c.source))
    return Table(
        row_heading=row_heading,
        columns=tuple(c.label for c in shown),
        rows=tuple(rows),
        total_label=total_label,
        totals=tuple(_total(part[c.source]["col_totals"][c.index]) for c in shown),
        shown=shown,
    )


def _multiple_table(
    options: Sequence[Mapping[str, Any]], columns: Sequence[Column], total_label: str
) -> Table:
    """One row per choice: how many chose it, as a share of those who answered the question.
    The number who answered is shown only where no choice's table hides it, so that one
    choice's table cannot give away what another's hides."""
    rows = []
    for option in options:
        cells = []
        for col in columns:
            table = option.get(col.source)
            if table is None:
                continue
            cells.append(
                _cell(
                    table["cells"][0][col.index],
                    table["percents"][0][col.index],
                    table["col_totals"][col.index],
                )
            )
        rows.append(Row(label=str(option["label"]), cells=tuple(cells)))
    totals = []
    shown = tuple(c for c in columns if options and options[0].get(c.source))
    for col in shown:
        values = {o[col.source]["col_totals"][col.index] for o in options if o.get(col.source)}
        totals.append(_total(values.pop() if len(values) == 1 else None))
    return Table(
        row_heading=_("Choice"),
        columns=tuple(c.label for c in shown),
        rows=tuple(rows),
        total_label=total_label,
        totals=tuple(totals),
        shown=shown,
    )


def _places_table(places: Mapping[str, Any]) -> Table:
    rows = []
    for i, row in enumerate(places["rows"]):
        cells = tuple(
            _cell(places["cells"][i][j], places["percents"][i][j], places["col_totals"][j])
            for j in range(len(places["columns"]))
        )
        rows.append(Row(label=str(row["label"]), cells=cells))
    return Table(
        row_heading=_("Item"),
        columns=tuple(str(c["label"]) for c in places["columns"]),
        rows=tuple(rows),
        total_label=_("Ranked at this place"),
        totals=tuple(_total(v) for v in places["col_totals"]),
    )


# --- The whole result ---------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One chart with its table: a question, or one statement of a matrix, or the ranking's
    "ranked first"."""

    id: str
    heading: str
    chart: Chart
    chart_title: str
    caption: str
    table: Table
    mean: str


@dataclass(frozen=True)
class QuestionView:
    id: str
    number: int
    text: str
    conditional: bool
    parts: tuple[Part, ...]
    places: Table | None
    places_caption: str
    written: str  # for a text question: how many wrote something


@dataclass(frozen=True)
class ResultView:
    prefix: str
    too_few: bool
    empty: bool
    min_cell: int
    respondents: str
    column: str  # whose percentages the charts show
    questions: tuple[QuestionView, ...]
    hidden_note: str
    hidden_chart_text: str
    too_few_text: str

    @property
    def any_hidden(self) -> bool:
        return any(p.table.hidden for q in self.questions for p in q.parts) or any(
            q.places is not None and q.places.hidden for q in self.questions
        )


def _chart_column(columns: Sequence[Column], group: str) -> Column:
    if group:
        for col in columns:
            if col.source == "by":
                return col
    return columns[0]


def _mean_text(entry: Mapping[str, Any], part: Mapping[str, Any]) -> str:
    mean = part.get("mean")
    if mean is None:
        return ""
    value = number_format(mean, decimal_pos=2)
    if entry["kind"] == "likert":
        return _(
            "Average: %(mean)s on the scale from 1 (strongly disagree) to 5 (strongly agree)."
        ) % {"mean": value}
    top = len(part["overall"]["rows"])
    return _("Average rating: %(mean)s out of %(top)d.") % {"mean": value, "top": top}


def _written_text(written: int | None, t: int) -> str:
    if written is None:
        return _(
            "Written answers: hidden (from 1 to %(t)d). Written answers go to the feedback "
            "pool for themes."
        ) % {"t": t}
    if written == 0:
        return _("No written answers.")
    return _("%(n)s written answers (they go to the feedback pool for themes, not shown here).") % {
        "n": number_format(written)
    }


def result_view(
    result: Mapping[str, Any], *, group: str = "", rtl: bool = False, prefix: str = ""
) -> ResultView:
    """What the results partial shows of `result` (computed or published): every question's
    chart and table, for everyone who answered and for each group of its breakdown, or only
    for `group` when it is one of them."""
    t = int(result.get("min_cell") or 10)
    prefix = prefix or str(result.get("audience") or "results")
    keys = {g["key"] for g in result.get("groups") or []}
    group = group if group in keys else ""
    columns = _columns(result, group)
    chart_column = _chart_column(columns, group)
    who = (
        _("everyone who answered the question")
        if chart_column.source == "overall"
        else _("those in the group “%(group)s” who answered the question")
        % {"group": chart_column.label}
    )
    hidden_chart_text = _("hidden (1 to %(t)d, or to protect such a count)") % {"t": t}
    respondents = result.get("respondents")
    questions: list[QuestionView] = []
    too_few = bool(result.get("too_few"))
    if not too_few and respondents:
        for number, entry in enumerate(result.get("questions") or [], start=1):
            questions.append(
                _question(
                    entry,
                    number,
                    columns,
                    chart_column,
                    {"who": who, "hidden": hidden_chart_text},
                    t,
                    prefix,
                    rtl,
                )
            )
    return ResultView(
        prefix=prefix,
        too_few=too_few,
        empty=not too_few and not respondents,
        min_cell=t,
        respondents=number_format(respondents) if respondents else "",
        column=who,
        questions=tuple(questions),
        hidden_note=_(
            "“hidden”: a count from 1 to %(t)d, or another count hidden so that such a small "
            "count cannot be worked out from the rest, and the percentage of either. A small "
            "count could point at the few people who gave that answer."
        )
        % {"t": t},
        hidden_chart_text=hidden_chart_text,
        too_few_text=_(
            "Fewer than %(n)d people answered, so nothing is shown: with so few answers, the "
            "results could point at the people who gave them."
        )
        % {"n": t + 1},
    )


def _question(
    entry: Mapping[str, Any],
    number: int,
    columns: Sequence[Column],
    chart_column: Column,
    words: Mapping[str, str],
    t: int,
    prefix: str,
    rtl: bool,
) -> QuestionView:
    qid = f"{prefix}-{entry['key']}"
    text = str(entry["text"])
    parts: list[Part] = []
    answered = _("Answered this question")

    def part_of(n: int, heading: str, table: Table, mean: str = "", caption: str = "") -> Part:
        index = table.shown.index(chart_column) if chart_column in table.shown else 0
        items = [(row.label, row.cells[index].share) for row in table.rows]
        if heading:
            subject = _("%(question)s: “%(part)s”") % {
                "question": text.rstrip(" .:;"),
                "part": heading,
            }
            default_caption = _("Question %(n)d, “%(part)s”, in figures") % {
                "n": number,
                "part": heading,
            }
        else:
            subject = text
            default_caption = _("Question %(n)d in figures") % {"n": number}
        return Part(
            id=f"{qid}-{n}",
            heading=heading,
            chart=bar_chart(items, hidden_text=words["hidden"], rtl=rtl),
            chart_title=_(
                "%(subject)s. Bars: percentages of %(who)s; the table beside gives the figures."
            )
            % {"subject": subject.rstrip(" ."), "who": words["who"]},
            caption=caption or default_caption,
            table=table,
            mean=mean,
        )

    kind = entry.get("kind")
    places: Table | None = None
    written = ""
    if kind in ("short_text", "long_text"):
        written = _written_text(entry.get("written"), t)
    elif "statements" in entry:
        for n, statement in enumerate(entry["statements"]):
            table = _single_table(statement, columns, _("Answer"), answered)
            parts.append(part_of(n, str(statement["label"]), table))
    elif "options" in entry:
        table = _multiple_table(entry["options"], columns, answered)
        caption = _(
            "Question %(n)d in figures: how many chose each answer (more than one could be chosen)"
        ) % {"n": number}
        parts.append(part_of(0, "", table, caption=caption))
    elif "places" in entry:
        places = _places_table(entry["places"])
        first = _single_table(entry["first"], columns, _("Item"), _("Ranked something first"))
        parts.append(part_of(0, _("Ranked first"), first))
    elif "overall" in entry:
        table = _single_table(entry, columns, _("Answer"), answered)
        parts.append(part_of(0, "", table, mean=_mean_text(entry, entry)))
    return QuestionView(
        id=qid,
        number=number,
        text=text,
        conditional=bool(entry.get("conditional")),
        parts=tuple(parts),
        places=places,
        places_caption=_("Question %(n)d in figures: how many put each item at each place")
        % {"n": number},
        written=written,
    )
