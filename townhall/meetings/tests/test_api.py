"""The meetings' open data: what the public pages show, and nothing they do not."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from townhall.meetings import minutes, services
from townhall.meetings.tests.factories import draft_meeting, scheduled_meeting

pytestmark = pytest.mark.django_db


def test_upcoming_public_meetings_are_listed_drafts_are_not(persona, client) -> None:
    shown = scheduled_meeting(persona)
    hidden = draft_meeting(persona)
    ids = [m["id"] for m in client.get("/api/v1/meetings").json()]
    assert shown.pk in ids and hidden.pk not in ids
    assert client.get(f"/api/v1/meetings/{hidden.pk}").status_code == 404


def test_detail_gives_agenda_and_seed_000_rules_with_deadlines(persona, client) -> None:
    meeting = scheduled_meeting(persona)
    data = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [i["title"] for i in data["agenda"]] == [
        "Welcome and the draft policy",
        "Small-group discussion",
    ]
    rules = data["public_comment"]
    assert rules["total_minutes"] == 30 and rules["minutes_per_speaker"] == 3
    assert rules["speakers_the_period_holds"] == 10
    by = datetime.datetime.fromisoformat(rules["request_to_speak_by"])
    assert meeting.starts_at - by == datetime.timedelta(hours=24)
    assert data["minutes"] is None


def test_minutes_appear_once_posted_2_06(persona, client) -> None:
    meeting = scheduled_meeting(persona)
    services.meetings_close_past(now=meeting.ends_at)
    meeting.refresh_from_db()
    saved = minutes.minutes_save(
        actor=persona("oee"), meeting=meeting, summary="Residents spoke on gangways.", votes=[]
    )
    assert client.get(f"/api/v1/meetings/{meeting.pk}").json()["minutes"] is None
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=2), tick=False):
        approved = minutes.minutes_approve(
            actor=persona("oee"), minutes=saved, approved_on=timezone.localdate(meeting.ends_at)
        )
        minutes.minutes_post(actor=persona("oee"), minutes=approved)
    data = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert data["minutes"]["summary"] == "Residents spoke on gangways."
