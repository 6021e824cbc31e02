"""The time rules of meetings, as plain functions of instants.

Every deadline is counted in elapsed time between aware instants, never on the wall clock:
"48 hours before" a meeting on the Monday after daylight saving time ends is 49 hours of wall
clock earlier. Dates a person reads (the minutes' 30 days, the posting's 10 days) are
counted in America/Chicago calendar days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

# 5 ILCS 120/2.02(b): the agenda is posted at least 48 hours before a regular meeting.
AGENDA_NOTICE = datetime.timedelta(hours=48)
# 5 ILCS 120/2.06(b): minutes are approved within 30 days or at the second subsequent
# regular meeting, whichever is later, and made available within 10 days of approval.
MINUTES_APPROVAL_DAYS = 30
MINUTES_POSTING_DAYS = 10


def _utc(value: datetime.datetime) -> datetime.datetime:
    """Python subtracts two datetimes of the same zone on the wall clock; in UTC the result
    is elapsed time."""
    return value.astimezone(datetime.UTC)


def agenda_notice_given(*, posted_at: datetime.datetime, starts_at: datetime.datetime) -> bool:
    """5 ILCS 120/2.02: posted at least 48 hours before the start: 48:00 ahead is in time,
    47:59 is not."""
    return _utc(starts_at) - _utc(posted_at) >= AGENDA_NOTICE


def speak_request_deadline(*, starts_at: datetime.datetime, hours: int) -> datetime.datetime:
    """Seed 000: a request to speak arrives "no less than 24 hours prior to the start"."""
    return _utc(starts_at) - datetime.timedelta(hours=hours)


def written_comment_deadline(*, starts_at: datetime.datetime, hours: int) -> datetime.datetime:
    """Seed 000: written comments arrive "no later than one hour prior to the start"."""
    return _utc(starts_at) - datetime.timedelta(hours=hours)


def in_time(now: datetime.datetime, deadline: datetime.datetime) -> bool:
    """At the deadline itself is still in time; a second after is not."""
    return _utc(now) <= _utc(deadline)


@dataclass(frozen=True)
class MinutesDue:
    approve_by: datetime.date
    post_by: datetime.date | None  # known once approved


def minutes_due(
    *,
    held_on: datetime.date,
    later_regular_meetings: list[datetime.date],
    approved_on: datetime.date | None,
) -> MinutesDue:
    """5 ILCS 120/2.06(b): approval within 30 days after the meeting or at the second
    subsequent regular meeting, whichever is later; posting within 10 days of approval.
    `later_regular_meetings` are the dates of the same series' regular meetings after this one."""
    approve_by = held_on + datetime.timedelta(days=MINUTES_APPROVAL_DAYS)
    later = sorted(d for d in later_regular_meetings if d > held_on)
    if len(later) >= 2 and later[1] > approve_by:
        approve_by = later[1]
    post_by = approved_on + datetime.timedelta(days=MINUTES_POSTING_DAYS) if approved_on else None
    return MinutesDue(approve_by=approve_by, post_by=post_by)


def local_text(value: datetime.datetime) -> str:
    """An instant as the messages and exports write it: Chicago wall time, to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Clock:
    """The public comment period's two clocks at one instant, in whole seconds."""

    total_left: int
    speaker_left: int | None  # None when nobody is speaking
    over: bool


def period_clock(
    *,
    now: datetime.datetime,
    started_at: datetime.datetime | None,
    ended_at: datetime.datetime | None,
    total_minutes: int,
    speaker_minutes: int,
    speaker_called_at: datetime.datetime | None,
) -> Clock:
    """Seed 000: the period lasts 30 minutes overall, counted from its opening; each speaker
    has 3 minutes, never more than the period has left."""
    total = total_minutes * 60
    if started_at is None:
        return Clock(total_left=total, speaker_left=None, over=False)
    until = _utc(ended_at or now)
    total_left = max(0, total - int((until - _utc(started_at)).total_seconds()))
    speaker_left = None
    if speaker_called_at is not None and ended_at is None:
        used = int((_utc(now) - _utc(speaker_called_at)).total_seconds())
        speaker_left = max(0, min(speaker_minutes * 60 - used, total_left))
    return Clock(total_left=total_left, speaker_left=speaker_left, over=total_left == 0)
