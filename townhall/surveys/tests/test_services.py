"""Writes of surveys (seed 002 V-C-2 anonymous surveys, V-D-4 post-engagement surveys): the
survey's details, its schedule and the worker's moves, questions and the lock once answers
exist, conditions, the demographics block, copying, and who may do it."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements import services as engagements
from townhall.engagements.models import Activity
from townhall.meetings.tests.factories import public_activity
from townhall.surveys import permissions, services
from townhall.surveys.models import Question, QuestionRevision, Response, Survey
from townhall.surveys.services import (
    QuestionDetails,
    QuestionInvalid,
    SurveyDetails,
    SurveyInvalid,
)
from townhall.surveys.tests.factories import (
    INTRO,
    SAW,
    TITLE,
    YES_NO,
    add_questions,
    answer,
    draft_survey,
    form,
    open_survey,
    survey_activity,
)

pytestmark = pytest.mark.django_db


def details(**overrides: Any) -> SurveyDetails:
    now = timezone.now()
    values: dict[str, Any] = {
        "title": TITLE,
        "intro": INTRO,
        "languages": ("en", "es", "pl"),
        "opens_at": now + datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=22),
    }
    values.update(overrides)
    return SurveyDetails(**values)


def missing_languages(err: pytest.ExceptionInfo[SurveyInvalid]) -> set[str]:
    """The languages named in the schedule's refusal ("… not complete: ar, pl. …")."""
    message = err.value.errors["languages"]
    return set(re.search(r"complete: ([^.]+)\.", message).group(1).split(", "))  # type: ignore[union-attr]


def by_key(survey: Survey) -> dict[str, Question]:
    return {q.key: q for q in survey.questions.all()}


def keys_in_order(survey: Survey) -> list[str]:
    return list(survey.questions.order_by("position", "id").values_list("key", flat=True))


def audit_count(action: str, obj: Survey | Question) -> int:
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).count()


# --- details ------------------------------------------------------------------------------------


def test_a_survey_needs_an_english_title(persona) -> None:
    activity = survey_activity(persona)
    with pytest.raises(SurveyInvalid) as err:
        services.survey_create(
            actor=persona("oee"),
            activity=activity,
            details=details(title={"es": "Solo en español", "en": "   "}),
        )
    assert "title" in err.value.errors
    assert not Survey.objects.exists()


def test_small_cell_threshold_cannot_go_below_ten_but_can_go_up(persona) -> None:
    activity = survey_activity(persona)
    with pytest.raises(SurveyInvalid) as err:
        services.survey_create(actor=persona("oee"), activity=activity, details=details(min_cell=9))
    assert "min_cell" in err.value.errors
    survey = services.survey_create(
        actor=persona("oee"), activity=activity, details=details(min_cell=25)
    )
    assert survey.min_cell == 25
    with pytest.raises(SurveyInvalid):
        services.survey_update(actor=persona("oee"), survey=survey, details=details(min_cell=5))
    survey.refresh_from_db()
    assert survey.min_cell == 25


def test_a_survey_must_close_after_it_opens(persona) -> None:
    now = timezone.now()
    with pytest.raises(SurveyInvalid) as err:
        services.survey_create(
            actor=persona("oee"),
            activity=survey_activity(persona),
            details=details(opens_at=now + datetime.timedelta(days=2), closes_at=now),
        )
    assert "closes_at" in err.value.errors


def test_english_comes_first_and_unknown_languages_are_dropped(persona) -> None:
    survey = services.survey_create(
        actor=persona("oee"),
        activity=survey_activity(persona),
        details=details(languages=("pl", "xx", "es")),
    )
    assert survey.languages == ["en", "es", "pl"]
    assert survey.status == Survey.Status.DRAFT
    assert audit_count("survey.create", survey) == 1


# --- schedule, open, close ----------------------------------------------------------------------


def test_schedule_needs_questions_V_C_2(persona) -> None:
    survey = draft_survey(persona, questions=False)
    with pytest.raises(SurveyInvalid) as err:
        services.survey_schedule(actor=persona("oee"), survey=survey)
    assert "questions" in err.value.errors


