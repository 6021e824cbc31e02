"""Parsing what staff send about surveys. The services check the rules; these forms turn the
fields into values (words per language into {language: text} maps, a Chicago date and time
into an aware instant, lines of choices into options with stable keys) and carry the
services' field errors back beside the fields, keeping what was typed."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from townhall.engagements.models import Activity
from townhall.meetings.staff.forms import chicago_instant, wall_clock
from townhall.surveys import services
from townhall.surveys.answers import choices, question_text
from townhall.surveys.models import Question, Survey
from townhall.surveys.services import CHOICE_KINDS, CONDITION_KINDS, LANGUAGES
from townhall.surveys.staff.common import AUTHORED, direction, language_name, numbers_of

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATE_ERRORS = {"invalid": gettext_lazy("Enter a date such as 2026-05-14.")}
_TIME_ERRORS = {"invalid": gettext_lazy("Enter a time such as 09:00.")}

OPTION_KINDS = (*CHOICE_KINDS, Question.Kind.MATRIX)


def suffix(code: str) -> str:
    """A language code as part of a field name ("zh-hans" -> "zh_hans")."""
    return code.replace("-", "_")


def _label(text: str, code: str) -> str:
    """A field's label, naming its language unless it is English: the error summary lists
    the fields of every language together."""
    return text if code == AUTHORED else f"{text} ({language_name(code)})"


def _in(code: str, attrs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A field holds text in its own language, whatever the page's language."""
    return {**(attrs or {}), "lang": code, "dir": direction(code)}


@dataclass(frozen=True)
class LanguageGroup:
    """One language's fields, shown together (English open, the others folded)."""

    code: str
    name: str
    direction: str
    fields: list[BoundField]
    has_errors: bool


class PerLanguage(forms.Form):
    """A form with a field per language for some of its words."""

    per_language: tuple[str, ...] = ()
    languages: Sequence[str] = LANGUAGES

    def groups(self) -> list[LanguageGroup]:
        out = []
        for code in self.languages:
            names = [f"{base}_{suffix(code)}" for base in self.per_language]
            bound = [self[name] for name in names if name in self.fields]
            out.append(
                LanguageGroup(
                    code=code,
                    name=language_name(code),
                    direction=direction(code),
                    fields=bound,
                    has_errors=any(b.errors for b in bound),
                )
            )
        return out

    def english_group(self) -> LanguageGroup:
        return self.groups()[0]

    def other_groups(self) -> list[LanguageGroup]:
        return self.groups()[1:]

    def texts(self, base: str) -> dict[str, str]:
        data = self.cleaned_data
        return {
            code: data.get(f"{base}_{suffix(code)}") or ""
            for code in self.languages
            if f"{base}_{suffix(code)}" in self.fields
        }


# -- The survey ------------------------------------------------------------------------------

#: The services' names for the fields of SurveyForm.
SURVEY_FIELD_NAMES = {
    "title": "title_en",
    "intro": "intro_en",
    "opens_at": "opens_day",
    "closes_at": "closes_day",
}


