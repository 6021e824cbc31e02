"""The post-engagement survey template (seed 002 V-D-4: "an opportunity for the community
members to provide anonymous feedback on previous engagements")."""

from __future__ import annotations

import pytest
from django.conf import settings

from townhall.core.errors import NotAllowed
from townhall.meetings.tests.factories import public_activity, scheduled_meeting
from townhall.surveys import services
from townhall.surveys.models import Question, Survey
from townhall.surveys.post_engagement import post_engagement_create
from townhall.surveys.tests.factories import answer, form

pytestmark = pytest.mark.django_db

SIX = {code for code, _name in settings.LANGUAGES}


@pytest.fixture
def made(persona):  # type: ignore[no-untyped-def]
    activity = public_activity(persona)
    meeting = scheduled_meeting(persona, activity=activity)
    return post_engagement_create(actor=persona("oee"), activity=activity, meeting=meeting)


def test_the_template_is_a_draft_by_invitation_about_the_meeting_V_D_4(made) -> None:
    survey = made
    assert survey.kind == Survey.Kind.POST_ENGAGEMENT
    assert survey.status == Survey.Status.DRAFT
    assert survey.access == Survey.Access.INVITATION
    assert survey.audience == Survey.Audience.PUBLIC
    assert survey.meeting is not None and survey.meeting.activity_id == survey.activity_id
    assert survey.meeting.title in survey.title["en"]
    assert survey.min_cell >= 10
    assert survey.opens_at is not None and survey.closes_at > survey.opens_at


def test_the_template_exists_in_all_six_languages_V_D_4(made) -> None:
    """Every word of it is an interface string, so it has all six languages (until the
    translations are compiled, some of them read as the English)."""
    survey = made
    assert SIX == {"en", "es", "zh-hans", "pl", "ar", "hi"}
    assert set(survey.languages) == SIX and survey.languages[0] == "en"
    assert set(survey.title) == SIX and all(survey.title.values())
    assert set(survey.intro) == SIX and all(survey.intro.values())
    assert "anonymous" in survey.intro["en"]
    for question in survey.questions.filter(standard=""):
        assert set(question.text) == SIX and all(question.text.values()), question.key
        for option in question.options:
            assert set(option["label"]) == SIX and all(option["label"].values()), question.key


def test_the_template_asks_the_v_d_4_questions_with_a_condition_and_demographics(made) -> None:
    questions = list(made.questions.order_by("position"))
    kinds = [q.kind for q in questions if not q.standard]
    assert kinds == [
        Question.Kind.MATRIX,
        Question.Kind.RATING,
        Question.Kind.MULTIPLE,
        Question.Kind.SINGLE,
        Question.Kind.SINGLE,
        Question.Kind.LONG_TEXT,
    ]
    assert [q.standard for q in questions if q.standard] == [
        "age",
        "race",
        "gender",
        "district",
        "lived",
    ]
    (conditional,) = [q for q in questions if q.show_if_id]
    asked = conditional.show_if
    assert asked.position < conditional.position
    assert "accommodation" in asked.text["en"]
    yes = next(o for o in asked.options if o["label"]["en"] == "Yes")
    assert conditional.show_if_values == [yes["key"]]
    # Every question is optional, as the introduction promises.
    assert not any(q.required for q in questions)


def test_the_template_can_be_scheduled_as_it_is_V_D_4(persona, made) -> None:
    oee = persona("oee")
    survey = services.survey_schedule(actor=oee, survey=made)
    assert survey.status == Survey.Status.SCHEDULED
    survey = services.survey_open(actor=oee, survey=survey)
    assert survey.status == Survey.Status.OPEN


def test_the_template_can_be_edited_before_it_opens(persona, made) -> None:
    text = made.questions.get(kind=Question.Kind.LONG_TEXT)
    services.question_remove(actor=persona("oee"), question=text)
    assert not made.questions.filter(kind=Question.Kind.LONG_TEXT).exists()


def test_the_template_about_a_whole_activity_names_the_activity(persona) -> None:
    activity = public_activity(persona)
    survey = post_engagement_create(actor=persona("ocpr"), activity=activity)
    assert survey.meeting is None
    assert activity.title in survey.title["en"]


@pytest.mark.parametrize("key", ["department_member", "communications"])
def test_only_survey_managers_make_one(persona, key: str) -> None:
    activity = public_activity(persona)
    with pytest.raises(NotAllowed):
        post_engagement_create(actor=persona(key), activity=activity)
    assert not Survey.objects.exists()


def test_answers_to_the_template_need_an_invitation_V_D_4(persona, made) -> None:
    from townhall.core.errors import IllegalTransition
    from townhall.surveys.responses import invitations_make

    oee = persona("oee")
    survey = services.survey_open(
        actor=oee, survey=services.survey_schedule(actor=oee, survey=made)
    )
    with pytest.raises(IllegalTransition):
        answer(survey, form(survey, q2="5"))
    _batch, (token,) = invitations_make(actor=oee, survey=survey, count=1)
    raw = form(survey, q2="5", q3=["o6", "o2"], q4="o1", q5="o2", **{"q1-o1": "4"})
    answer(survey, raw, invitation_token=token)
    stored = survey.responses.get()
    assert stored.answers == {
        "q1": {"o1": "4"},
        "q2": "5",
        "q3": ["o2", "o6"],
        "q4": "o1",
        "q5": "o2",
    }