def test_schedule_needs_opening_and_closing_times(persona) -> None:
    survey = draft_survey(persona, opens_at=None, closes_at=None)
    with pytest.raises(SurveyInvalid) as err:
        services.survey_schedule(actor=persona("oee"), survey=survey)
    assert "closes_at" in err.value.errors
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_schedule_needs_the_title_in_every_offered_language(persona) -> None:
    # The title exists in en/es/pl only; offering Arabic needs the Arabic words too.
    survey = draft_survey(persona, languages=("en", "es", "pl", "ar"))
    with pytest.raises(SurveyInvalid) as err:
        services.survey_schedule(actor=persona("oee"), survey=survey)
    assert missing_languages(err) == {"ar"}


def test_schedule_needs_every_question_and_choice_translated(persona) -> None:
    survey = draft_survey(persona)  # en, es, pl
    oee = persona("oee")
    question = services.question_add(
        actor=oee,
        survey=survey,
        details=QuestionDetails(
            kind=Question.Kind.SINGLE,
            text={"en": "Should officers be allowed to chase for a traffic offense?", "es": "¿?"},
            options=[
                {"key": "yes", "label": {"en": "Yes", "es": "Sí", "pl": "Tak"}},
                {"key": "no", "label": {"en": "No", "es": "No"}},
            ],
        ),
    )
    with pytest.raises(SurveyInvalid) as err:
        services.survey_schedule(actor=oee, survey=survey)
    assert missing_languages(err) == {"pl"}
    # The question's Polish words, but one choice still lacks them.
    services.question_update(
        actor=oee,
        question=question,
        details=QuestionDetails(
            kind=Question.Kind.SINGLE,
            text={**question.text, "pl": "Czy funkcjonariusze mogą ścigać za wykroczenie drogowe?"},
            options=question.options,
        ),
    )
    with pytest.raises(SurveyInvalid):
        services.survey_schedule(actor=oee, survey=survey)
    question.refresh_from_db()
    services.question_update(
        actor=oee,
        question=question,
        details=QuestionDetails(
            kind=Question.Kind.SINGLE,
            text=question.text,
            options=[
                question.options[0],
                {"key": "no", "label": {"en": "No", "es": "No", "pl": "Nie"}},
            ],
        ),
    )
    scheduled = services.survey_schedule(actor=oee, survey=survey)
    assert scheduled.status == Survey.Status.SCHEDULED


def test_schedule_refuses_a_closing_time_that_has_passed(persona) -> None:
    survey = draft_survey(persona)
    with time_machine.travel(survey.closes_at + datetime.timedelta(hours=1), tick=False):
        with pytest.raises(SurveyInvalid) as err:
            services.survey_schedule(actor=persona("oee"), survey=survey)
    assert "closes_at" in err.value.errors


def test_draft_scheduled_open_closed_and_back_to_draft_before_opening(persona) -> None:
    oee = persona("oee")
    survey = draft_survey(persona)
    survey = services.survey_schedule(actor=oee, survey=survey)
    assert survey.status == Survey.Status.SCHEDULED
    survey = services.survey_unschedule(actor=oee, survey=survey)
    assert survey.status == Survey.Status.DRAFT
    survey = services.survey_schedule(actor=oee, survey=survey)
    survey = services.survey_open(actor=oee, survey=survey)
    assert survey.status == Survey.Status.OPEN and survey.opened_at is not None
    # Opened by staff before its time: the survey says it opened now.
    assert survey.opens_at == survey.opened_at
    survey = services.survey_close(actor=oee, survey=survey)
    assert survey.status == Survey.Status.CLOSED and survey.closed_at is not None
    assert [
        e.action
        for e in AuditEvent.objects.filter(object_id=str(survey.pk), action__startswith="survey.")
        .exclude(action__startswith="survey.question")
        .exclude(action="survey.demographics_add")
        .order_by("id")
    ] == [
        "survey.create",
        "survey.schedule",
        "survey.unschedule",
        "survey.schedule",
        "survey.open",
        "survey.close",
    ]


@pytest.mark.parametrize(
    ("state", "move"),
    [
        ("draft", "open"),
        ("draft", "close"),
        ("draft", "unschedule"),
        ("scheduled", "schedule"),
        ("scheduled", "close"),
        ("open", "schedule"),
        ("open", "unschedule"),
        ("open", "open"),
        ("closed", "open"),
        ("closed", "close"),
        ("closed", "schedule"),
    ],
)
def test_illegal_moves_are_refused(persona, state: str, move: str) -> None:
    oee = persona("oee")
    survey = draft_survey(persona)
    if state != "draft":
        survey = services.survey_schedule(actor=oee, survey=survey)
    if state in ("open", "closed"):
        survey = services.survey_open(actor=oee, survey=survey)
    if state == "closed":
        survey = services.survey_close(actor=oee, survey=survey)
    with pytest.raises(IllegalTransition):
        getattr(services, f"survey_{move}")(actor=oee, survey=survey)
    survey.refresh_from_db()
    assert survey.status == state


