"""A survey's results as count tables, protected for publication (seed 002 V-C-2, V-D-3;
the issue's small-cell rule).

Every figure anyone sees, staff included, and every exported breakdown comes from here, so a
count from 1 to the survey's threshold (at least 10) is never shown or exported, nor anything
that would let one be worked out:

- the public's and Department members' answers are counted apart, never together;
- a breakdown by a demographic group merges groups of 1 to T respondents into "Other groups
  or not stated" (and merges more until that group is above T too), so every group size shown
  is above T; a breakdown with fewer than two groups left is not offered;
- each question's overall column is protected first (disclosure.protect) and every breakdown
  of that question keeps exactly its pattern of hidden totals, so that two tables of the same
  question cannot be set against each other;
- a multiple choice is a yes/no table per choice, because "did not choose" is a count too;
- a mean is shown only when no count of its question is hidden: with the mean and the number
  of answers, hidden counts could be solved for.

The output is plain data (dicts and lists), so the published snapshot is the same thing the
staff page shows, stored as JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from townhall.surveys.answers import choices, option_label, question_text
from townhall.surveys.disclosure import Protected, protect
from townhall.surveys.models import Question, Response, Survey

__all__ = [
    "DIMENSIONS",
    "OTHER",
    "Groups",
    "compute",
    "groups_for",
]

OTHER = "_other"
# The breakdowns offered: the standard demographic questions.
DIMENSIONS = tuple(s for s in Question.Standard.values if s)


@dataclass(frozen=True)
class Groups:
    """The columns of a breakdown: each respondent's group key, and the groups shown."""

    dimension: str
    columns: list[tuple[str, str]]  # (key, label), OTHER last
    of: dict[str, str]  # response id -> column key


def _answers(responses: Iterable[Response]) -> list[tuple[str, dict[str, Any]]]:
    return [(str(r.pk), r.answers) for r in responses]


def groups_for(
    survey: Survey,
    questions: Sequence[Question],
    rows: Sequence[tuple[str, dict[str, Any]]],
    dimension: str,
    language: str,
) -> Groups | None:
    """The groups of `dimension` that can be shown, or None when the survey does not ask it
    or too few groups are above the threshold."""
    question = next((q for q in questions if q.standard == dimension), None)
    if question is None:
        return None
    t = survey.min_cell
    labels = {c.key: c.label for c in choices(question, language)}
    given = {rid: answers.get(question.key, "") for rid, answers in rows}
    sizes = Counter(given.values())
    kept = [k for k in labels if sizes.get(k, 0) > t]
    merged = {k for k in sizes if k not in kept}
    # Merge the smallest shown groups into "other" until "other" is above T (or empty).
    while merged and 0 < sum(sizes[k] for k in merged) <= t and kept:
        smallest = min(kept, key=lambda k: (sizes[k], k))
        kept.remove(smallest)
        merged.add(smallest)
    other_size = sum(sizes[k] for k in merged)
    columns = [(k, labels[k]) for k in kept]
    if other_size:
        with override(language):
            columns.append((OTHER, _("Other groups or not stated")))
    if len(columns) < 2:
        return None
    of = {rid: (value if value in kept else OTHER) for rid, value in given.items()}
    return Groups(dimension=dimension, columns=columns, of=of)


