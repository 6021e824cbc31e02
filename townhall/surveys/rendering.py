"""A survey's questions made ready for the form templates (surveys/_questions.html).

The public form, staff's preview and staff's paper and phone entry all show the questions
through `question_rows`, so the three agree on the field names that answers.clean_answers
reads, and a form sent back with a problem shows every value the person typed.

Element ids are built from the field name and the position of a choice, never from a
choice's key, so that whatever staff chose as keys the ids stay unique and valid.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override

from townhall.surveys.answers import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    choices,
    field_name,
    option_label,
    question_help,
    question_text,
)
from townhall.surveys.models import Question

__all__ = ["Option", "Part", "QuestionRow", "question_rows"]


@dataclass(frozen=True)
class Option:
    """One radio, checkbox or select option; `checked` means selected for a select."""

    value: str
    label: str
    id: str
    checked: bool


@dataclass(frozen=True)
class Part:
    """An item of a ranking (a select of places) or a statement of a matrix (its radios)."""

    label: str
    name: str
    id: str
    options: list[Option]


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    number: int
    key: str
    kind: str
    # How it is asked: radio, checkbox, select, text, textarea, ranking or matrix.
    widget: str
    name: str
    id: str
    text: str
    help: str
    required: bool
    options: list[Option] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    value: str = ""
    limit: int = 0
    error: str = ""
    # Conditional display: the visible note, and what surveys.js reads to hide the question.
    note: str = ""
    show_if: str = ""
    show_values: str = ""

    @property
    def help_id(self) -> str:
        return f"{self.id}-help"

    @property
    def note_id(self) -> str:
        return f"{self.id}-note"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def count_id(self) -> str:
        return f"{self.id}-count"

    @property
    def described_by(self) -> str:
        ids = []
        if self.help:
            ids.append(self.help_id)
        if self.note:
            ids.append(self.note_id)
        if self.error:
            ids.append(self.error_id)
        if self.widget in ("text", "textarea"):
            ids.append(self.count_id)
        return " ".join(ids)

    @property
    def anchor(self) -> str:
        """The control an error summary's link moves to: the first one of the question."""
        if self.widget in ("radio", "checkbox") and self.options:
            return self.options[0].id
        if self.parts:
            first = self.parts[0]
            return first.id if self.widget == "ranking" else first.options[0].id
        return self.id


def _values(raw: Mapping[str, Sequence[str]], name: str) -> list[str]:
    return [str(v).strip() for v in raw.get(name) or []]


def _last(raw: Mapping[str, Sequence[str]], name: str) -> str:
    values = raw.get(name) or []
    return str(values[-1]).strip() if values else ""


_WIDGETS: dict[str, str] = {
    Question.Kind.MULTIPLE.value: "checkbox",
    Question.Kind.SHORT_TEXT.value: "text",
    Question.Kind.LONG_TEXT.value: "textarea",
    Question.Kind.RANKING.value: "ranking",
    Question.Kind.MATRIX.value: "matrix",
}


def _widget(question: Question) -> str:
    if question.standard == Question.Standard.DISTRICT:
        return "select"
    if question.standard:
        return "radio"
    return _WIDGETS.get(question.kind, "radio")


def _note(
    question: Question,
    language: str,
    numbers: Mapping[int, int],
    parents: Mapping[int, Question],
) -> str:
    parent = parents.get(question.show_if_id or 0)
    if parent is None:
        return ""
    labels = {c.key: c.label for c in choices(parent, language)}
    wanted = [labels.get(v, v) for v in question.show_if_values]
    number = numbers[parent.pk]
    if len(wanted) == 1:
        return _("Answer this only if you answered “%(answer)s” to question %(number)d.") % {
            "answer": wanted[0],
            "number": number,
        }
    return _("Answer this only if your answer to question %(number)d was one of: %(answers)s.") % {
        "number": number,
        "answers": ", ".join(f"“{w}”" for w in wanted),
    }


def _row(
    question: Question,
    number: int,
    language: str,
    raw: Mapping[str, Sequence[str]],
    errors: Mapping[str, str],
    note: str,
    parent_name: str,
) -> QuestionRow:
    name = field_name(question)
    widget = _widget(question)
    offered = choices(question, language)
    chosen = set(_values(raw, name))
    options: list[Option] = []
    parts: list[Part] = []
    value = ""
    limit = 0
    if widget in ("radio", "checkbox"):
        options = [
            Option(c.key, c.label, f"{name}-opt-{i}", c.key in chosen)
            for i, c in enumerate(offered, start=1)
        ]
        if question.standard:
            # "Prefer not to say" is the empty answer: chosen, it stores nothing.
            options.append(
                Option("", _("Prefer not to say"), f"{name}-opt-0", name in raw and "" in chosen)
            )
    elif widget == "select":
        given = _last(raw, name)
        options = [Option("", _("Prefer not to say"), f"{name}-opt-0", not given)] + [
            Option(c.key, c.label, f"{name}-opt-{i}", c.key == given)
            for i, c in enumerate(offered, start=1)
        ]
    elif widget in ("text", "textarea"):
        values = raw.get(name) or []
        value = str(values[-1]).replace("\x00", "") if values else ""
        limit = SHORT_TEXT_MAX if widget == "text" else LONG_TEXT_MAX
    elif widget == "ranking":
        places = [str(n) for n in range(1, len(question.options) + 1)]
        for i, item in enumerate(question.options, start=1):
            item_name = field_name(question, item["key"])
            given = _last(raw, item_name)
            parts.append(
                Part(
                    label=option_label(item, language),
                    name=item_name,
                    id=f"{name}-item-{i}",
                    options=[Option("", _("Not ranked"), "", given not in places)]
                    + [Option(p, p, "", p == given) for p in places],
                )
            )
    elif widget == "matrix":
        for i, statement in enumerate(question.options, start=1):
            row_name = field_name(question, statement["key"])
            given = _last(raw, row_name)
            parts.append(
                Part(
                    label=option_label(statement, language),
                    name=row_name,
                    id=f"{name}-row-{i}",
                    options=[
                        Option(c.key, c.label, f"{name}-row-{i}-opt-{j}", c.key == given)
                        for j, c in enumerate(offered, start=1)
                    ],
                )
            )
    return QuestionRow(
        question=question,
        number=number,
        key=question.key,
        kind=question.kind,
        widget=widget,
        name=name,
        id=name,
        text=question_text(question, language),
        help=question_help(question, language),
        required=question.required,
        options=options,
        parts=parts,
        value=value,
        limit=limit,
        error=errors.get(name, ""),
        note=note,
        show_if=parent_name,
        show_values=json.dumps(list(question.show_if_values)) if parent_name else "",
    )


def question_rows(
    questions: Sequence[Question],
    language: str,
    raw: Mapping[str, Sequence[str]] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[QuestionRow]:
    """The questions, in order and numbered from 1, in `language`, with what was typed
    (`raw`, as `dict(request.POST.lists())`) and the problems (`errors`, keyed by field name
    as AnswersInvalid gives them)."""
    raw = raw or {}
    errors = errors or {}
    by_id = {q.pk: q for q in questions}
    numbers = {q.pk: n for n, q in enumerate(questions, start=1)}
    rows = []
    with override(language):
        for number, question in enumerate(questions, start=1):
            parent = by_id.get(question.show_if_id or 0)
            rows.append(
                _row(
                    question,
                    number,
                    language,
                    raw,
                    errors,
                    note=_note(question, language, numbers, by_id) if parent else "",
                    parent_name=field_name(parent) if parent else "",
                )
            )
    return rows