def test_worker_opens_a_scheduled_survey_at_its_time_once(persona) -> None:
    survey = services.survey_schedule(actor=persona("oee"), survey=draft_survey(persona))
    draft = draft_survey(persona)  # its time comes too, but it was never scheduled
    assert services.surveys_open_due() == 0
    with time_machine.travel(survey.opens_at + datetime.timedelta(minutes=1), tick=False):
        assert services.surveys_open_due() == 1
        assert services.surveys_open_due() == 0
    survey.refresh_from_db()
    draft.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and draft.status == Survey.Status.DRAFT
    assert audit_count("survey.open", survey) == 1
    event = AuditEvent.objects.get(action="survey.open", object_id=str(survey.pk))
    assert event.actor is None


def test_worker_closes_an_open_survey_at_its_time_once(persona) -> None:
    survey = open_survey(persona)
    with time_machine.travel(survey.closes_at - datetime.timedelta(minutes=1), tick=False):
        assert services.surveys_close_due() == 0
    with time_machine.travel(survey.closes_at + datetime.timedelta(minutes=1), tick=False):
        assert services.surveys_close_due() == 1
        assert services.surveys_close_due() == 0
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert audit_count("survey.close", survey) == 1


# --- editing once open --------------------------------------------------------------------------


def test_once_open_who_is_asked_and_how_cannot_change(persona) -> None:
    oee = persona("oee")
    survey = open_survey(persona)
    current = details(opens_at=survey.opens_at, closes_at=survey.closes_at)
    for change in (
        {"audience": Survey.Audience.BOTH},
        {"access": Survey.Access.INVITATION},
        {"min_cell": 20},
        {"languages": ("en", "es")},
    ):
        with pytest.raises(IllegalTransition):
            services.survey_update(actor=oee, survey=survey, details=replace(current, **change))
    later = survey.closes_at + datetime.timedelta(days=7)
    updated = services.survey_update(
        actor=oee,
        survey=survey,
        details=replace(
            current, title={**TITLE, "en": "Foot pursuits: your views"}, closes_at=later
        ),
    )
    assert updated.title["en"] == "Foot pursuits: your views" and updated.closes_at == later
    with pytest.raises(SurveyInvalid):
        services.survey_update(
            actor=oee,
            survey=survey,
            details=replace(current, closes_at=timezone.now() - datetime.timedelta(hours=1)),
        )


# --- questions ----------------------------------------------------------------------------------


def test_questions_get_keys_and_positions_in_order(persona) -> None:
    survey = draft_survey(persona)
    assert keys_in_order(survey) == [f"q{n}" for n in range(1, 11)]
    assert list(survey.questions.order_by("position").values_list("position", flat=True)) == list(
        range(1, 11)
    )


def test_a_question_needs_english_words_and_choices(persona) -> None:
    survey = draft_survey(persona, questions=False)
    with pytest.raises(QuestionInvalid) as err:
        services.question_add(
            actor=persona("oee"),
            survey=survey,
            details=QuestionDetails(
                kind=Question.Kind.SINGLE,
                text={"es": "¿Sí o no?"},
                options=[{"label": {"en": "Only one"}}],
            ),
        )
    assert {"text", "options"} <= set(err.value.errors)


def test_a_rating_goes_up_to_between_three_and_ten(persona) -> None:
    survey = draft_survey(persona, questions=False)
    with pytest.raises(QuestionInvalid) as err:
        services.question_add(
            actor=persona("oee"),
            survey=survey,
            details=QuestionDetails(
                kind=Question.Kind.RATING, text={"en": "Rate it"}, scale_max=11
            ),
        )
    assert "scale_max" in err.value.errors


def test_questions_may_change_while_scheduled_and_nobody_answered(persona) -> None:
    oee = persona("oee")
    survey = services.survey_schedule(actor=oee, survey=draft_survey(persona))
    added = services.question_add(
        actor=oee,
        survey=survey,
        details=QuestionDetails(
            kind=Question.Kind.SHORT_TEXT,
            text={"en": "Anything else?", "es": "¿Algo más?", "pl": "Coś jeszcze?"},
        ),
    )
    assert added.key == "q11"
    services.question_remove(actor=oee, question=added)
    assert not survey.questions.filter(key="q11").exists()


