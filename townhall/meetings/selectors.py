"""Reads of meetings: what the public may see, the state of the public comment period, and
the minutes' deadlines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from townhall.engagements.models import Engagement
from townhall.feedback.models import FeedbackItem
from townhall.meetings import rules
from townhall.meetings.models import Meeting, Minutes, Registration, SpeakerRequest


def public_meetings() -> QuerySet[Meeting]:
    """What the public pages show: posted agendas (5 ILCS 120/2.02) of public activities of
    published engagements; never an internal focus group (V-C-9)."""
    return (
        Meeting.objects.exclude(agenda_posted_at__isnull=True)
        .exclude(kind=Meeting.Kind.INTERNAL_FOCUS_GROUP)
        .filter(activity__is_public=True, activity__engagement__is_public=True)
        .select_related("activity__engagement")
    )


def is_public(meeting: Meeting) -> bool:
    return public_meetings().filter(pk=meeting.pk).exists()


def upcoming_public_meetings(now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return public_meetings().filter(status=Meeting.Status.SCHEDULED, ends_at__gt=now)


def public_meetings_of(engagement: Engagement) -> QuerySet[Meeting]:
    return public_meetings().filter(activity__engagement=engagement)


def staff_meetings(*, when: str = "upcoming") -> QuerySet[Meeting]:
    now = timezone.now()
    qs = Meeting.objects.select_related("activity__engagement").annotate(
        registered=Count("registrations", filter=Q(registrations__status="confirmed")),
        waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )
    if when == "past":
        return qs.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    return qs.filter(ends_at__gt=now).order_by("starts_at", "id")


@dataclass(frozen=True)
class SpeakerCounts:
    waiting: int
    slots: int

    @property
    def more_than_period_holds(self) -> bool:
        """Seed 000: more have asked than 30 minutes hold at 3 minutes each."""
        return self.waiting > self.slots


def speaker_counts(meeting: Meeting) -> SpeakerCounts:
    waiting = meeting.speakers.filter(status=SpeakerRequest.Status.WAITING).count()
    return SpeakerCounts(waiting=waiting, slots=meeting.speaker_slots)


@dataclass(frozen=True)
class Places:
    confirmed: int
    waitlisted: int
    capacity: int | None

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed)


def places(meeting: Meeting) -> Places:
    counts = meeting.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    return Places(counts["confirmed"], counts["waitlisted"], meeting.capacity)


# The room's display and the clerk's screen name this many of those waiting.
NEXT_SHOWN = 3


def period_state(meeting: Meeting, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The public comment period at one instant, for the clerk's screen and the room's
    display: who speaks, on what, the two clocks, and who is next."""
    now = now or timezone.now()
    speakers = list(meeting.speakers.select_related("agenda_item").order_by("position", "id"))
    current = next((s for s in speakers if s.status == SpeakerRequest.Status.SPEAKING), None)
    waiting = [s for s in speakers if s.status == SpeakerRequest.Status.WAITING]
    clock = rules.period_clock(
        now=now,
        started_at=meeting.period_started_at,
        ended_at=meeting.period_ended_at,
        total_minutes=meeting.comment_total_minutes,
        speaker_minutes=meeting.comment_speaker_minutes,
        speaker_called_at=current.called_at if current else None,
    )
    if meeting.period_started_at is None:
        phase = "before"
    elif meeting.period_ended_at is not None:
        phase = "ended"
    else:
        phase = "open"
    # Who can still be reached if each waiting speaker used full time from now on.
    per = meeting.comment_speaker_minutes * 60
    room = clock.total_left - (clock.speaker_left or 0)
    reachable = room // per if phase != "ended" else 0
    return {
        "phase": phase,
        "total_left": clock.total_left,
        "speaker_left": clock.speaker_left,
        "over": clock.over,
        "current": current,
        "waiting": waiting,
        "reachable": min(len(waiting), reachable),
        "done": [
            s
            for s in speakers
            if s.status
            not in (
                SpeakerRequest.Status.WAITING,
                SpeakerRequest.Status.SPEAKING,
                SpeakerRequest.Status.WITHDRAWN,
            )
        ],
    }


def period_state_json(meeting: Meeting) -> dict[str, Any]:
    state = period_state(meeting)
    current = state["current"]
    return {
        "phase": state["phase"],
        "total_left": state["total_left"],
        "speaker_left": state["speaker_left"],
        "over": state["over"],
        "speaker": current.name if current else None,
        "item": str(current.agenda_item) if current and current.agenda_item else None,
        "next": [s.name for s in state["waiting"][:NEXT_SHOWN]],
        "waiting": len(state["waiting"]),
    }


