"""A survey's results and answers as spreadsheets (CSV and XLSX), for staff.

- The breakdown is results.compute's output, written out: the same protected tables the
  results page shows, so a hidden value is written as "hidden" and no count from 1 to the
  survey's threshold ever leaves in a file.
- The answers are one row per response in the order of their random keys, which is no order
  at all: a row's place says nothing about when, or after whom, someone answered. There is no
  time column, only the day a response was received.

Every text cell goes through spreadsheet_safe: answers are typed by the public and must never
run as a formula when staff open the file. Words are English, whoever downloads.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from townhall.core.text import spreadsheet_safe
from townhall.surveys.answers import choices, option_label, question_text
from townhall.surveys.models import Question, Response, Survey
from townhall.surveys.selectors import questions_of

__all__ = [
    "FORMATS",
    "answers_rows",
    "breakdown_rows",
    "download",
]

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Value = str | int | float | datetime.date | None


def _hidden() -> str:
    return _("hidden")


# --- The breakdown ------------------------------------------------------------------------


def _columns(result: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    """(label, source table, index) of each column: everyone, then each group."""
    out = [(_("All"), "overall", 0)]
    out += [(str(g["label"]), "by", j) for j, g in enumerate(result.get("groups") or [])]
    return out


def _count(value: int | None) -> Value:
    return _hidden() if value is None else value


def _percent(value: float | None, count: int | None, base: int | None) -> Value:
    if base == 0:
        return ""
    if value is None or count is None:
        return _hidden()
    return value


def _figures(
    tables: Mapping[str, Any], i: int, columns: Sequence[tuple[str, str, int]]
) -> list[Value]:
    """Count and percentage of row i in each column; blank where the part has no such table
    (a ranking's places are not broken down)."""
    out: list[Value] = []
    for _label, source, j in columns:
        table = tables.get(source)
        if table is None:
            out += ["", ""]
            continue
        count = table["cells"][i][j]
        out += [_count(count), _percent(table["percents"][i][j], count, table["col_totals"][j])]
    return out


def _totals(tables: Mapping[str, Any], columns: Sequence[tuple[str, str, int]]) -> list[Value]:
    out: list[Value] = []
    for _label, source, j in columns:
        table = tables.get(source)
        out += ["", ""] if table is None else [_count(table["col_totals"][j]), ""]
    return out


def _single_rows(
    head: list[Value],
    part: Mapping[str, Any],
    columns: Sequence[tuple[str, str, int]],
    answered: str,
) -> Iterator[list[Value]]:
    for i, row in enumerate(part["overall"]["rows"]):
        yield [*head, str(row["label"]), *_figures(part, i, columns)]
    yield [*head, answered, *_totals(part, columns)]
    if part.get("mean") is not None:
        mean: list[Value] = ["" for _c in range(2 * len(columns))]
        mean[0] = part["mean"]
        yield [*head, _("Average"), *mean]


def _multiple_rows(
    head: list[Value], options: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str, int]]
) -> Iterator[list[Value]]:
    """How many chose each answer. The number who answered is written only where no
    choice's table hides it (as on the results page)."""
    for option in options:
        yield [*head, str(option["label"]), *_figures(option, 0, columns)]
    totals: list[Value] = []
    for _label, source, j in columns:
        values = {o[source]["col_totals"][j] for o in options if o.get(source)}
        if not values:
            totals += ["", ""]
        else:
            totals += [_count(values.pop() if len(values) == 1 else None), ""]
    yield [*head, _("Answered this question"), *totals]


def _places_rows(head: list[Value], places: Mapping[str, Any]) -> Iterator[list[Value]]:
    """How many put each item at each place: everyone only."""
    for j, column in enumerate(places["columns"]):
        for i, row in enumerate(places["rows"]):
            count = places["cells"][i][j]
            yield [
                head[0],
                head[1],
                str(column["label"]),
                str(row["label"]),
                _count(count),
                _percent(places["percents"][i][j], count, places["col_totals"][j]),
            ]


