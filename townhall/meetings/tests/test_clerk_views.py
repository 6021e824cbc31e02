"""The clerk's screen during the meeting (seed 000): the public comment period of 30 minutes
overall and 3 minutes each, run with POST forms that work without JavaScript, and the JSON
its clocks read."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from townhall.meetings import speaking
from townhall.meetings.models import Meeting, SpeakerRequest
from townhall.meetings.tests.factories import scheduled_meeting

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def url(name: str, *args: Any) -> str:
    return reverse(f"staff:meetings:{name}", args=args)


def act(client: Client, meeting: Meeting, action: str, **data: Any) -> Any:
    return client.post(url("clerk-action", meeting.pk, action), data)


def said(response: Any) -> str:
    """The page after the redirect, as a person reads it."""
    return html.unescape(response.text)


def meeting_with_speakers(persona: Any, count: int) -> Meeting:
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    item = meeting.agenda.first()
    assert item is not None
    for n in range(1, count + 1):
        speaking.speaker_request_submit(
            meeting=meeting,
            name=f"Speaker {n:02d}",
            email=f"speaker{n}@example.org",
            phone="",
            agenda_item_id=item.pk,
        )
    return meeting


def test_clerk_cannot_call_after_30_minutes_seed_000(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    """Ten speakers at three minutes each fill the 30 minutes; the eleventh is refused, and
    ending the period records those still waiting as not reached."""
    meeting = meeting_with_speakers(persona, 12)
    start = meeting.starts_at
    with time_machine.travel(start - 10 * MINUTE, tick=False):
        client = client_as("oee")
        response = act(client, meeting, "start")
        assert "opens once the meeting starts" in said(client.get(response["Location"]))
    with time_machine.travel(start + MINUTE, tick=False):
        client = client_as("oee")
        page = client.get(url("clerk", meeting.pk))
        assert page.status_code == 200
        assert "Open the public comment period" in page.text
        response = act(client, meeting, "start")
        assert response.status_code == 302 and response["Location"] == url("clerk", meeting.pk)
    opened = start + MINUTE
    for n in range(10):
        with time_machine.travel(opened + 3 * n * MINUTE, tick=False):
            response = act(client, meeting, "call")
            assert response.status_code == 302
            assert f"Now speaking: Speaker {n + 1:02d}." in said(client.get(response["Location"]))
    with time_machine.travel(opened + 28 * MINUTE, tick=False):
        page = said(client.get(url("clerk", meeting.pk)))
        assert "Speaker 10" in page and "02:00" in page  # two minutes each way
        assert "Cannot be reached in the time left" in page
        assert "more are waiting than the time left holds" in page
    with time_machine.travel(opened + 30 * MINUTE, tick=False):
        page = client.get(url("clerk", meeting.pk))
        assert "are used up: end the period" in said(page)
        response = act(client, meeting, "call")
        page = said(client.get(response["Location"]))
        assert "The 30 minutes of public comment are used up; end the period." in page
        assert SpeakerRequest.objects.get(name="Speaker 11").status == "waiting"
        response = act(client, meeting, "end")
        page = said(client.get(response["Location"]))
    statuses = dict(SpeakerRequest.objects.values_list("name", "status"))
    assert [statuses[f"Speaker {n:02d}"] for n in range(1, 11)] == ["spoke"] * 10
    assert statuses["Speaker 11"] == statuses["Speaker 12"] == "not_reached"
    assert "Not reached in the time" in page
    assert SpeakerRequest.objects.get(name="Speaker 01").spoken_seconds == 180
    meeting.refresh_from_db()
    assert meeting.period_ended_at == opened + 30 * MINUTE


def test_the_clerk_finishes_passes_over_marks_absent_and_records_presence_seed_000(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = meeting_with_speakers(persona, 3)
    first, second, third = SpeakerRequest.objects.order_by("position")
    with time_machine.travel(meeting.starts_at + MINUTE, tick=False):
        client = client_as("oee")
        act(client, meeting, "start")
        act(client, meeting, "skip", speaker=first.pk)
        first.refresh_from_db()
        assert first.position == 4 and first.skipped == 1
        response = act(client, meeting, "skip", speaker=first.pk)
        assert "already passed over once" in said(client.get(response["Location"]))
        act(client, meeting, "call")  # the second is now first in the queue
        act(client, meeting, "presence", speaker=second.pk, presence="remote")
    with time_machine.travel(meeting.starts_at + 3 * MINUTE, tick=False):
        act(client, meeting, "finish")
        act(client, meeting, "absent", speaker=third.pk)
        response = act(client, meeting, "presence", speaker=third.pk, presence="nowhere")
        assert "Choose in person or remotely." in said(client.get(response["Location"]))
        response = act(client, meeting, "skip")
        assert "Choose a speaker of this meeting." in said(client.get(response["Location"]))
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "spoke" and second.presence == "remote"
    assert second.spoken_seconds == 120
    assert third.status == "absent"


def test_a_speaker_of_another_meeting_cannot_be_called(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = meeting_with_speakers(persona, 1)
    other = meeting_with_speakers(persona, 1)
    stranger = other.speakers.get()
    with time_machine.travel(meeting.starts_at + MINUTE, tick=False):
        client = client_as("oee")
        act(client, meeting, "start")
        act(client, meeting, "absent", speaker=stranger.pk)
    stranger.refresh_from_db()
    assert stranger.status == "waiting"


def test_an_unknown_clerk_action_is_not_found(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    client = client_as("oee")
    assert act(client, meeting, "shout").status_code == 404
    assert client.get(url("clerk-action", meeting.pk, "start")).status_code == 405


def test_the_clerk_state_is_json_never_cached_and_for_who_runs_the_meeting(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = meeting_with_speakers(persona, 2)
    with time_machine.travel(meeting.starts_at + MINUTE, tick=False):
        client = client_as("oee")
        act(client, meeting, "start")
        act(client, meeting, "call")
    with time_machine.travel(meeting.starts_at + 2 * MINUTE, tick=False):
        response = client.get(url("clerk-state", meeting.pk))
        assert client_as("communications").get(url("clerk-state", meeting.pk)).status_code == 403
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["phase"] == "open" and data["speaker"] == "Speaker 01"
    assert data["speaker_left"] == 120 and data["total_left"] == 29 * 60
    assert data["next"] == ["Speaker 02"] and data["waiting"] == 1


def test_the_clerk_screen_carries_the_clock_contract_and_works_without_javascript(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = meeting_with_speakers(persona, 1)
    page = client_as("oee").get(url("clerk", meeting.pk)).text
    state_url = url("clerk-state", meeting.pk)
    assert f'data-period-state-url="{state_url}"' in page
    for marker in (
        'data-bind="speaker"',
        'data-bind="item"',
        'data-bind="phase"',
        'data-bind="next"',
        'role="timer" aria-labelledby="speaker-clock-h" data-bind="speaker_left"',
        'role="timer" aria-labelledby="total-clock-h" data-bind="total_left"',
        'aria-live="polite" data-announce',
        "townhall/meeting-clock.js",
        ">Refresh<",
        "30:00",
    ):
        assert marker in page, marker
    assert "<script>" not in page and "style=" not in page


def test_the_lottery_is_drawn_when_the_period_opens_if_not_before_seed_000(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = meeting_with_speakers(persona, 4)
    Meeting.objects.filter(pk=meeting.pk).update(speaker_order=Meeting.SpeakerOrder.LOTTERY)
    with time_machine.travel(meeting.starts_at + MINUTE, tick=False):
        client = client_as("oee")
        assert "The lottery of the order is drawn first." in said(
            client.get(url("clerk", meeting.pk))
        )
        act(client, meeting, "start")
    meeting.refresh_from_db()
    assert meeting.lottery_seed is not None and meeting.period_started_at is not None
