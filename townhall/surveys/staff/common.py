"""What every staff view of the survey builder does first (fetch and authorize), and the rows
its pages show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.engagements.models import Activity
from townhall.surveys import permissions
from townhall.surveys.answers import choices, question_text
from townhall.surveys.models import Question, QuestionRevision, Response, Survey

# Authored words are written in English first; the builder shows them in English.
AUTHORED = "en"


def language_name(code: str) -> str:
    """The language's name in the staff member's own language ("Polish", "polaco")."""
    return str(settings.LANGUAGE_NAMES_EN.get(code, code))


def direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


# -- Fetch and authorize ---------------------------------------------------------------------


def can_read(request: HttpRequest) -> None:
    if not permissions.can_view_surveys(request.user):
        raise PermissionDenied


def survey_to_read(request: HttpRequest, pk: int) -> Survey:
    can_read(request)
    return get_object_or_404(
        Survey.objects.select_related("activity__engagement", "meeting", "copied_from"), pk=pk
    )


def can_manage(request: HttpRequest, survey: Survey) -> None:
    """Building, scheduling, opening and closing: OEE, OCPR, the engagement's originating unit
    and the unit that owns the activity (permissions.can_manage_survey)."""
    if not permissions.can_manage_survey(request.user, survey):
        raise PermissionDenied


def survey_to_manage(request: HttpRequest, pk: int) -> Survey:
    survey = survey_to_read(request, pk)
    can_manage(request, survey)
    return survey


def question_to_manage(request: HttpRequest, pk: int) -> Question:
    can_read(request)
    question = get_object_or_404(
        Question.objects.select_related("survey__activity__engagement", "show_if"), pk=pk
    )
    can_manage(request, question.survey)
    return question


def activity_to_build(request: HttpRequest, activity_id: Any) -> Activity:
    """The activity a new survey is for: one this person makes surveys for."""
    can_read(request)
    if not permissions.can_create_surveys(request.user):
        raise PermissionDenied
    try:
        pk = int(str(activity_id))
    except ValueError:
        pk = 0
    activity = get_object_or_404(Activity.objects.select_related("engagement"), pk=pk)
    if not permissions.can_manage_activity_surveys(request.user, activity):
        raise PermissionDenied
    return activity


def buildable_activities(user: Any) -> list[Activity]:
    """The survey activities (V-C-2, V-D-4) this person could start a survey for: the choice
    on the list page, and where a copy can go."""
    if not permissions.can_create_surveys(user):
        return []
    found = (
        Activity.objects.filter(
            method__in=[Activity.Method.ANONYMOUS_SURVEY, Activity.Method.POST_ENGAGEMENT_SURVEY]
        )
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("engagement")
        .order_by("engagement__title", "engagement_id", "step", "starts_on", "id")
    )
    return [a for a in found if permissions.can_manage_activity_surveys(user, a)]


def refusal_messages(request: HttpRequest, exc: DomainError) -> None:
    """A refused button (schedule, open…): each reason as a message above the page."""
    if isinstance(exc, FieldsInvalid) and exc.errors:
        for message in exc.errors.values():
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


def refusal_status(exc: DomainError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, IllegalTransition):
        return 409
    return 400


# -- The builder's rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    number: int
    text: str
    kind_label: str
    options: list[str]
    condition: str
    missing: list[str]  # the offered languages its words lack
    first: bool
    last: bool


def numbers_of(questions: list[Question]) -> dict[int, int]:
    return {q.pk: n for n, q in enumerate(questions, start=1)}


def condition_text(question: Question, numbers: dict[int, int], by_id: dict[int, Question]) -> str:
    """“Shown only if question 1 is answered “Yes””, in the staff member's language."""
    parent = by_id.get(question.show_if_id or 0)
    if parent is None:
        return ""
    labels = {c.key: c.label for c in choices(parent, AUTHORED)}
    values = ", ".join(f"“{labels.get(v, v)}”" for v in question.show_if_values)
    return _("Shown only if the answer to question %(n)d is %(values)s.") % {
        "n": numbers.get(parent.pk, 0),
        "values": values,
    }