class SurveyForm(PerLanguage):
    """A survey's details (services.SurveyDetails): its words in each language, who answers
    and how, when it is open (Chicago time) and the smallest count its results show."""

    per_language = ("title", "intro")

    audience = forms.ChoiceField(
        label=gettext_lazy("Who answers"),
        choices=Survey.Audience.choices,
        widget=forms.RadioSelect,
    )
    access = forms.ChoiceField(
        label=gettext_lazy("Who can open it"),
        choices=Survey.Access.choices,
        widget=forms.RadioSelect,
    )
    offered = forms.MultipleChoiceField(
        label=gettext_lazy("Languages offered"),
        help_text=gettext_lazy(
            "English is always offered. Every language offered must be complete (the title, "
            "every question and every choice) before the survey is scheduled."
        ),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_day = forms.DateField(
        label=gettext_lazy("Opens on"), required=False, widget=_DATE, error_messages=_DATE_ERRORS
    )
    opens_time = forms.TimeField(
        label=gettext_lazy("Opens at (Chicago time)"),
        required=False,
        widget=_TIME,
        error_messages=_TIME_ERRORS,
    )
    closes_day = forms.DateField(
        label=gettext_lazy("Closes on"), required=False, widget=_DATE, error_messages=_DATE_ERRORS
    )
    closes_time = forms.TimeField(
        label=gettext_lazy("Closes at (Chicago time)"),
        required=False,
        widget=_TIME,
        error_messages=_TIME_ERRORS,
    )
    min_cell = forms.IntegerField(
        label=gettext_lazy("Smallest count the results show"),
        help_text=gettext_lazy(
            "Any count from 1 up to this is hidden in the results and exports, so that small "
            "groups cannot be picked out. It can go up, never below 10."
        ),
        error_messages={
            "required": gettext_lazy("Give the smallest count shown, 10 or more."),
            "invalid": gettext_lazy("Give a whole number, 10 or more."),
        },
    )

    def __init__(self, *args: Any, survey: Survey | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        for code in LANGUAGES:
            english = code == AUTHORED
            self.fields[f"title_{suffix(code)}"] = forms.CharField(
                label=_label(_("Title"), code),
                max_length=300,
                required=english,
                error_messages={"required": _("Give the survey a title in English.")},
                widget=forms.TextInput(attrs=_in(code)),
            )
            self.fields[f"intro_{suffix(code)}"] = forms.CharField(
                label=_label(_("Introduction"), code),
                help_text=_("What the survey is about, and that the answers are anonymous.")
                if english
                else "",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs=_in(code, {"rows": 4})),
            )
        offered = cast(forms.MultipleChoiceField, self.fields["offered"])
        offered.choices = [(code, language_name(code)) for code in LANGUAGES if code != AUTHORED]

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        """A new survey starts with the activity's title and dates."""
        values: dict[str, Any] = {
            "title_en": activity.title,
            "audience": Survey.Audience.PUBLIC,
            "access": Survey.Access.OPEN,
            "offered": [],
            "min_cell": services.MIN_CELL_FLOOR,
        }
        if activity.starts_on:
            values.update(opens_day=activity.starts_on, opens_time=datetime.time(9, 0))
        if activity.ends_on:
            values.update(closes_day=activity.ends_on, closes_time=datetime.time(17, 0))
        return values

    @classmethod
    def initial_of(cls, survey: Survey) -> dict[str, Any]:
        values: dict[str, Any] = {
            "audience": survey.audience,
            "access": survey.access,
            "offered": [code for code in survey.languages if code != AUTHORED],
            "min_cell": survey.min_cell,
        }
        for code in LANGUAGES:
            values[f"title_{suffix(code)}"] = survey.title.get(code, "")
            values[f"intro_{suffix(code)}"] = survey.intro.get(code, "")
        for name, instant in (("opens", survey.opens_at), ("closes", survey.closes_at)):
            if instant is not None:
                local = wall_clock(instant)
                values[f"{name}_day"] = local.date()
                values[f"{name}_time"] = local.time()
        return values

    def _instant(self, name: str, keep: datetime.datetime | None) -> datetime.datetime | None:
        data = self.cleaned_data
        day, time = data.get(f"{name}_day"), data.get(f"{name}_time")
        if day is None and time is None:
            return None
        if day is None:
            if f"{name}_day" not in self.errors:
                self.add_error(f"{name}_day", _("Give the date as well as the time."))
            return None
        if time is None:
            if f"{name}_time" not in self.errors:
                self.add_error(f"{name}_time", _("Give the time as well as the date."))
            return None
        instant = chicago_instant(day, time, keep=keep)
        if instant is None:
            self.add_error(
                f"{name}_time",
                _(
                    "%(time)s does not exist on that day in Chicago: the clocks go forward an "
                    "hour. Choose a time outside that hour."
                )
                % {"time": time.strftime("%H:%M")},
            )
        return instant

    def clean(self) -> dict[str, Any]:
        super().clean()
        survey = self.survey
        self.cleaned_data["opens_at"] = self._instant("opens", survey.opens_at if survey else None)
        self.cleaned_data["closes_at"] = self._instant(
            "closes", survey.closes_at if survey else None
        )
        return self.cleaned_data

    def details(self) -> services.SurveyDetails:
        data = self.cleaned_data
        return services.SurveyDetails(
            title=self.texts("title"),
            intro=self.texts("intro"),
            audience=data["audience"],
            access=data["access"],
            languages=[AUTHORED, *data.get("offered", [])],
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            min_cell=data["min_cell"],
        )


# -- A question ------------------------------------------------------------------------------

#: The services' names for the fields of QuestionForm.
QUESTION_FIELD_NAMES = {"text": "text_en", "options": "options_en", "help": "help_en"}


@dataclass(frozen=True)
class ConditionChoice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class ConditionGroup:
    """The answers of one earlier question, as checkboxes: which of them show this one."""

    question: Question
    number: int
    text: str
    choices: list[ConditionChoice]


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _earlier(questions: Sequence[Question], question: Question | None) -> list[Question]:
    if question is None:
        return list(questions)
    out = []
    for q in questions:
        if q.pk == question.pk:
            break
        out.append(q)
    return out


class QuestionForm(PerLanguage):
    """A question's words per language, its choices (one per line; the English lines define
    them, each other language's lines translate them by position), whether it must be answered,
    a rating's top mark, and the earlier answer it is shown on."""

    per_language = ("text", "help", "options")

    required = forms.BooleanField(
        label=gettext_lazy("An answer is required"),
        help_text=gettext_lazy("A conditional question is required only when it is shown."),
        required=False,
    )
    scale_max = forms.IntegerField(
        label=gettext_lazy("Top mark of the rating"),
        help_text=gettext_lazy("People choose from 1 up to this, between 3 and 10."),
        required=False,
        min_value=3,
        max_value=10,
    )
    show_if = forms.ChoiceField(
        label=gettext_lazy("Show this question"),
        help_text=gettext_lazy(
            "A question can be shown only on certain answers to an earlier choice question. "
            "Without JavaScript every question is shown, with a note saying when to answer it."
        ),
        required=False,
        choices=(),
    )
    show_if_values = forms.MultipleChoiceField(
        label=gettext_lazy("On these answers"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        survey: Survey,
        questions: Sequence[Question],
        kind: str,
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.question = question
        self.kind_value = kind
        self.numbers = numbers_of(list(questions))
        uses_options = kind in OPTION_KINDS
        matrix = kind == Question.Kind.MATRIX
        for code in LANGUAGES:
            english = code == AUTHORED
            self.fields[f"text_{suffix(code)}"] = forms.CharField(
                label=_label(_("Question"), code),
                max_length=1000,
                required=english,
                error_messages={"required": _("Write the question in English.")},
                widget=forms.Textarea(attrs=_in(code, {"rows": 2})),
            )
            self.fields[f"help_{suffix(code)}"] = forms.CharField(
                label=_label(_("Help text"), code),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs=_in(code, {"rows": 2})),
            )
            if uses_options:
                if english:
                    hint = (
                        _("One statement per line; each is answered on the agreement scale.")
                        if matrix
                        else _("One choice per line, in the order they are shown.")
                    )
                else:
                    hint = _(
                        "One per line, in the same order as the English lines; leave a line "
                        "empty where there is no translation yet."
                    )
                self.fields[f"options_{suffix(code)}"] = forms.CharField(
                    label=_label(_("Statements") if matrix else _("Choices"), code),
                    help_text=hint,
                    required=False,
                    widget=forms.Textarea(attrs=_in(code, {"rows": 5})),
                )
        if kind != Question.Kind.RATING:
            del self.fields["scale_max"]
        self.earlier = _earlier(questions, question)
        conditional = [q for q in self.earlier if q.standard or q.kind in CONDITION_KINDS]
        self.conditional = conditional
        cast(forms.ChoiceField, self.fields["show_if"]).choices = [
            ("", _("Always")),
            *[
                (
                    str(q.pk),
                    _("Only on certain answers to question %(n)d: %(text)s")
                    % {"n": self.numbers[q.pk], "text": question_text(q, AUTHORED)[:80]},
                )
                for q in conditional
            ],
        ]
        cast(forms.MultipleChoiceField, self.fields["show_if_values"]).choices = [
            (f"{q.key}:{c.key}", c.label) for q in conditional for c in choices(q, AUTHORED)
        ]

    @classmethod
    def initial_new(cls) -> dict[str, Any]:
        return {"scale_max": 5, "show_if": ""}

    @classmethod
    def initial_of(cls, question: Question) -> dict[str, Any]:
        values: dict[str, Any] = {
            "required": question.required,
            "scale_max": question.scale_max,
            "show_if": str(question.show_if_id or ""),
            "show_if_values": [f"{question.show_if.key}:{v}" for v in question.show_if_values]
            if question.show_if
            else [],
        }
        for code in LANGUAGES:
            values[f"text_{suffix(code)}"] = question.text.get(code, "")
            values[f"help_{suffix(code)}"] = question.help.get(code, "")
            labels = [str(o.get("label", {}).get(code, "")) for o in question.options]
            while labels and not labels[-1]:
                labels.pop()
            values[f"options_{suffix(code)}"] = "\n".join(labels)
        return values

    def condition_groups(self) -> list[ConditionGroup]:
        """The earlier questions' answers, grouped by question: all of them are on the page,
        so it works without JavaScript; the one chosen above is the one that counts."""
        checked = set(self["show_if_values"].value() or [])
        groups = []
        for q in self.conditional:
            groups.append(
                ConditionGroup(
                    question=q,
                    number=self.numbers[q.pk],
                    text=question_text(q, AUTHORED),
                    choices=[
                        ConditionChoice(
                            value=f"{q.key}:{c.key}",
                            label=c.label,
                            checked=f"{q.key}:{c.key}" in checked,
                            id=f"id_show_if_values_{q.key}_{n}",
                        )
                        for n, c in enumerate(choices(q, AUTHORED))
                    ],
                )
            )
        return groups

    def _options(self) -> list[dict[str, Any]]:
        """Options from the lines. A line whose English words an existing choice has keeps
        that choice's key, and the others take the remaining keys in order, so conditions on
        the choices survive a reworded or reordered list."""
        data = self.cleaned_data
        english = [line for line in _lines(data.get("options_en") or "") if line]
        others: dict[str, list[str]] = {}
        for code in LANGUAGES:
            if code == AUTHORED:
                continue
            name = f"options_{suffix(code)}"
            lines = _lines(data.get(name) or "")
            if len(lines) > len(english):
                self.add_error(
                    name,
                    _(
                        "There are more lines here than in English: each line translates the "
                        "English line at the same place."
                    ),
                )
            others[code] = lines
        existing = list(self.question.options) if self.question else []
        by_label = {str(o.get("label", {}).get(AUTHORED, "")): o["key"] for o in existing}
        taken = {by_label[line] for line in english if line in by_label}
        spare = [o["key"] for o in existing if o["key"] not in taken]
        options = []
        used: set[str] = set()
        for i, line in enumerate(english):
            key = by_label.get(line, "")
            if not key or key in used:
                key = spare.pop(0) if spare else ""
            used.add(key)
            label = {AUTHORED: line}
            for code, lines in others.items():
                if i < len(lines) and lines[i]:
                    label[code] = lines[i]
            options.append({"key": key, "label": label})
        return options

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["options"] = self._options() if self.kind_value in OPTION_KINDS else []
        parent = next((q for q in self.conditional if str(q.pk) == data.get("show_if")), None)
        data["show_if_question"] = parent
        data["show_if_keys"] = (
            [
                value.split(":", 1)[1]
                for value in data.get("show_if_values") or []
                if value.split(":", 1)[0] == parent.key
            ]
            if parent
            else []
        )
        return data

    def details(self) -> services.QuestionDetails:
        data = self.cleaned_data
        return services.QuestionDetails(
            kind=self.kind_value,
            text=self.texts("text"),
            help=self.texts("help"),
            options=data["options"],
            scale_max=data.get("scale_max") or 5,
            required=data["required"],
            show_if=data["show_if_question"],
            show_if_values=data["show_if_keys"],
        )


# -- A wording fix ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FixGroup:
    code: str
    name: str
    direction: str
    text: BoundField
    help: BoundField
    options: list[BoundField]
    has_errors: bool


class QuestionFixForm(forms.Form):
    """Once answers exist, the words only, in each offered language, with the reason (shown
    beside the results). The kind, the choices and their order stay as they are."""

    reason = forms.CharField(
        label=gettext_lazy("Why the wording changes"),
        help_text=gettext_lazy(
            "Recorded with the change and shown beside the results, e.g. “A typo in the "
            "Spanish question”."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Say why the wording changes: it is shown beside the results.")
        },
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        survey = question.survey
        self.languages = [
            code for code in LANGUAGES if code in survey.languages or code == AUTHORED
        ]
        for code in self.languages:
            s = suffix(code)
            self.fields[f"text_{s}"] = forms.CharField(
                label=_label(_("Question"), code),
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs=_in(code, {"rows": 2})),
            )
            self.fields[f"help_{s}"] = forms.CharField(
                label=_label(_("Help text"), code),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs=_in(code, {"rows": 2})),
            )
            for option in question.options:
                english = str(option.get("label", {}).get(AUTHORED, option["key"]))
                self.fields[f"opt_{option['key']}_{s}"] = forms.CharField(
                    label=_label(_("Choice “%(label)s”") % {"label": english}, code),
                    max_length=500,
                    required=False,
                    widget=forms.TextInput(attrs=_in(code)),
                )

    @classmethod
    def initial_of(cls, question: Question) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for code in LANGUAGES:
            s = suffix(code)
            values[f"text_{s}"] = question.text.get(code, "")
            values[f"help_{s}"] = question.help.get(code, "")
            for option in question.options:
                values[f"opt_{option['key']}_{s}"] = option.get("label", {}).get(code, "")
        return values

    def groups(self) -> list[FixGroup]:
        out = []
        for code in self.languages:
            s = suffix(code)
            text, help_ = self[f"text_{s}"], self[f"help_{s}"]
            options = [self[f"opt_{o['key']}_{s}"] for o in self.question.options]
            out.append(
                FixGroup(
                    code=code,
                    name=language_name(code),
                    direction=direction(code),
                    text=text,
                    help=help_,
                    options=options,
                    has_errors=any(b.errors for b in (text, help_, *options)),
                )
            )
        return out

    def wording(self) -> dict[str, Any]:
        data = self.cleaned_data
        labels: dict[str, dict[str, str]] = {}
        for option in self.question.options:
            labels[option["key"]] = {
                code: data.get(f"opt_{option['key']}_{suffix(code)}") or ""
                for code in self.languages
            }
        return {
            "text": {code: data.get(f"text_{suffix(code)}") or "" for code in self.languages},
            "help": {code: data.get(f"help_{suffix(code)}") or "" for code in self.languages},
            "option_labels": labels,
            "reason": data["reason"],
        }


# -- Copy ------------------------------------------------------------------------------------


class CopyForm(forms.Form):
    activity = forms.ChoiceField(
        label=gettext_lazy("For the activity"),
        help_text=gettext_lazy("The copy is a new draft, without answers, invitations or results."),
        required=False,
        choices=(),
    )

    def __init__(self, *args: Any, activities: Sequence[Activity], current: Activity, **kw: Any):
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["activity"]).choices = [
            ("", _("The same activity: %(title)s") % {"title": current.title}),
            *[
                (str(a.pk), f"{a.engagement.title} — {a.title}")
                for a in activities
                if a.pk != current.pk
            ],
        ]
