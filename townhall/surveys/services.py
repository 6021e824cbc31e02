"""Writes of surveys: the survey and its questions, copying, the schedule the worker keeps, and
wording fixes once answers exist (seed 002 V-C-2, V-D-4). Answers, invitations and paper entry
are in responses.py; publishing results in publishing.py."""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.text import one_line
from townhall.engagements.models import Activity
from townhall.meetings.models import Meeting
from townhall.surveys import permissions
from townhall.surveys.answers import free_text
from townhall.surveys.models import Question, QuestionRevision, Survey

__all__ = [
    "CHOICE_KINDS",
    "CONDITION_KINDS",
    "LANGUAGES",
    "MIN_CELL_FLOOR",
    "QuestionDetails",
    "QuestionInvalid",
    "SurveyDetails",
    "SurveyInvalid",
    "demographics_add",
    "pool_free_text",
    "question_add",
    "question_fix_wording",
    "question_move",
    "question_remove",
    "question_update",
    "questions_editable",
    "survey_close",
    "survey_copy",
    "survey_create",
    "survey_open",
    "survey_schedule",
    "survey_unschedule",
    "survey_update",
    "surveys_close_due",
    "surveys_open_due",
]

MIN_CELL_FLOOR = 10
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
_EDITABLE = (Survey.Status.DRAFT, Survey.Status.SCHEDULED)
_SURVEY_FIELDS = (
    "title",
    "intro",
    "audience",
    "access",
    "languages",
    "opens_at",
    "closes_at",
    "min_cell",
    "status",
)
_QUESTION_FIELDS = (
    "key",
    "position",
    "kind",
    "standard",
    "text",
    "help",
    "options",
    "scale_max",
    "required",
    "show_if",
    "show_if_values",
)
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING)
# Kinds whose answer can show another question (with the standard demographic questions).
CONDITION_KINDS = (
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.LIKERT,
    Question.Kind.RATING,
)


class SurveyInvalid(FieldsInvalid):
    """Field-level problems with a survey's details."""


class QuestionInvalid(FieldsInvalid):
    """Field-level problems with a question."""


@dataclass
class SurveyDetails:
    title: Mapping[str, str]
    intro: Mapping[str, str] = field(default_factory=dict)
    audience: str = Survey.Audience.PUBLIC
    access: str = Survey.Access.OPEN
    languages: Sequence[str] = ("en",)
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None
    min_cell: int = MIN_CELL_FLOOR


@dataclass
class QuestionDetails:
    kind: str
    text: Mapping[str, str]
    help: Mapping[str, str] = field(default_factory=dict)
    # [{"key": "a", "label": {"en": …}}]; keys are made for options that have none.
    options: Sequence[Mapping[str, Any]] = ()
    scale_max: int = 5
    required: bool = False
    show_if: Question | None = None
    show_if_values: Sequence[str] = ()


def _check(actor: User, survey: Survey) -> None:
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(_("Your role cannot manage this survey."))


def _texts(values: Mapping[str, str], *, multiline: bool = False) -> dict[str, str]:
    out = {}
    for language, text in values.items():
        if language not in LANGUAGES:
            continue
        text = text.replace("\r\n", "\n").replace("\x00", "").strip()
        text = text if multiline else one_line(text)
        if text:
            out[language] = text
    return out