def _lacks(question: Question, language: str) -> bool:
    if question.standard:
        return False
    if not question.text.get(language):
        return True
    return any(not o.get("label", {}).get(language) for o in question.options)


def question_rows(survey: Survey, questions: list[Question]) -> list[QuestionRow]:
    numbers = numbers_of(questions)
    by_id = {q.pk: q for q in questions}
    rows = []
    for i, q in enumerate(questions):
        if q.standard or q.kind in (Question.Kind.LIKERT, Question.Kind.RATING):
            options = [c.label for c in choices(q, AUTHORED)]
        else:
            options = [str(o.get("label", {}).get(AUTHORED, "")) for o in q.options]
        rows.append(
            QuestionRow(
                question=q,
                number=numbers[q.pk],
                text=question_text(q, AUTHORED),
                kind_label=str(q.get_standard_display()) if q.standard else q.get_kind_display(),
                options=options,
                condition=condition_text(q, numbers, by_id),
                missing=[
                    language_name(code)
                    for code in survey.languages
                    if code != AUTHORED and _lacks(q, code)
                ],
                first=i == 0,
                last=i == len(questions) - 1,
            )
        )
    return rows


def missing_in(survey: Survey, questions: list[Question], language: str) -> list[str]:
    """What a resident reading in `language` would see in English instead: the preview's
    warning. The standard questions and the scales come from the interface translations."""
    if language == AUTHORED:
        return []
    out = []
    if not survey.title.get(language):
        out.append(_("The survey's title"))
    if survey.intro.get(AUTHORED) and not survey.intro.get(language):
        out.append(_("The survey's introduction"))
    for n, q in enumerate(questions, start=1):
        if q.standard:
            continue
        if not q.text.get(language):
            out.append(_("Question %(n)d: its text") % {"n": n})
        if q.help.get(AUTHORED) and not q.help.get(language):
            out.append(_("Question %(n)d: its help text") % {"n": n})
        for option in q.options:
            if not option.get("label", {}).get(language):
                out.append(
                    _("Question %(n)d: “%(label)s”")
                    % {"n": n, "label": option.get("label", {}).get(AUTHORED, option.get("key"))}
                )
    return out


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    missing: int


def language_links(survey: Survey, questions: list[Question]) -> list[LanguageLink]:
    return [
        LanguageLink(code, language_name(code), len(missing_in(survey, questions, code)))
        for code in survey.languages
    ]


@dataclass(frozen=True)
class RevisionRow:
    revision: QuestionRevision
    number: int
    language: str
    what: str


def revisions_of(survey: Survey, questions: list[Question]) -> list[RevisionRow]:
    """The wording fixes, shown beside the questions: what changed, in which language, why."""
    numbers = numbers_of(questions)
    rows = []
    for r in (
        QuestionRevision.objects.filter(question__survey=survey)
        .select_related("question", "made_by")
        .order_by("made_at", "id")
    ):
        if r.field == "text":
            what = _("The question")
        elif r.field == "help":
            what = _("The help text")
        else:
            key = r.field.partition(":")[2]
            label = next(
                (
                    str(o.get("label", {}).get(AUTHORED, key))
                    for o in r.question.options
                    if o.get("key") == key
                ),
                key,
            )
            what = _("The choice “%(label)s”") % {"label": label}
        rows.append(RevisionRow(r, numbers.get(r.question_id, 0), language_name(r.language), what))
    return rows


@dataclass(frozen=True)
class CountRow:
    audience: str
    cells: list[int]
    total: int


def count_rows(counts: dict[str, dict[str, int]]) -> tuple[list[str], list[CountRow], int]:
    """selectors.answer_counts as a table: one row per audience, one column per channel."""
    channels = [str(label) for _value, label in Response.Channel.choices]
    rows = []
    for audience, label in Response.Audience.choices:
        per = counts.get(audience, {})
        cells = [per.get(value, 0) for value, _label in Response.Channel.choices]
        rows.append(CountRow(str(label), cells, sum(cells)))
    return channels, rows, sum(r.total for r in rows)
