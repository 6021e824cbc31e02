"""Meetings for the browser walk-throughs, made in the site's own database through the real
services (run with `manage.py shell -c`), at the moments the walk-through needs: a meeting
starting in 25 hours, one that has just started with eleven speakers waiting, and so on.
Each function prints the new meeting's id (and a facilitator's token where there is one)."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.engagements.models import Activity
from townhall.meetings import services, speaking
from townhall.meetings.models import Meeting


def _activity() -> Activity:
    return (
        Activity.objects.filter(
            engagement__directive__number="G03-07",
            method=Activity.Method.COMMUNITY_CONVERSATION,
        )
        .order_by("id")
        .first()
    )  # type: ignore[return-value]


def _meeting(
    title: str, start: datetime.datetime, *, capacity: int | None = None, comment: bool = True
) -> Meeting:
    oee = ensure_persona_by_key("oee")
    meeting = services.meeting_create(
        actor=oee,
        activity=_activity(),
        details=services.Details(
            kind=Meeting.Kind.COMMUNITY_CONVERSATION,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            mode=Activity.Mode.IN_PERSON,
            place="Kennedy-King College, 6301 S. Halsted St.",
            venue_access="Step-free entrance on Halsted Street.",
            capacity=capacity,
            has_public_comment=comment,
        ),
    )
    services.agenda_item_add(
        actor=oee, meeting=meeting, title="The draft foot pursuit policy", minutes=60
    )
    notice = (
        Meeting.Notice.REGULAR
        if start - timezone.now() >= datetime.timedelta(hours=49)
        else Meeting.Notice.SPECIAL
    )
    return services.meeting_publish(
        actor=oee,
        meeting=meeting,
        notice=notice,
        reason=""
        if notice == Meeting.Notice.REGULAR
        else "Added at the district council's request before the comment period closes.",
    )


def starting_in(minutes: int, title: str, capacity: str = "") -> None:
    start = (timezone.now() + datetime.timedelta(minutes=minutes)).replace(microsecond=0)
    meeting = _meeting(title, start, capacity=int(capacity) if capacity else None)
    print(meeting.pk)


def started_with_speakers(count: int, title: str) -> None:
    """A meeting starting a few seconds from now whose agenda was posted and whose speakers
    asked days before, as they would have."""
    start = (timezone.now() + datetime.timedelta(seconds=3)).replace(microsecond=0)
    with time_machine.travel(start - datetime.timedelta(days=3), tick=False):
        meeting = _meeting(title, start)
        item = meeting.agenda.first()
        for n in range(1, count + 1):
            speaking.speaker_request_submit(
                meeting=meeting,
                name=f"Speaker {n:02d}",
                email=f"speaker{n}@example.org",
                phone="",
                agenda_item_id=item.pk if item else None,
            )
    print(meeting.pk)


def started_with_group(title: str) -> None:
    """A community conversation that started a minute ago, with one breakout group."""
    start = (timezone.now() - datetime.timedelta(minutes=1)).replace(microsecond=0)
    with time_machine.travel(start - datetime.timedelta(days=3), tick=False):
        meeting = _meeting(title, start, comment=False)
        oee = ensure_persona_by_key("oee")
        services.prompt_add(
            actor=oee, meeting=meeting, text="When should an officer decide not to chase?"
        )
        group = services.breakout_group_add(actor=oee, meeting=meeting, facilitator="Marisol Vega")
    print(meeting.pk, group.token, meeting.activity.engagement_id)