def _clean_details(details: SurveyDetails, errors: dict[str, str]) -> dict[str, Any]:
    title = _texts(details.title)
    intro = _texts(details.intro, multiline=True)
    if not title.get("en"):
        errors["title"] = _("Give the survey a title in English.")
    elif any(len(t) > 300 for t in title.values()):
        errors["title"] = _("The title is too long: at most 300 characters.")
    if any(len(t) > 5000 for t in intro.values()):
        errors["intro"] = _("Please keep the introduction to 5,000 characters.")
    if details.audience not in Survey.Audience.values:
        errors["audience"] = _("Choose from the list.")
    if details.access not in Survey.Access.values:
        errors["access"] = _("Choose from the list.")
    languages = ["en", *sorted({lang for lang in details.languages if lang in LANGUAGES} - {"en"})]
    if details.opens_at and details.closes_at and details.closes_at <= details.opens_at:
        errors["closes_at"] = _("The survey must close after it opens.")
    if details.min_cell < MIN_CELL_FLOOR:
        errors["min_cell"] = _(
            "Counts up to at least %(floor)d are always hidden; the threshold cannot go lower."
        ) % {"floor": MIN_CELL_FLOOR}
    elif details.min_cell > 100:
        errors["min_cell"] = _("A threshold above 100 would hide almost every result.")
    return {
        "title": title,
        "intro": intro,
        "audience": details.audience,
        "access": details.access,
        "languages": languages,
        "opens_at": details.opens_at,
        "closes_at": details.closes_at,
        "min_cell": details.min_cell,
    }


def _new_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "survey"
    slug = base
    while Survey.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def survey_create(
    *,
    actor: User,
    activity: Activity,
    details: SurveyDetails,
    meeting: Meeting | None = None,
    kind: str = Survey.Kind.STANDARD,
) -> Survey:
    """A draft survey for an engagement activity (V-C-2), or a post-engagement survey about
    one of its meetings (V-D-4)."""
    if not permissions.can_manage_activity_surveys(actor, activity):
        raise NotAllowed(_("Your role cannot make surveys for this activity."))
    errors: dict[str, str] = {}
    values = _clean_details(details, errors)
    if meeting is not None and meeting.activity_id != activity.pk:
        errors["meeting"] = _("Choose one of this activity's meetings.")
    if kind not in Survey.Kind.values:
        errors["kind"] = _("Choose from the list.")
    if errors:
        raise SurveyInvalid(errors)
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=_new_slug(values["title"]["en"]),
            activity=activity,
            meeting=meeting,
            kind=kind,
            created_by=actor,
            **values,
        )
        audit_record(
            actor=actor, action="survey.create", obj=survey, after=snapshot(survey, _SURVEY_FIELDS)
        )
    return survey


def _has_answers(survey: Survey) -> bool:
    return survey.responses.exists()