def _locked_survey(persona) -> Survey:  # type: ignore[no-untyped-def]
    survey = open_survey(persona)
    answer(survey, form(survey, q1="no", q3="4"))
    return survey


def test_questions_are_locked_once_answers_exist_V_C_2(persona) -> None:
    oee = persona("oee")
    survey = _locked_survey(persona)
    questions = by_key(survey)
    before = list(survey.questions.values_list("key", "position", "kind", "text", "options"))
    with pytest.raises(IllegalTransition):
        services.question_add(
            actor=oee,
            survey=survey,
            details=QuestionDetails(kind=Question.Kind.SHORT_TEXT, text={"en": "New?"}),
        )
    with pytest.raises(IllegalTransition):
        services.question_update(
            actor=oee,
            question=questions["q1"],
            details=QuestionDetails(
                kind=Question.Kind.MULTIPLE, text=SAW, options=[*YES_NO, {"label": {"en": "?"}}]
            ),
        )
    with pytest.raises(IllegalTransition):
        services.question_remove(actor=oee, question=questions["q3"])
    with pytest.raises(IllegalTransition):
        services.question_move(actor=oee, question=questions["q4"], up=True)
    with pytest.raises(IllegalTransition):
        services.demographics_add(actor=oee, survey=survey)
    after = list(survey.questions.values_list("key", "position", "kind", "text", "options"))
    assert after == before


def test_wording_fix_after_answers_is_recorded_with_reason_language_and_words(persona) -> None:
    oee = persona("oee")
    survey = _locked_survey(persona)
    question = by_key(survey)["q1"]
    revisions = services.question_fix_wording(
        actor=oee,
        question=question,
        text={
            "es": "¿Ha visto una persecución a pie de la policía de Chicago, o participado en ella?"
        },
        help={},
        option_labels={"yes": {"pl": "Tak, widziałem"}},
        reason="The Spanish question read as two questions; a Polish reader asked for clarity.",
    )
    assert {(r.field, r.language) for r in revisions} == {("text", "es"), ("option:yes", "pl")}
    stored = {(r.field, r.language): r for r in QuestionRevision.objects.filter(question=question)}
    text_fix = stored[("text", "es")]
    assert text_fix.before == SAW["es"]
    assert text_fix.after.startswith("¿Ha visto una persecución a pie de la policía de Chicago, o")
    assert text_fix.reason.startswith("The Spanish question read as two questions")
    assert text_fix.made_by == oee
    assert stored[("option:yes", "pl")].before == "Tak"
    assert stored[("option:yes", "pl")].after == "Tak, widziałem"
    question.refresh_from_db()
    assert question.text["es"] == text_fix.after and question.text["en"] == SAW["en"]
    # Only the words changed: the kind, the choice keys and their order stay.
    assert question.kind == Question.Kind.SINGLE
    assert [o["key"] for o in question.options] == ["yes", "no"]
    assert audit_count("survey.question_fix_wording", question) == 1


def test_wording_fix_needs_a_reason_and_a_change(persona) -> None:
    oee = persona("oee")
    question = by_key(_locked_survey(persona))["q1"]
    with pytest.raises(QuestionInvalid) as err:
        services.question_fix_wording(
            actor=oee,
            question=question,
            text={"en": "Seen one?"},
            help={},
            option_labels={},
            reason=" ",
        )
    assert "reason" in err.value.errors
    with pytest.raises(QuestionInvalid):
        services.question_fix_wording(
            actor=oee, question=question, text=SAW, help={}, option_labels={}, reason="No change."
        )
    assert not QuestionRevision.objects.exists()


def test_standard_demographic_questions_keep_their_words(persona) -> None:
    question = by_key(_locked_survey(persona))["q6"]
    with pytest.raises(IllegalTransition):
        services.question_fix_wording(
            actor=persona("oee"),
            question=question,
            text={"en": "How old are you?"},
            help={},
            option_labels={},
            reason="Shorter.",
        )


# --- conditions ---------------------------------------------------------------------------------


def _likert(**kw: Any) -> QuestionDetails:
    return QuestionDetails(kind=Question.Kind.LIKERT, text={"en": "Statement"}, **kw)


