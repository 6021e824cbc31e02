"""Minutes (5 ILCS 120/2.06): drafted after the meeting, approved in time, posted within 10
days of approval; overdue minutes are flagged."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from townhall.core.errors import IllegalTransition
from townhall.meetings import minutes, services
from townhall.meetings.models import Minutes
from townhall.meetings.selectors import minutes_deadlines, minutes_flags
from townhall.meetings.tests.factories import scheduled_meeting

pytestmark = pytest.mark.django_db
VOTES = [
    {
        "motion": "Recommend a supervisor's approval for pursuits",
        "for": 7,
        "against": 2,
        "abstain": 1,
    }
]


def _held(persona):  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    services.meetings_close_past(now=meeting.ends_at)
    meeting.refresh_from_db()
    return meeting


def test_minutes_are_written_for_a_held_meeting_with_votes_2_06(persona) -> None:
    meeting = scheduled_meeting(persona)
    with pytest.raises(IllegalTransition):
        minutes.minutes_save(actor=persona("oee"), meeting=meeting, summary="x", votes=[])
    meeting = _held(persona)
    saved = minutes.minutes_save(
        actor=persona("oee"), meeting=meeting, summary="Residents discussed gangways.", votes=VOTES
    )
    assert saved.votes[0]["outcome"] == "Carried"
    assert saved.votes[0]["for"] == 7
    with pytest.raises(minutes.MinutesInvalid):
        minutes.minutes_save(actor=persona("oee"), meeting=meeting, summary=" ", votes=[])


def test_approved_minutes_are_kept_and_posted_after_approval_2_06(persona) -> None:
    meeting = _held(persona)
    saved = minutes.minutes_save(actor=persona("oee"), meeting=meeting, summary="S.", votes=[])
    with pytest.raises(IllegalTransition):
        minutes.minutes_post(actor=persona("oee"), minutes=saved)
    held_on = timezone.localdate(meeting.starts_at)
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=3), tick=False):
        with pytest.raises(minutes.MinutesInvalid):
            minutes.minutes_approve(
                actor=persona("oee"), minutes=saved, approved_on=held_on - datetime.timedelta(1)
            )
        approved = minutes.minutes_approve(
            actor=persona("oee"), minutes=saved, approved_on=held_on + datetime.timedelta(2)
        )
        with pytest.raises(IllegalTransition):
            minutes.minutes_save(actor=persona("oee"), meeting=meeting, summary="New", votes=[])
        posted = minutes.minutes_post(actor=persona("oee"), minutes=approved)
    assert posted.status == Minutes.Status.POSTED and posted.posted_at
    assert minutes_deadlines(meeting).post_by == held_on + datetime.timedelta(12)


def test_overdue_minutes_are_flagged_2_06(persona) -> None:
    meeting = _held(persona)
    held_on = timezone.localdate(meeting.starts_at)
    assert minutes_flags(held_on + datetime.timedelta(days=10)) == []
    soon = minutes_flags(held_on + datetime.timedelta(days=25))
    assert [(f.what, f.overdue) for f in soon] == [("approve", False)]
    late = minutes_flags(held_on + datetime.timedelta(days=31))
    assert [(f.meeting.pk, f.what, f.overdue) for f in late] == [(meeting.pk, "approve", True)]
    saved = minutes.minutes_save(actor=persona("oee"), meeting=meeting, summary="S.", votes=[])
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=3), tick=False):
        minutes.minutes_approve(actor=persona("oee"), minutes=saved, approved_on=held_on)
    flags = minutes_flags(held_on + datetime.timedelta(days=11))
    assert [(f.what, f.overdue) for f in flags] == [("post", True)]


def test_staff_dashboard_flags_overdue_minutes_2_06(persona, client_as) -> None:
    meeting = _held(persona)
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=32), tick=False):
        page = client_as("oee").get("/staff/")
    assert page.status_code == 200
    assert meeting.title in page.content.decode()
    assert "Overdue since" in page.content.decode()
