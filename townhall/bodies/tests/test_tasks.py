"""The worker's periodic jobs for bodies: windows close and forward within a minute, calls close
at their time, terms end and rotations are flagged daily (seed 002 V-C-1, V-C-11)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine

from townhall.accounts.models import User
from townhall.bodies import tasks, voting
from townhall.bodies.models import Ballot, Call, Member, Recommendation
from townhall.bodies.tests import factories as f
from townhall.core.scheduling import registered_jobs

Persona = Callable[[str], User]
CHICAGO = ZoneInfo("America/Chicago")


@pytest.mark.parametrize(
    ("name", "task", "every"),
    [
        ("bodies.close_ballots", tasks.close_ballots_task, datetime.timedelta(minutes=1)),
        ("bodies.close_calls", tasks.close_calls_task, datetime.timedelta(minutes=5)),
        ("bodies.terms", tasks.terms_task, datetime.timedelta(hours=24)),
    ],
)
def test_the_bodies_jobs_are_registered_with_the_scheduler(
    name: str, task: object, every: datetime.timedelta
) -> None:
    job = registered_jobs()[name]
    assert job.every == every
    assert job.run == task.call  # type: ignore[attr-defined]
    assert job.enqueue == task.enqueue  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_close_ballots_task_closes_due_windows_and_forwards(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    recommendation = f.drafted(roster[0])
    ballot = f.voting_window(persona, recommendation)
    for member in roster:
        voting.vote_cast(member=member, ballot=ballot, choice="for")
    assert tasks.close_ballots_task.call() == 0  # not yet due
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at + datetime.timedelta(seconds=30), tick=False):
        assert tasks.close_ballots_task.call() == 1
        assert tasks.close_ballots_task.call() == 0
    ballot.refresh_from_db()
    recommendation.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED and ballot.passed
    assert recommendation.status == Recommendation.Status.FORWARDED


@pytest.mark.django_db
def test_close_calls_task_closes_calls_at_their_time(persona: Persona) -> None:
    call = f.open_call(persona, f.working_group(persona))
    assert tasks.close_calls_task.call() == 0
    with time_machine.travel(call.closes_at + datetime.timedelta(minutes=1), tick=False):
        assert tasks.close_calls_task.call() == 1
        assert tasks.close_calls_task.call() == 0
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED


@pytest.mark.django_db
def test_terms_task_ends_past_terms_and_flags_rotations_once_V_C_1(persona: Persona) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 1, 6, 0, tzinfo=CHICAGO), tick=False):
        body = f.advisory_committee(persona)
        [over] = f.members(persona, body, 1, term_starts=datetime.date(2024, 2, 1))
        [ending] = f.members(
            persona, body, 1, name="Grace Liu", term_starts=datetime.date(2024, 4, 1)
        )
        [serving] = f.members(
            persona, body, 1, name="Malik Johnson", term_starts=datetime.date(2025, 9, 1)
        )
        assert tasks.terms_task.call() == 2  # one term ended, one rotation flagged
        assert tasks.terms_task.call() == 0
    for member in (over, ending, serving):
        member.refresh_from_db()
    assert over.status == Member.Status.ENDED and over.rotation_alerted_at is None
    assert ending.status == Member.Status.ACTIVE and ending.rotation_alerted_at is not None
    assert serving.status == Member.Status.ACTIVE and serving.rotation_alerted_at is None