def test_a_condition_can_only_be_an_earlier_question(persona) -> None:
    oee = persona("oee")
    survey = draft_survey(persona)
    questions = by_key(survey)
    with pytest.raises(QuestionInvalid) as err:
        services.question_update(
            actor=oee,
            question=questions["q3"],
            details=_likert(show_if=questions["q4"], show_if_values=["life"]),
        )
    assert "show_if" in err.value.errors
    other = draft_survey(persona)
    with pytest.raises(QuestionInvalid) as err:
        services.question_add(
            actor=oee,
            survey=survey,
            details=_likert(show_if=by_key(other)["q1"], show_if_values=["yes"]),
        )
    assert "show_if" in err.value.errors


def test_a_condition_can_only_be_a_choice_question(persona) -> None:
    oee = persona("oee")
    survey = draft_survey(persona)
    questions = by_key(survey)
    for parent, values in ((questions["q2"], ["anything"]), (questions["q5"], ["1"])):
        with pytest.raises(QuestionInvalid) as err:
            services.question_add(
                actor=oee, survey=survey, details=_likert(show_if=parent, show_if_values=values)
            )
        assert "show_if" in err.value.errors
    # A choice question and a standard demographic question both do.
    on_likert = services.question_add(
        actor=oee,
        survey=survey,
        details=_likert(show_if=questions["q3"], show_if_values=["4", "5"]),
    )
    on_lived = services.question_add(
        actor=oee,
        survey=survey,
        details=_likert(show_if=questions["q10"], show_if_values=["yes"]),
    )
    assert on_likert.show_if == questions["q3"] and on_lived.show_if_values == ["yes"]


def test_a_condition_needs_values_the_earlier_question_offers(persona) -> None:
    survey = draft_survey(persona)
    with pytest.raises(QuestionInvalid) as err:
        services.question_add(
            actor=persona("oee"),
            survey=survey,
            details=_likert(show_if=by_key(survey)["q1"], show_if_values=["maybe"]),
        )
    assert "show_if_values" in err.value.errors


def test_move_cannot_put_a_dependent_above_its_condition(persona) -> None:
    oee = persona("oee")
    survey = draft_survey(persona)
    questions = by_key(survey)
    with pytest.raises(IllegalTransition):
        services.question_move(actor=oee, question=questions["q2"], up=True)
    with pytest.raises(IllegalTransition):
        services.question_move(actor=oee, question=questions["q1"], up=False)
    assert keys_in_order(survey)[:3] == ["q1", "q2", "q3"]
    services.question_move(actor=oee, question=questions["q3"], up=True)
    assert keys_in_order(survey)[:3] == ["q1", "q3", "q2"]
    # At the top already: nothing moves.
    services.question_move(actor=oee, question=questions["q1"], up=True)
    assert keys_in_order(survey)[:3] == ["q1", "q3", "q2"]


def test_a_question_others_depend_on_cannot_be_removed(persona) -> None:
    survey = draft_survey(persona)
    with pytest.raises(IllegalTransition):
        services.question_remove(actor=persona("oee"), question=by_key(survey)["q1"])
    assert survey.questions.count() == 10


# --- demographics -------------------------------------------------------------------------------


def test_demographics_block_is_added_once_at_the_end(persona) -> None:
    survey = draft_survey(persona)  # the factory adds the block
    standards = list(
        survey.questions.exclude(standard="")
        .order_by("position")
        .values_list("standard", flat=True)
    )
    assert standards == ["age", "race", "gender", "district", "lived"]
    assert services.demographics_add(actor=persona("oee"), survey=survey) == []
    assert survey.questions.exclude(standard="").count() == 5
    assert not survey.questions.filter(standard__gt="", required=True).exists()


# --- copy ---------------------------------------------------------------------------------------


def test_copy_keeps_the_questions_and_remaps_conditions_but_never_the_answers(persona) -> None:
    oee = persona("oee")
    source = _locked_survey(persona)
    other_activity = survey_activity(persona)
    copy = services.survey_copy(actor=oee, survey=source, activity=other_activity)
    assert copy.pk != source.pk and copy.copied_from == source
    assert copy.status == Survey.Status.DRAFT and copy.activity == other_activity
    assert copy.title == source.title and copy.languages == source.languages
    assert copy.opens_at is None and copy.closes_at is None
    assert copy.results == {} and copy.results_published_at is None
    assert not Response.objects.filter(survey=copy).exists()
    assert Response.objects.filter(survey=source).count() == 1
    original, copied = by_key(source), by_key(copy)
    assert set(copied) == set(original)
    for key, question in original.items():
        twin = copied[key]
        assert (twin.kind, twin.text, twin.options, twin.required, twin.standard) == (
            question.kind,
            question.text,
            question.options,
            question.required,
            question.standard,
        )
    assert copied["q2"].show_if == copied["q1"] and copied["q2"].show_if.survey == copy
    assert copied["q2"].show_if_values == ["yes"]
    # The copy's questions are editable: nobody answered it.
    services.question_remove(actor=oee, question=copied["q3"])