def breakdown_rows(result: Mapping[str, Any]) -> list[list[Value]]:
    """results.compute's output as rows: one per question x answer (x statement, or x place),
    with a count and a percentage for everyone and for each group."""
    columns = _columns(result)
    header: list[Value] = [_("Question"), _("Question text"), _("Part"), _("Answer")]
    for label, _source, _j in columns:
        header += [
            _("%(column)s: count") % {"column": label},
            _("%(column)s: percent") % {"column": label},
        ]
    rows: list[list[Value]] = [header]
    if result.get("too_few"):
        rows.append(
            [
                "",
                _(
                    "Fewer than %(n)d people answered: nothing is shown, as so few answers could "
                    "point at the people who gave them."
                )
                % {"n": int(result["min_cell"]) + 1},
            ]
        )
        return rows
    answered = _("Answered this question")
    for entry in result.get("questions") or []:
        key, text = str(entry["key"]), str(entry["text"])
        if "statements" in entry:
            for statement in entry["statements"]:
                rows += _single_rows(
                    [key, text, str(statement["label"])], statement, columns, answered
                )
        elif "options" in entry:
            rows += _multiple_rows([key, text, _("Chose it")], entry["options"], columns)
        elif "places" in entry:
            rows += _places_rows([key, text], entry["places"])
            rows += _single_rows(
                [key, text, _("Ranked first")], entry["first"], columns, _("Ranked something first")
            )
        elif "overall" in entry:
            rows += _single_rows([key, text, ""], entry, columns, answered)
        elif "written" in entry:
            rows.append([key, text, "", _("Written answers"), _count(entry["written"])])
    return rows


# --- The answers --------------------------------------------------------------------------


def _answer_columns(
    questions: Sequence[Question],
) -> list[tuple[str, Question, str]]:
    """(heading, question, statement key) of each answer column: one per question, one per
    statement of a matrix."""
    out = []
    for q in questions:
        text = question_text(q, "en")
        if q.kind == Question.Kind.MATRIX:
            for statement in q.options:
                label = option_label(statement, "en")
                out.append((f"{q.key}: {text} — {label}", q, str(statement["key"])))
        else:
            out.append((f"{q.key}: {text}", q, ""))
    return out


def _answer_text(question: Question, value: Any, statement: str, labels: Mapping[str, str]) -> str:
    if value is None or value == "":
        return ""
    if question.kind == Question.Kind.MATRIX:
        point = value.get(statement) if isinstance(value, dict) else None
        return labels.get(point, str(point)) if point else ""
    if isinstance(value, list):
        joiner = " > " if question.kind == Question.Kind.RANKING else "; "
        return joiner.join(labels.get(str(v), str(v)) for v in value)
    return labels.get(str(value), str(value))


def answers_rows(survey: Survey) -> list[list[Value]]:
    """One row per response in the order of its random key: who (the public or Department
    members), how it came (online, paper, phone), its language, the day received, and each
    answer in English."""
    questions = questions_of(survey)
    columns = _answer_columns(questions)
    labels = {q.pk: {c.key: c.label for c in choices(q, "en")} for q in questions}
    audiences = dict(Response.Audience.choices)
    channels = dict(Response.Channel.choices)
    header: list[Value] = [_("Audience"), _("Channel"), _("Language"), _("Received on")]
    header += [heading for heading, _q, _s in columns]
    rows: list[list[Value]] = [header]
    for r in survey.responses.order_by("id"):
        row: list[Value] = [
            str(audiences.get(r.audience, r.audience)),
            str(channels.get(r.channel, r.channel)),
            r.language,
            r.received_on,
        ]
        for _heading, q, statement in columns:
            row.append(_answer_text(q, r.answers.get(q.key), statement, labels[q.pk]))
        rows.append(row)
    return rows


# --- Files --------------------------------------------------------------------------------


def _safe(value: Value, *, as_text_date: bool) -> Value:
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, datetime.date) and as_text_date:
        return value.isoformat()
    return value


def _csv(rows: Iterable[Sequence[Value]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_safe(v, as_text_date=True) for v in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows: Iterable[Sequence[Value]], sheet_name: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    for row in rows:
        sheet.append([_safe(v, as_text_date=False) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(
    rows: Iterable[Sequence[Value]], *, fmt: str, stem: str, sheet_name: str
) -> HttpResponse:
    """The rows as an attachment, never shown in the browser nor kept in a cache."""
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(rows, sheet_name), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    response["Cache-Control"] = "no-store, private"
    return response