def _table(
    p: Protected, rows: list[tuple[str, str]], columns: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "rows": [{"key": k, "label": label} for k, label in rows],
        "columns": [{"key": k, "label": label} for k, label in columns],
        "cells": [list(r) for r in p.cells],
        "percents": [
            [_round(p.percent(i, j)) for j in range(len(columns))] for i in range(len(rows))
        ],
        "row_totals": list(p.row_totals),
        "col_totals": list(p.col_totals),
        "total": p.total,
        "hidden": p.hidden_count,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _protected_pair(
    overall: list[int],
    by_group: list[list[int]] | None,
    t: int,
) -> tuple[Protected, Protected | None]:
    """The overall column, then the breakdown with the overall's pattern kept."""
    whole = protect([[c] for c in overall], min_cell=t)
    if by_group is None:
        return whole, None
    hidden_rows = [whole.cells[i][0] is None for i in range(len(overall))]
    cross = protect(
        by_group, min_cell=t, fixed_row_totals=hidden_rows, fixed_total=whole.total is None
    )
    return whole, cross


def _count_rows(
    keys: list[str],
    rows: Sequence[tuple[str, dict[str, Any]]],
    value_of: Any,
    groups: Groups | None,
) -> tuple[list[int], list[list[int]] | None]:
    overall = [0] * len(keys)
    index = {k: i for i, k in enumerate(keys)}
    cols = {k: j for j, (k, _label) in enumerate(groups.columns)} if groups else {}
    cross = [[0] * len(cols) for _k in keys] if groups else None
    for rid, answers in rows:
        value = value_of(answers)
        if value is None or value not in index:
            continue
        i = index[value]
        overall[i] += 1
        if cross is not None and groups is not None:
            cross[i][cols[groups.of[rid]]] += 1
    return overall, cross


def _single(
    question: Question,
    key: str,
    options: list[tuple[str, str]],
    rows: Sequence[tuple[str, dict[str, Any]]],
    groups: Groups | None,
    t: int,
    value_of: Any = None,
) -> dict[str, Any]:
    keys = [k for k, _label in options]
    overall, cross = _count_rows(keys, rows, value_of or (lambda a: a.get(key)), groups)
    whole, by = _protected_pair(overall, cross, t)
    out: dict[str, Any] = {"overall": _table(whole, options, [("all", "")])}
    if by is not None and groups is not None:
        out["by"] = _table(by, options, groups.columns)
    if question.kind in (Question.Kind.RATING, Question.Kind.LIKERT) and whole.hidden_count == 0:
        n = sum(overall)
        if n:
            out["mean"] = round(sum(int(k) * c for k, c in zip(keys, overall, strict=True)) / n, 2)
    return out


def _multiple(
    options: list[tuple[str, str]],
    key: str,
    rows: Sequence[tuple[str, dict[str, Any]]],
    groups: Groups | None,
    t: int,
    language: str,
) -> dict[str, Any]:
    """Each choice as its own yes/no table; only "chose it" is shown, with its protection
    worked out on both rows."""
    answered = [(rid, a) for rid, a in rows if isinstance(a.get(key), list)]
    with override(language):
        yes_no = [("yes", _("Chose it")), ("no", _("Did not"))]
    per_option = []
    for option_key, label in options:
        overall, cross = _count_rows(
            ["yes", "no"],
            answered,
            lambda a, k=option_key: "yes" if k in a.get(key, []) else "no",
            groups,
        )
        whole, by = _protected_pair(overall, cross, t)
        entry: dict[str, Any] = {
            "key": option_key,
            "label": label,
            "overall": _table(whole, yes_no, [("all", "")]),
        }
        if by is not None and groups is not None:
            entry["by"] = _table(by, yes_no, groups.columns)
        per_option.append(entry)
    _same_totals(per_option)
    return {"options": per_option}


def _same_totals(per_option: list[dict[str, Any]]) -> None:
    """Every choice's table shares the totals (who answered, overall and in each group), but
    each was protected alone: a total one table hides, another could show. So a total hidden
    in any is hidden in all, with the percentages that would give it back."""
    for part in ("overall", "by"):
        tables = [entry[part] for entry in per_option if part in entry]
        if not tables:
            continue
        width = len(tables[0]["col_totals"])
        hidden = {j for table in tables for j in range(width) if table["col_totals"][j] is None}
        total_hidden = any(table["total"] is None for table in tables)
        for table in tables:
            for j in hidden:
                table["col_totals"][j] = None
                for row in table["percents"]:
                    row[j] = None
            if total_hidden:
                table["total"] = None


def _ranking(
    question: Question,
    options: list[tuple[str, str]],
    rows: Sequence[tuple[str, dict[str, Any]]],
    groups: Groups | None,
    t: int,
    language: str,
) -> dict[str, Any]:
    """Places: how many put each item 1st, 2nd, …; by group, who put it first."""
    key = question.key
    keys = [k for k, _label in options]
    index = {k: i for i, k in enumerate(keys)}
    places = [[0] * len(keys) for _k in keys]
    for _rid, answers in rows:
        ranked = answers.get(key)
        if not isinstance(ranked, list):
            continue
        for place, item in enumerate(ranked):
            if item in index:
                places[index[item]][place] += 1
    with override(language):
        place_columns = [(str(p + 1), _("Place %(n)d") % {"n": p + 1}) for p in range(len(keys))]
    table = _table(protect(places, min_cell=t), options, place_columns)
    first = _single(
        question,
        key,
        options,
        rows,
        groups,
        t,
        value_of=lambda a: a[key][0] if isinstance(a.get(key), list) and a[key] else None,
    )
    return {"places": table, "first": first}


def compute(
    survey: Survey,
    *,
    audience: str,
    dimension: str = "",
    language: str = "en",
    responses: Iterable[Response] | None = None,
) -> dict[str, Any]:
    """The protected results of one audience, overall and, if asked and possible, by
    `dimension`. Plain data, ready for a template, JSON or an export."""
    questions = list(survey.questions.order_by("position", "id"))
    if responses is None:
        responses = survey.responses.filter(audience=audience).only("id", "answers")
    rows = _answers(responses)
    t = survey.min_cell
    n = len(rows)
    groups = groups_for(survey, questions, rows, dimension, language) if dimension else None
    result: dict[str, Any] = {
        "audience": audience,
        "min_cell": t,
        "respondents": n if n == 0 or n > t else None,
        "dimension": dimension,
        "dimension_available": groups is not None,
        "groups": ([{"key": k, "label": label} for k, label in groups.columns] if groups else []),
        "questions": [],
    }
    if 0 < n <= t:
        # Too few to show anything: even the count is hidden.
        result["too_few"] = True
        return result
    for question in questions:
        entry: dict[str, Any] = {
            "key": question.key,
            "text": question_text(question, language),
            "kind": question.kind,
            "standard": question.standard,
            "conditional": question.show_if_id is not None,
        }
        options = [(c.key, c.label) for c in choices(question, language)]
        if question.kind == Question.Kind.MATRIX:
            scale = options
            entry["statements"] = []
            for statement in question.options:
                part = _single(
                    question,
                    question.key,
                    scale,
                    rows,
                    groups,
                    t,
                    value_of=lambda a, s=statement["key"], k=question.key: (
                        a[k].get(s) if isinstance(a.get(k), dict) else None
                    ),
                )
                part["label"] = option_label(statement, language)
                entry["statements"].append(part)
        elif question.kind == Question.Kind.MULTIPLE and not question.standard:
            entry.update(_multiple(options, question.key, rows, groups, t, language))
        elif question.kind == Question.Kind.RANKING:
            entry.update(_ranking(question, options, rows, groups, t, language))
        elif question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            written = sum(1 for _rid, a in rows if a.get(question.key))
            entry["written"] = written if written == 0 or written > t else None
        else:
            entry.update(_single(question, question.key, options, rows, groups, t))
        result["questions"].append(entry)
    return result


def relabel(result: dict[str, Any], survey: Survey, language: str) -> dict[str, Any]:
    """A computed (or published) result with its words in `language`: the counts and what is
    hidden do not depend on the language, only the labels do."""
    import copy

    out = copy.deepcopy(result)
    questions = {q.key: q for q in survey.questions.all()}
    group_labels: dict[str, str] = {}
    dimension = out.get("dimension")
    if dimension:
        standard = next((q for q in questions.values() if q.standard == dimension), None)
        if standard is not None:
            group_labels = {c.key: c.label for c in choices(standard, language)}
        with override(language):
            group_labels[OTHER] = _("Other groups or not stated")
        for group in out.get("groups", []):
            group["label"] = group_labels.get(group["key"], group["label"])

    def fix(table: dict[str, Any] | None, labels: dict[str, str]) -> None:
        if not table:
            return
        for row in table["rows"]:
            row["label"] = labels.get(row["key"], row["label"])
        for column in table["columns"]:
            column["label"] = group_labels.get(column["key"], column["label"])

    for entry in out.get("questions", []):
        question = questions.get(entry["key"])
        if question is None:
            continue
        entry["text"] = question_text(question, language)
        labels = {c.key: c.label for c in choices(question, language)}
        for part in [entry, *entry.get("statements", []), entry.get("first") or {}]:
            fix(part.get("overall"), labels)
            fix(part.get("by"), labels)
        for statement, source in zip(entry.get("statements", []), question.options, strict=False):
            statement["label"] = option_label(source, language)
        with override(language):
            yes_no = {"yes": _("Chose it"), "no": _("Did not")}
        for option in entry.get("options", []):
            option["label"] = labels.get(option["key"], option["label"])
            fix(option.get("overall"), yes_no)
            fix(option.get("by"), yes_no)
        if entry.get("places"):
            fix(entry["places"], labels)
    return out