def survey_update(*, actor: User, survey: Survey, details: SurveyDetails) -> Survey:
    """Before it opens, anything. Once it has opened, its wording and its closing time only:
    who it asks and how cannot change under the people who already answered."""
    _check(actor, survey)
    errors: dict[str, str] = {}
    values = _clean_details(details, errors)
    if errors:
        raise SurveyInvalid(errors)
    if survey.status not in _EDITABLE:
        fixed = ("audience", "access", "opens_at", "min_cell")
        changed = [name for name in fixed if values[name] != getattr(survey, name)]
        if survey.status == Survey.Status.CLOSED and values["closes_at"] != survey.closes_at:
            changed.append("closes_at")
        if set(survey.languages) - set(values["languages"]):
            changed.append("languages")
        if changed:
            raise IllegalTransition(
                _(
                    "This survey has opened: only its wording, its languages (added, not "
                    "removed) and, while it is open, its closing time can change."
                )
            )
        if values["closes_at"] is not None and values["closes_at"] <= timezone.now():
            raise SurveyInvalid({"closes_at": _("Choose a closing time in the future.")})
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        before = snapshot(locked, _SURVEY_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        before, after = changed_only(before, snapshot(locked, _SURVEY_FIELDS))
        audit_record(actor=actor, action="survey.update", obj=locked, before=before, after=after)
    return locked


def _missing_translations(survey: Survey) -> list[str]:
    """What a language the survey offers lacks: its title, or a question's words."""
    missing = []
    questions = list(survey.questions.all())
    for language in survey.languages:
        if not survey.title.get(language):
            missing.append(language)
            continue
        for question in questions:
            if question.standard:
                continue
            if not question.text.get(language) or any(
                not o.get("label", {}).get(language) for o in question.options
            ):
                missing.append(language)
                break
    return missing


def survey_schedule(*, actor: User, survey: Survey) -> Survey:
    """Draft -> scheduled: the worker opens it at its time. It needs questions, a closing time
    and every offered language complete, because a resident who picks Polish must get the
    whole survey in Polish."""
    _check(actor, survey)
    if survey.status != Survey.Status.DRAFT:
        raise IllegalTransition(_("Only a draft survey can be scheduled."))
    errors: dict[str, str] = {}
    if not survey.questions.exists():
        errors["questions"] = _("Add at least one question first.")
    if survey.opens_at is None or survey.closes_at is None:
        errors["closes_at"] = _("Set when the survey opens and closes.")
    elif survey.closes_at <= timezone.now():
        errors["closes_at"] = _("The closing time has passed: choose a later one.")
    missing = _missing_translations(survey)
    if missing:
        errors["languages"] = _(
            "These languages are offered but not complete: %(languages)s. Translate the "
            "title, every question and every choice, or stop offering them."
        ) % {"languages": ", ".join(missing)}
    if errors:
        raise SurveyInvalid(errors)
    return _move(actor, survey, Survey.Status.DRAFT, Survey.Status.SCHEDULED, "survey.schedule")


def survey_unschedule(*, actor: User, survey: Survey) -> Survey:
    _check(actor, survey)
    return _move(actor, survey, Survey.Status.SCHEDULED, Survey.Status.DRAFT, "survey.unschedule")


def _move(actor: User | None, survey: Survey, old: str, new: str, action: str) -> Survey:
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.status != old:
            raise IllegalTransition(
                _("This survey is %(status)s; it cannot make that move.")
                % {"status": locked.get_status_display().lower()}
            )
        locked.status = new
        now = timezone.now()
        if new == Survey.Status.OPEN:
            locked.opened_at = now
            # Opened early by staff: the survey says it opened now, not at its planned time.
            if locked.opens_at is None or locked.opens_at > now:
                locked.opens_at = now
        if new == Survey.Status.CLOSED:
            locked.closed_at = now
        locked.save()
        audit_record(
            actor=actor, action=action, obj=locked, before={"status": old}, after={"status": new}
        )
    return locked


def survey_open(*, actor: User | None, survey: Survey) -> Survey:
    """Scheduled -> open: by the worker at `opens_at`, or by staff now (then `opens_at` becomes
    now)."""
    if actor is not None:
        _check(actor, survey)
    return _move(actor, survey, Survey.Status.SCHEDULED, Survey.Status.OPEN, "survey.open")


def survey_close(*, actor: User | None, survey: Survey) -> Survey:
    """Open -> closed, by the worker at `closes_at` or by staff. The free-text answers then
    join the feedback pool for themes (V-D-3), in a shuffled order and dated with the closing
    day, so the pool cannot tell in which order people answered."""
    if actor is not None:
        _check(actor, survey)
    with transaction.atomic():
        locked = _move(actor, survey, Survey.Status.OPEN, Survey.Status.CLOSED, "survey.close")
        pool_free_text(locked)
    return locked


def pool_free_text(survey: Survey) -> int:
    from townhall.feedback.analysis import pool_add
    from townhall.feedback.analysis_models import FeedbackItem
    from townhall.meetings.written import engagement_posting

    engagement = survey.activity.engagement
    posting = survey.activity.posting or engagement_posting(engagement)
    questions = list(survey.questions.all())
    day = timezone.localdate()
    received = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    pending = list(survey.responses.filter(pooled=False))
    random.SystemRandom().shuffle(pending)
    added = 0
    for response in pending:
        for key, text in free_text(questions, response.answers):
            pool_add(
                posting=posting,
                engagement=engagement,
                source=FeedbackItem.Source.SURVEY_ANSWER,
                source_ref=f"surveys.Response:{response.pk}:{key}",
                text=text,
                received_at=received,
                origin="internal" if response.audience == "department" else "external",
                channel=response.channel,
            )
            added += 1
    survey.responses.filter(pk__in=[r.pk for r in pending]).update(pooled=True)
    # On the instance too: survey_close returns it, and a late paper entry reads it.
    survey.pooled_at = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(pooled_at=survey.pooled_at)
    return added


def surveys_open_due(*, now: datetime.datetime | None = None) -> int:
    """The worker's minute: scheduled surveys whose time has come open. Idempotent: a survey
    another run opened first is skipped."""
    now = now or timezone.now()
    opened = 0
    for survey in Survey.objects.filter(status=Survey.Status.SCHEDULED, opens_at__lte=now):
        try:
            survey_open(actor=None, survey=survey)
        except IllegalTransition:
            continue
        opened += 1
    return opened


def surveys_close_due(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    closed = 0
    for survey in Survey.objects.filter(status=Survey.Status.OPEN, closes_at__lte=now):
        try:
            survey_close(actor=None, survey=survey)
        except IllegalTransition:
            continue
        closed += 1
    return closed


# --- Questions ----------------------------------------------------------------------------


def _clean_options(
    details: QuestionDetails, errors: dict[str, str], *, existing: Sequence[Mapping[str, Any]] = ()
) -> list[dict[str, Any]]:
    kind = details.kind
    if kind not in (*CHOICE_KINDS, Question.Kind.MATRIX):
        return []
    used = {str(o.get("key")) for o in existing}
    out: list[dict[str, Any]] = []
    for option in details.options:
        label = _texts(option.get("label") or {})
        if not label:
            continue
        key = str(option.get("key") or "")
        if not key or key in {o["key"] for o in out}:
            n = 1
            while f"o{n}" in used or f"o{n}" in {o["key"] for o in out}:
                n += 1
            key = f"o{n}"
        out.append({"key": key[:12], "label": label})
    if any(not o["label"].get("en") for o in out):
        errors["options"] = _("Give every choice in English.")
    least = 2 if kind != Question.Kind.MATRIX else 1
    if len(out) < least:
        errors["options"] = (
            _("Give at least two choices, one per line.")
            if kind != Question.Kind.MATRIX
            else _("Give at least one statement, one per line.")
        )
    elif len(out) > 30:
        errors["options"] = _("At most 30 choices.")
    return out


def _clean_question(
    survey: Survey, details: QuestionDetails, errors: dict[str, str], *, this: Question | None
) -> dict[str, Any]:
    if details.kind not in Question.Kind.values:
        errors["kind"] = _("Choose from the list.")
    text = _texts(details.text)
    if not text.get("en"):
        errors["text"] = _("Write the question in English.")
    elif any(len(t) > 1000 for t in text.values()):
        errors["text"] = _("Please keep the question to 1,000 characters.")
    options = _clean_options(details, errors, existing=this.options if this else ())
    scale_max = details.scale_max
    if details.kind == Question.Kind.RATING and not 3 <= scale_max <= 10:
        errors["scale_max"] = _("A rating goes from 1 up to between 3 and 10.")
    show_if = details.show_if
    values: list[str] = []
    if show_if is not None:
        earlier = show_if.survey_id == survey.pk and (
            this is None or (show_if.position, show_if.pk) < (this.position, this.pk)
        )
        if not earlier:
            errors["show_if"] = _("A question can only depend on an earlier one.")
        elif show_if.kind not in CONDITION_KINDS and not show_if.standard:
            errors["show_if"] = _("A question can only depend on a choice question.")
        else:
            from townhall.surveys.answers import choices

            offered = {c.key for c in choices(show_if, "en")}
            values = [v for v in details.show_if_values if v in offered]
            if not values:
                errors["show_if_values"] = _("Choose the answers that show this question.")
    return {
        "kind": details.kind,
        "text": text,
        "help": _texts(details.help, multiline=True),
        "options": options,
        "scale_max": scale_max if details.kind == Question.Kind.RATING else 5,
        "required": details.required,
        "show_if": show_if,
        "show_if_values": values,
    }


def questions_editable(survey: Survey, *, has_answers: bool) -> bool:
    """Questions change only before the survey opens and while nobody has answered: after
    that, only their wording, with the reason recorded."""
    return survey.status in _EDITABLE and not has_answers


def _check_questions_editable(survey: Survey) -> None:
    if not questions_editable(survey, has_answers=_has_answers(survey)):
        raise IllegalTransition(
            _(
                "This survey has answers or has opened: its questions cannot change now, only "
                "their wording, with the reason recorded."
            )
        )


def _next_key(survey: Survey) -> str:
    keys = set(Question.objects.filter(survey=survey).values_list("key", flat=True))
    n = len(keys) + 1
    while f"q{n}" in keys:
        n += 1
    return f"q{n}"


def question_add(*, actor: User, survey: Survey, details: QuestionDetails) -> Question:
    _check(actor, survey)
    _check_questions_editable(survey)
    errors: dict[str, str] = {}
    values = _clean_question(survey, details, errors, this=None)
    if errors:
        raise QuestionInvalid(errors)
    with transaction.atomic():
        last = survey.questions.aggregate(m=Max("position"))["m"]
        question = Question.objects.create(
            survey=survey, key=_next_key(survey), position=(last or 0) + 1, **values
        )
        audit_record(
            actor=actor,
            action="survey.question_add",
            obj=question,
            after=snapshot(question, _QUESTION_FIELDS),
        )
    return question


def question_update(*, actor: User, question: Question, details: QuestionDetails) -> Question:
    survey = question.survey
    _check(actor, survey)
    _check_questions_editable(survey)
    if question.standard:
        raise IllegalTransition(_("The standard demographic questions keep their words."))
    errors: dict[str, str] = {}
    values = _clean_question(survey, details, errors, this=question)
    if errors:
        raise QuestionInvalid(errors)
    with transaction.atomic():
        before = snapshot(question, _QUESTION_FIELDS)
        for name, value in values.items():
            setattr(question, name, value)
        question.save()
        before, after = changed_only(before, snapshot(question, _QUESTION_FIELDS))
        audit_record(
            actor=actor, action="survey.question_update", obj=question, before=before, after=after
        )
    return question


def question_fix_wording(
    *,
    actor: User,
    question: Question,
    text: Mapping[str, str],
    help: Mapping[str, str],
    option_labels: Mapping[str, Mapping[str, str]],
    reason: str,
) -> list[QuestionRevision]:
    """Once answers exist, only the words can change (a typo, a clearer translation), never
    the kind, the choices or their order; each change is recorded with its reason and shown
    beside the results."""
    survey = question.survey
    _check(actor, survey)
    if question.standard:
        raise IllegalTransition(_("The standard demographic questions keep their words."))
    reason = reason.replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Say why the wording changes: it is shown beside the results.")
    new_text = {**question.text, **_texts(text)}
    if not new_text.get("en"):
        errors["text"] = _("Write the question in English.")
    new_help = {**question.help, **_texts(help, multiline=True)}
    new_options = []
    for option in question.options:
        labels = {**option["label"], **_texts(option_labels.get(option["key"], {}))}
        new_options.append({**option, "label": labels})
    if errors:
        raise QuestionInvalid(errors)
    revisions: list[QuestionRevision] = []

    def record(field_name: str, old: Mapping[str, str], new: Mapping[str, str]) -> None:
        for language in sorted(set(old) | set(new)):
            if old.get(language, "") != new.get(language, ""):
                revisions.append(
                    QuestionRevision(
                        question=question,
                        language=language,
                        field=field_name,
                        before=old.get(language, ""),
                        after=new.get(language, ""),
                        reason=reason,
                        made_by=actor,
                    )
                )

    record("text", question.text, new_text)
    record("help", question.help, new_help)
    for old_option, new_option in zip(question.options, new_options, strict=True):
        record(f"option:{old_option['key']}", old_option["label"], new_option["label"])
    if not revisions:
        raise QuestionInvalid({"text": _("Nothing changed.")})
    with transaction.atomic():
        question.text, question.help, question.options = new_text, new_help, new_options
        question.save(update_fields=["text", "help", "options"])
        QuestionRevision.objects.bulk_create(revisions)
        audit_record(
            actor=actor,
            action="survey.question_fix_wording",
            obj=question,
            after={"fields": sorted({r.field for r in revisions}), "reason": reason},
        )
    return revisions


def question_remove(*, actor: User, question: Question) -> None:
    """A question of a survey nobody has answered can go: it was never asked."""
    survey = question.survey
    _check(actor, survey)
    _check_questions_editable(survey)
    if question.dependents.exists():
        raise IllegalTransition(
            _("Other questions show only on an answer to this one: change them first.")
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="survey.question_remove",
            obj=question,
            before=snapshot(question, _QUESTION_FIELDS),
        )
        question.delete()


def question_move(*, actor: User, question: Question, up: bool) -> Question:
    """Swap with the neighbour. A question cannot move above the one it depends on, nor below
    one that depends on it."""
    survey = question.survey
    _check(actor, survey)
    _check_questions_editable(survey)
    ordered = list(survey.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(ordered):
        return question
    other = ordered[other_index]
    first, second = (other, question) if up else (question, other)
    if second.show_if_id == first.pk:
        raise IllegalTransition(_("A question that depends on another must stay after it."))
    with transaction.atomic():
        ordered[index], ordered[other_index] = other, question
        for position, q in enumerate(ordered, start=1):
            if q.position != position:
                Question.objects.filter(pk=q.pk).update(position=position)
        audit_record(
            actor=actor,
            action="survey.question_move",
            obj=question,
            after={"up": up},
        )
    question.refresh_from_db()
    return question


def demographics_add(*, actor: User, survey: Survey) -> list[Question]:
    """The standard, optional demographics block at the end, for the representativeness
    measures (V-A) and the breakdowns of the results; questions already there are skipped."""
    _check(actor, survey)
    _check_questions_editable(survey)
    present = set(survey.questions.exclude(standard="").values_list("standard", flat=True))
    added = []
    with transaction.atomic():
        last = survey.questions.aggregate(m=Max("position"))["m"] or 0
        for standard in Question.Standard.values:
            if not standard or standard in present:
                continue
            last += 1
            added.append(
                Question.objects.create(
                    survey=survey,
                    key=_next_key(survey),
                    position=last,
                    kind=Question.Kind.SINGLE,
                    standard=standard,
                    required=False,
                )
            )
        if added:
            audit_record(
                actor=actor,
                action="survey.demographics_add",
                obj=survey,
                after={"standard": [q.standard for q in added]},
            )
    return added


def survey_copy(*, actor: User, survey: Survey, activity: Activity | None = None) -> Survey:
    """A new draft with the same words and questions (conditions included), for this or
    another activity; never its answers, invitations or results."""
    target = activity or survey.activity
    if not permissions.can_manage_activity_surveys(actor, target):
        raise NotAllowed(_("Your role cannot make surveys for this activity."))
    if not permissions.can_view_results(actor, survey) and not permissions.can_manage_survey(
        actor, survey
    ):
        raise NotAllowed(_("Your role cannot read this survey."))
    with transaction.atomic():
        title = {k: v for k, v in survey.title.items()}
        copy = Survey.objects.create(
            slug=_new_slug(title.get("en", "survey")),
            activity=target,
            meeting=survey.meeting if target.pk == survey.activity_id else None,
            kind=survey.kind,
            title=title,
            intro=dict(survey.intro),
            audience=survey.audience,
            access=survey.access,
            languages=list(survey.languages),
            min_cell=survey.min_cell,
            copied_from=survey,
            created_by=actor,
        )
        mapping: dict[int, Question] = {}
        for question in survey.questions.order_by("position", "id"):
            mapping[question.pk] = Question.objects.create(
                survey=copy,
                key=question.key,
                position=question.position,
                kind=question.kind,
                standard=question.standard,
                text=dict(question.text),
                help=dict(question.help),
                options=list(question.options),
                scale_max=question.scale_max,
                required=question.required,
                show_if=mapping.get(question.show_if_id) if question.show_if_id else None,
                show_if_values=list(question.show_if_values),
            )
        audit_record(
            actor=actor,
            action="survey.copy",
            obj=copy,
            after={"copied_from": survey.pk, "questions": len(mapping)},
        )
    return copy
