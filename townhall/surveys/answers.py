"""What a survey asks and what counts as an answer: the choices of each question in a language,
conditional display, and the cleaning of a submitted form into stored answers.

Pure functions over `Question` rows, used by the public form, staff's paper and phone entry,
the preview and the results, so that all of them agree on what a question offers.

Form field names: ``q-<key>`` for one value (or several, for a multiple choice), and
``q-<key>-<option key>`` for each item of a ranking (its rank) or a matrix (its scale point).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from townhall.core import demographics
from townhall.core.districts import district_choices
from townhall.core.errors import FieldsInvalid
from townhall.surveys.models import Question

__all__ = [
    "LIKERT",
    "LONG_TEXT_MAX",
    "SHORT_TEXT_MAX",
    "AnswersInvalid",
    "Choice",
    "choices",
    "clean_answers",
    "field_name",
    "free_text",
    "is_shown",
    "option_label",
    "question_help",
    "question_text",
]

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000

# The five-point agreement scale of every Likert question and matrix, in the interface's words.
LIKERT: tuple[tuple[str, Any], ...] = (
    ("1", gettext_lazy("Strongly disagree")),
    ("2", gettext_lazy("Disagree")),
    ("3", gettext_lazy("Neither agree nor disagree")),
    ("4", gettext_lazy("Agree")),
    ("5", gettext_lazy("Strongly agree")),
)

_STANDARD_TEXT: dict[str, Any] = {
    Question.Standard.AGE: gettext_lazy("What is your age?"),
    Question.Standard.RACE: gettext_lazy("What is your race or ethnicity?"),
    Question.Standard.GENDER: gettext_lazy("What is your gender?"),
    Question.Standard.DISTRICT: gettext_lazy("In which police district do you live?"),
    Question.Standard.LIVED: gettext_lazy(
        "Have you, or someone close to you, had direct experience of what this survey is about?"
    ),
}

_STANDARD_CHOICES: dict[str, type[TextChoices]] = {
    Question.Standard.AGE: demographics.AgeBand,
    Question.Standard.RACE: demographics.Race,
    Question.Standard.GENDER: demographics.Gender,
    Question.Standard.LIVED: demographics.Lived,
}


class AnswersInvalid(FieldsInvalid):
    """Field-level problems with a survey's answers, keyed by form field name."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


def field_name(question: Question, option_key: str = "") -> str:
    return f"q-{question.key}-{option_key}" if option_key else f"q-{question.key}"


def _pick(values: Mapping[str, str] | None, language: str) -> str:
    values = values or {}
    return values.get(language) or values.get("en", "")


def question_text(question: Question, language: str) -> str:
    if question.standard:
        with override(language):
            return str(_STANDARD_TEXT[question.standard])
    return _pick(question.text, language)


def question_help(question: Question, language: str) -> str:
    return _pick(question.help, language)


def option_label(option: Mapping[str, Any], language: str) -> str:
    return _pick(option.get("label"), language)


def choices(question: Question, language: str) -> list[Choice]:
    """What a question offers, in `language`. For a matrix, the scale of each statement (the
    statements are its options). Standard questions leave out "Prefer not to say": the form
    offers it as the empty answer."""
    with override(language):
        if question.standard == Question.Standard.DISTRICT:
            return [Choice(str(n), label) for n, label in district_choices()]
        if question.standard:
            return [
                Choice(str(value), str(label))
                for value, label in _STANDARD_CHOICES[question.standard].choices
                if value
            ]
        if question.kind in (Question.Kind.LIKERT, Question.Kind.MATRIX):
            return [Choice(k, str(label)) for k, label in LIKERT]
        if question.kind == Question.Kind.RATING:
            return [Choice(str(i), str(i)) for i in range(1, question.scale_max + 1)]
    return [Choice(o["key"], option_label(o, language)) for o in question.options]


def is_shown(question: Question, answers: Mapping[str, Any], by_id: Mapping[int, Question]) -> bool:
    """A conditional question shows when the earlier answer is one of its values (or, for a
    multiple choice, includes one), and its own condition's question is shown too."""
    if question.show_if_id is None:
        return True
    parent = by_id.get(question.show_if_id)
    if parent is None:
        return True
    if not is_shown(parent, answers, by_id):
        return False
    given = answers.get(parent.key)
    wanted = set(question.show_if_values)
    if isinstance(given, list):
        return bool(wanted.intersection(given))
    return given in wanted


