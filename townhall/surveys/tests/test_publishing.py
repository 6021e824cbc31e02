"""Publishing a closed survey's results (seed 002 V-D-3) and its free-text answers joining the
feedback pool at closing: the snapshot holds no count from 1 to the threshold, publishing again
replaces it, and the pool cannot tell in which order or at what time people answered."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.feedback.analysis_models import FeedbackItem
from townhall.surveys import responses, services
from townhall.surveys.models import Survey
from townhall.surveys.publishing import audiences_of, survey_results_publish
from townhall.surveys.selectors import published_surveys
from townhall.surveys.tests.factories import answer, form, open_survey
from townhall.surveys.tests.test_results import answer_skewed, counts, skewed_survey, small_counts

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def closed(persona: Any, **kw: Any) -> Survey:
    survey = skewed_survey(persona, **kw)
    return services.survey_close(actor=persona("oee"), survey=survey)


# --- publishing ---------------------------------------------------------------------------------


def test_results_are_published_once_the_survey_has_closed_V_D_3(persona) -> None:
    oee = persona("oee")
    survey = skewed_survey(persona, n=12)
    with pytest.raises(IllegalTransition):
        survey_results_publish(actor=oee, survey=survey)
    survey = services.survey_close(actor=oee, survey=survey)
    with pytest.raises(NotAllowed):
        survey_results_publish(actor=persona("department_member"), survey=survey)
    with pytest.raises(NotAllowed):
        survey_results_publish(actor=persona("communications"), survey=survey)
    published = survey_results_publish(actor=oee, survey=survey)
    assert published.results_published_at is not None
    published.refresh_from_db()
    assert published.results["min_cell"] == 10
    assert set(published.results["audiences"]) == {"public"}
    assert published.results["audiences"]["public"]["overall"]["respondents"] == 12
    assert list(published_surveys()) == [published]


def test_publishing_creates_no_count_from_1_to_10_V_D_3(persona) -> None:
    """The issue's "done when": publishing creates no cell with a count from 1 to 10, in any
    table of any question kind, overall or in a breakdown."""
    survey = closed(persona)
    published = survey_results_publish(actor=persona("oee"), survey=survey)
    snapshot = Survey.objects.get(pk=published.pk).results
    public = snapshot["audiences"]["public"]
    assert set(public["by"]) == {"age", "race", "lived"}
    assert public["overall"]["respondents"] == 40
    assert len(list(counts(snapshot))) > 1000
    assert small_counts(snapshot, 10) == []
    # Hidden counts are there to be hidden: the snapshot is not an empty shell.
    assert any(v is None for _p, v in counts(snapshot))


def test_publishing_again_replaces_the_results(persona) -> None:
    oee = persona("oee")
    survey = closed(persona, n=12)
    first = survey_results_publish(actor=oee, survey=survey)
    assert first.results["audiences"]["public"]["overall"]["respondents"] == 12
    # Late paper answers arrive after closing.
    for _i in range(3):
        responses.response_enter(
            actor=oee,
            survey=first,
            raw=form(first, q1="no", q3="3"),
            channel="paper",
            audience="public",
        )
    second = survey_results_publish(actor=oee, survey=first)
    second.refresh_from_db()
    assert second.results["audiences"]["public"]["overall"]["respondents"] == 15
    assert second.results_published_at >= first.results_published_at
    events = AuditEvent.objects.filter(action="survey.results_publish", object_id=str(survey.pk))
    assert [e.after["again"] for e in events.order_by("id")] == [False, True]


def test_both_audiences_are_published_apart_V_C_2(persona) -> None:
    oee = persona("oee")
    survey = skewed_survey(persona, n=11, audience=Survey.Audience.BOTH)
    for n, key in enumerate(("department_member", "rd")):
        answer_skewed(survey, n, member=persona(key))
    survey = services.survey_close(actor=oee, survey=survey)
    assert audiences_of(survey) == ["public", "department"]
    published = survey_results_publish(actor=oee, survey=survey)
    audiences = published.results["audiences"]
    assert audiences["public"]["overall"]["respondents"] == 11
    assert audiences["department"]["overall"]["too_few"] is True
    assert audiences["department"]["overall"]["respondents"] is None
    assert small_counts(published.results, 10) == []


# --- the feedback pool (V-D-3) -----------------------------------------------------------------


def _pool(survey: Survey) -> list[FeedbackItem]:
    return list(
        FeedbackItem.objects.filter(
            source=FeedbackItem.Source.SURVEY_ANSWER, source_ref__contains=":q"
        ).filter(engagement=survey.activity.engagement)
    )


def test_free_text_joins_the_feedback_pool_at_closing_once_V_D_3(persona) -> None:
    survey = open_survey(persona)
    texts = [
        "The officers should have radioed ahead instead of running across the tracks.",
        "A neighbour was knocked over on the sidewalk during the chase.",
        "They stopped when the sergeant told them to, which was right.",
    ]
    for text in texts:
        answer(survey, form(survey, q1="yes", q2=text, q3="3"))
    answer(survey, form(survey, q1="no", q3="5"))
    assert _pool(survey) == []  # nothing joins while answers still come in
    closing = datetime.datetime(2025, 6, 3, 21, 47, 13, tzinfo=CHICAGO)
    with time_machine.travel(closing, tick=False):
        survey.closes_at = closing - datetime.timedelta(minutes=1)
        Survey.objects.filter(pk=survey.pk).update(closes_at=survey.closes_at)
        assert services.surveys_close_due() == 1
        assert services.surveys_close_due() == 0
    items = _pool(survey)
    assert sorted(i.text for i in items) == sorted(texts)
    assert {i.source for i in items} == {"survey_answer"}
    assert {i.origin for i in items} == {"external"} and {i.channel for i in items} == {"web"}
    # Dated with the closing day, all at one time: not when each person answered.
    received = {timezone.localtime(i.received_at, CHICAGO) for i in items}
    assert len(received) == 1
    (when,) = received
    assert when.date() == datetime.date(2025, 6, 3)
    assert when.time() == datetime.time(12)
    survey.refresh_from_db()
    assert survey.pooled_at is not None
    assert survey.responses.filter(pooled=False).count() == 0


def test_pooling_does_not_follow_the_order_people_answered(persona, monkeypatch) -> None:
    """The pool is filled in a shuffled order (here a reversing shuffle, to see that the one
    used is the shuffle)."""
    from townhall.surveys import services as surveys_services

    survey = open_survey(persona)
    for n in range(3):
        answer(survey, form(survey, q1="yes", q2=f"Answer number {n}"))
    shuffled: list[int] = []

    class Reverse:
        def shuffle(self, items: list[Any]) -> None:
            shuffled.append(len(items))
            items.reverse()

    monkeypatch.setattr(surveys_services.random, "SystemRandom", Reverse)
    services.survey_close(actor=persona("oee"), survey=survey)
    assert shuffled == [3]
    by_id = sorted(_pool(survey), key=lambda i: i.pk)
    pending = sorted(survey.responses.all(), key=lambda r: r.pk)  # the order they were read
    assert [i.source_ref.split(":")[1] for i in by_id] == [str(r.pk) for r in reversed(pending)]


def test_department_free_text_joins_the_pool_as_internal(persona) -> None:
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    answer(
        survey,
        form(survey, q1="yes", q2="Supervisors should call off chases for minor offenses."),
        member=persona("department_member"),
    )
    services.survey_close(actor=persona("oee"), survey=survey)
    (item,) = _pool(survey)
    assert item.origin == "internal"


def test_late_paper_answers_join_the_pool_once(persona) -> None:
    oee = persona("oee")
    survey = open_survey(persona)
    answer(survey, form(survey, q1="yes", q2="Online before closing."))
    survey = services.survey_close(actor=oee, survey=survey)
    assert len(_pool(survey)) == 1
    responses.response_enter(
        actor=oee,
        survey=survey,
        raw=form(survey, q1="yes", q2="Mailed in on paper."),
        channel="paper",
        audience="public",
    )
    items = _pool(survey)
    assert sorted(i.text for i in items) == ["Mailed in on paper.", "Online before closing."]
    assert {i.channel for i in items} == {"web", "paper"}
    assert survey.responses.filter(pooled=False).count() == 0