# --- who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["department_member", "communications"])
def test_staff_without_a_survey_role_cannot_build_or_move_surveys(persona, key: str) -> None:
    who = persona(key)
    survey = draft_survey(persona)
    questions = by_key(survey)
    attempts = [
        lambda: services.survey_create(actor=who, activity=survey.activity, details=details()),
        lambda: services.survey_update(actor=who, survey=survey, details=details()),
        lambda: services.survey_schedule(actor=who, survey=survey),
        lambda: services.question_add(actor=who, survey=survey, details=_likert()),
        lambda: services.question_move(actor=who, question=questions["q3"], up=True),
        lambda: services.question_remove(actor=who, question=questions["q3"]),
        lambda: services.demographics_add(actor=who, survey=survey),
        lambda: services.survey_copy(actor=who, survey=survey),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    opened = open_survey(persona)
    for move in (services.survey_close,):
        with pytest.raises(NotAllowed):
            move(actor=who, survey=opened)


@pytest.mark.parametrize("key", ["oee", "ocpr", "ocpr_chief", "admin"])
def test_oee_and_ocpr_build_surveys_V_C_2(persona, key: str) -> None:
    who = persona(key)
    survey = services.survey_create(actor=who, activity=survey_activity(persona), details=details())
    add_questions(lambda k: who if k == "oee" else persona(k), survey)
    assert services.survey_schedule(actor=who, survey=survey).status == Survey.Status.SCHEDULED


def test_the_engagements_own_originating_unit_builds_its_surveys(persona) -> None:
    unit = persona("originating_unit")  # Bureau of Patrol
    own = public_activity(persona, method=Activity.Method.ANONYMOUS_SURVEY, unit="Bureau of Patrol")
    survey = services.survey_create(actor=unit, activity=own, details=details())
    assert permissions.can_manage_survey(unit, survey)
    other = survey_activity(persona)  # an OEE engagement
    with pytest.raises(NotAllowed):
        services.survey_create(actor=unit, activity=other, details=details())


def test_can_manage_survey_cases(persona) -> None:
    survey = draft_survey(persona)  # an OEE engagement, an OEE-owned activity
    expected = {
        "oee": True,
        "ocpr": True,
        "ocpr_chief": True,
        "ocpr_designee": True,
        "admin": True,
        "rd": False,
        "training": False,
        "pscd": False,
        "communications": False,
        "department_member": False,
        "originating_unit": False,  # another unit's engagement
    }
    assert {k: permissions.can_manage_survey(persona(k), survey) for k in expected} == expected
    # The unit that owns the activity manages its surveys; the originating-unit role as owner
    # does not open it to every unit's staff.
    rd_activity = engagements.activity_add(
        actor=persona("oee"),
        engagement=survey.activity.engagement,
        method=Activity.Method.ANONYMOUS_SURVEY,
        owner="rd",
    )
    rd_survey = draft_survey(persona, activity=rd_activity, questions=False)
    assert permissions.can_manage_survey(persona("rd"), rd_survey)
    assert not permissions.can_manage_survey(persona("training"), rd_survey)
    unit_activity = engagements.activity_add(
        actor=persona("oee"),
        engagement=survey.activity.engagement,
        method=Activity.Method.ANONYMOUS_SURVEY,
        owner="originating_unit",
    )
    unit_survey = draft_survey(persona, activity=unit_activity, questions=False)
    assert not permissions.can_manage_survey(persona("originating_unit"), unit_survey)


def test_results_are_read_by_the_managers_and_the_units_that_get_the_feedback(persona) -> None:
    survey = draft_survey(persona, questions=False)
    readers = {
        k: permissions.can_view_results(persona(k), survey)
        for k in ("oee", "ocpr", "rd", "training", "pscd", "communications", "department_member")
    }
    assert readers == {
        "oee": True,
        "ocpr": True,
        "rd": True,
        "training": True,
        "pscd": True,
        "communications": False,
        "department_member": False,
    }