def _one(raw: Mapping[str, Sequence[str]], name: str) -> str:
    values = raw.get(name) or []
    return values[-1].strip() if values else ""


def clean_answers(
    questions: Sequence[Question], raw: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """The stored answers from a submitted form (`dict(request.POST.lists())`), or
    `AnswersInvalid` naming each field at fault. Answers to a question whose condition is not
    met are dropped, so a form filled without JavaScript (where every question shows) stores
    only what the person was really asked."""
    by_id = {q.pk: q for q in questions}
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:  # in order: a condition only looks back
        if not is_shown(question, answers, by_id):
            continue
        name = field_name(question)
        keys = {c.key for c in choices(question, "en")}
        kind = question.kind
        if question.standard or kind in (
            Question.Kind.SINGLE,
            Question.Kind.LIKERT,
            Question.Kind.RATING,
        ):
            value = _one(raw, name)
            if value and value not in keys:
                errors[name] = _("Choose one of the answers listed.")
            elif value:
                answers[question.key] = value
            elif question.required:
                errors[name] = _("Please answer this question.")
        elif kind == Question.Kind.MULTIPLE:
            values = [v.strip() for v in raw.get(name) or [] if v.strip()]
            if any(v not in keys for v in values):
                errors[name] = _("Choose from the answers listed.")
            elif values:
                answers[question.key] = sorted(set(values), key=list(keys_in_order(question)).index)
            elif question.required:
                errors[name] = _("Please choose at least one answer.")
        elif kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            text = _one(raw, name).replace("\r\n", "\n").replace("\x00", "")
            limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
            if len(text) > limit:
                errors[name] = _("Please keep this to %(limit)s characters.") % {
                    "limit": f"{limit:,}"
                }
            elif text:
                answers[question.key] = text
            elif question.required:
                errors[name] = _("Please answer this question.")
        elif kind == Question.Kind.RANKING:
            _clean_ranking(question, raw, answers, errors)
        elif kind == Question.Kind.MATRIX:
            _clean_matrix(question, raw, answers, errors, keys)
    if errors:
        raise AnswersInvalid(errors)
    return answers


def keys_in_order(question: Question) -> Iterable[str]:
    return [c.key for c in choices(question, "en")]


def _clean_ranking(
    question: Question,
    raw: Mapping[str, Sequence[str]],
    answers: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """A ranking is a rank number per item (a select each, so it works without JavaScript).
    Stored as the item keys from first to last; items left unranked are left out."""
    name = field_name(question)
    items = [o["key"] for o in question.options]
    ranks: dict[str, int] = {}
    for item in items:
        value = _one(raw, field_name(question, item))
        if not value:
            continue
        try:
            rank = int(value)
        except ValueError:
            rank = 0
        if not 1 <= rank <= len(items):
            errors[name] = _("Give each item a place from 1 to %(n)d.") % {"n": len(items)}
            return
        ranks[item] = rank
    if len(set(ranks.values())) != len(ranks):
        errors[name] = _("Give each item a different place: two items share one.")
        return
    if ranks and sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
        errors[name] = _("Number the items you rank 1, 2, 3… without gaps.")
        return
    if not ranks:
        if question.required:
            errors[name] = _("Please rank at least your first choice.")
        return
    answers[question.key] = sorted(ranks, key=ranks.__getitem__)


def _clean_matrix(
    question: Question,
    raw: Mapping[str, Sequence[str]],
    answers: dict[str, Any],
    errors: dict[str, str],
    scale: set[str],
) -> None:
    name = field_name(question)
    given: dict[str, str] = {}
    for row in question.options:
        value = _one(raw, field_name(question, row["key"]))
        if value and value not in scale:
            errors[name] = _("Choose one of the answers listed.")
            return
        if value:
            given[row["key"]] = value
    if question.required and len(given) < len(question.options):
        errors[name] = _("Please answer every statement.")
        return
    if given:
        answers[question.key] = given


def free_text(questions: Iterable[Question], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (question key, text) pairs of the free-text answers, for the feedback pool."""
    out = []
    for question in questions:
        if question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            text = answers.get(question.key)
            if isinstance(text, str) and text.strip():
                out.append((question.key, text))
    return out