def _series(meeting: Meeting) -> tuple[str, int]:
    """The public body whose meetings 2.06(b) counts: the standing body that meets, or, for a
    meeting of no body, its activity's own series."""
    if meeting.body_id is not None:
        return ("body_id", meeting.body_id)
    return ("activity_id", meeting.activity_id)


def _series_filter(field: str, key: int) -> Q:
    if field == "body_id":
        return Q(body_id=key)
    return Q(activity_id=key, body_id=None)


def later_regular_dates(meeting: Meeting) -> list[datetime.date]:
    """The same series' regular meetings after this one: what 2.06(b)'s "second subsequent
    regular meeting" counts. A body's series runs across every engagement it serves."""
    field, key = _series(meeting)
    return [
        timezone.localdate(start)
        for start in Meeting.objects.filter(
            _series_filter(field, key),
            notice=Meeting.Notice.REGULAR,
            starts_at__gt=meeting.starts_at,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)[:2]
    ]


def minutes_deadlines(
    meeting: Meeting,
    minutes: Minutes | None = None,
    *,
    later: list[datetime.date] | None = None,
) -> rules.MinutesDue:
    """2.06(b)'s deadlines for the meeting's minutes (`minutes` and the series' `later`
    regular meetings, when already read)."""
    if minutes is None:
        minutes = Minutes.objects.filter(meeting=meeting).first()
    return rules.minutes_due(
        held_on=timezone.localdate(meeting.starts_at),
        later_regular_meetings=later_regular_dates(meeting) if later is None else later,
        approved_on=minutes.approved_on if minutes else None,
    )


@dataclass(frozen=True)
class MinutesFlag:
    meeting: Meeting
    what: str  # "approve" or "post"
    due: datetime.date
    overdue: bool


def minutes_flags(today: datetime.date | None = None, *, within_days: int = 7) -> list[MinutesFlag]:
    """Held meetings whose minutes are overdue, or due within a week: to approve (2.06(b):
    30 days or the second subsequent regular meeting) or to post (10 days after approval)."""
    today = today or timezone.localdate()
    flags = []
    held = list(
        Meeting.objects.filter(status=Meeting.Status.HELD)
        .exclude(minutes__status=Minutes.Status.POSTED)
        .select_related("activity__engagement", "minutes")
        .order_by("starts_at")
    )
    # The series' regular meetings, for all of them in one query (later_regular_dates).
    series: dict[tuple[str, int], list[datetime.datetime]] = {}
    wanted = {_series(m) for m in held}
    for activity_id, body_id, start in (
        Meeting.objects.filter(
            Q(activity_id__in={k for f, k in wanted if f == "activity_id"}, body_id=None)
            | Q(body_id__in={k for f, k in wanted if f == "body_id"}),
            notice=Meeting.Notice.REGULAR,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values_list("activity_id", "body_id", "starts_at")
    ):
        key = ("body_id", body_id) if body_id is not None else ("activity_id", activity_id)
        series.setdefault(key, []).append(start)
    for meeting in held:
        minutes = getattr(meeting, "minutes", None)  # None: not written yet
        later = [
            timezone.localdate(s) for s in series.get(_series(meeting), []) if s > meeting.starts_at
        ][:2]
        due = minutes_deadlines(meeting, minutes, later=later)
        if minutes is not None and minutes.status == Minutes.Status.APPROVED:
            assert due.post_by is not None
            what, date = "post", due.post_by
        else:
            what, date = "approve", due.approve_by
        if date <= today + datetime.timedelta(days=within_days):
            flags.append(MinutesFlag(meeting, what, date, overdue=date < today))
    return flags


def engagement_pool(engagement: Engagement) -> QuerySet[FeedbackItem]:
    """Everything heard on an engagement: what came to it directly (meetings) and its
    postings' pools."""
    postings = engagement.activities.filter(posting__isnull=False).values("posting_id")
    return FeedbackItem.objects.filter(
        Q(engagement=engagement) | Q(posting_id__in=postings)
    ).order_by("-received_at", "-id")


def public_meetings_by_activity(engagement: Engagement) -> dict[int, list[Meeting]]:
    """The engagement's public meetings, for its page: each under its activity."""
    grouped: dict[int, list[Meeting]] = {}
    for meeting in public_meetings_of(engagement).order_by("starts_at", "id"):
        grouped.setdefault(meeting.activity_id, []).append(meeting)
    return grouped
