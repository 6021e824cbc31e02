"""Public API of meetings: what the meeting pages show, as open data. Read-only: the public
forms (registration, requests to speak, written comments) stay behind their anti-abuse checks
on the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema

from townhall.core.schemas import ErrorOut
from townhall.meetings import selectors
from townhall.meetings.models import Meeting, Minutes
from townhall.meetings.speaking import request_deadline, written_deadline

router = Router(tags=["meetings"])


class AgendaItemOut(Schema):
    position: int
    title: str
    presenter: str
    minutes: int | None
    withdrawn: bool


class CommentRulesOut(Schema):
    """Seed 000's rules as this meeting holds them."""

    total_minutes: int
    minutes_per_speaker: int
    speakers_the_period_holds: int
    speakers_asked: int
    request_to_speak_by: datetime.datetime
    written_comments_by: datetime.datetime
    order: str
    lottery_seed: int | None


class MinutesOut(Schema):
    summary: str
    votes: list[dict[str, Any]]
    approved_on: datetime.date | None
    posted_at: datetime.datetime | None


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    notice: str
    notice_reason: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    place: str
    online_url: str
    call_in: str
    district: int | None
    engagement_id: int
    agenda_posted_at: datetime.datetime | None
    url: str


class MeetingDetailOut(MeetingOut):
    description: str
    venue_access: str
    capacity: int | None
    places_left: int | None
    languages: list[str]
    interpretation: str
    attire: str
    attire_agreed_with: str
    agenda: list[AgendaItemOut]
    public_comment: CommentRulesOut | None
    recording_url: str
    attendance_count: int | None
    minutes: MinutesOut | None


def _out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "title": meeting.title,
        "status": meeting.status,
        "notice": meeting.notice,
        "notice_reason": meeting.notice_reason,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "mode": meeting.mode,
        "place": meeting.place,
        "online_url": meeting.join_details[0],
        "call_in": meeting.join_details[1],
        "district": meeting.district,
        "engagement_id": meeting.activity.engagement_id,
        "agenda_posted_at": meeting.agenda_posted_at,
        "url": settings.TOWNHALL_BASE_URL.rstrip("/")
        + reverse("meetings:detail", kwargs={"pk": meeting.pk}),
    }


@router.get("", response=list[MeetingOut], summary="Upcoming public meetings")
def list_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    """Meetings with a posted agenda that have not ended, soonest first."""
    return [_out(m) for m in selectors.upcoming_public_meetings().order_by("starts_at", "id")]


@router.get(
    "/{meeting_id}",
    response={200: MeetingDetailOut, 404: ErrorOut},
    summary="One public meeting: agenda, public comment rules, minutes",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = get_object_or_404(selectors.public_meetings(), pk=meeting_id)
    places = selectors.places(meeting)
    rules = None
    if meeting.has_public_comment:
        rules = {
            "total_minutes": meeting.comment_total_minutes,
            "minutes_per_speaker": meeting.comment_speaker_minutes,
            "speakers_the_period_holds": meeting.speaker_slots,
            "speakers_asked": selectors.speaker_counts(meeting).waiting,
            "request_to_speak_by": request_deadline(meeting),
            "written_comments_by": written_deadline(meeting),
            "order": meeting.speaker_order,
            "lottery_seed": meeting.lottery_seed,
        }
    minutes = Minutes.objects.filter(meeting=meeting, status=Minutes.Status.POSTED).first()
    return {
        **_out(meeting),
        "description": meeting.description,
        "venue_access": meeting.venue_access,
        "capacity": meeting.capacity,
        "places_left": places.left,
        "languages": list(meeting.languages),
        "interpretation": meeting.interpretation,
        "attire": meeting.attire,
        "attire_agreed_with": meeting.attire_agreed_with,
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "presenter": item.presenter,
                "minutes": item.minutes,
                "withdrawn": item.withdrawn,
            }
            for item in meeting.agenda.all()
        ],
        "public_comment": rules,
        "recording_url": meeting.recording_url,
        "attendance_count": meeting.attendance_count,
        "minutes": {
            "summary": minutes.summary,
            "votes": minutes.votes,
            "approved_on": minutes.approved_on,
            "posted_at": minutes.posted_at,
        }
        if minutes
        else None,
    }
