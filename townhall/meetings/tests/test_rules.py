"""The time rules as plain functions, at their boundaries and across daylight-saving changes.

2026 in Chicago: clocks spring forward on Sunday 8 March (02:00 CST -> 03:00 CDT) and fall
back on Sunday 1 November (02:00 CDT -> 01:00 CST)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from townhall.meetings import rules

CHICAGO = ZoneInfo("America/Chicago")


def chicago(*args: int, fold: int = 0) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CHICAGO).replace(fold=fold)


# Monday after the fall change, 18:00 CST. 48 hours earlier is Saturday 19:00 CDT: the wall
# clock reads 47 hours earlier, because the night of the change has 25 hours.
FALL_START = chicago(2026, 11, 2, 18, 0)
FALL_48H = chicago(2026, 10, 31, 19, 0)
# Monday after the spring change, 18:00 CDT. 48 hours earlier is Saturday 17:00 CST.
SPRING_START = chicago(2026, 3, 9, 18, 0)
SPRING_48H = chicago(2026, 3, 7, 17, 0)

MINUTE = datetime.timedelta(minutes=1)


def test_agenda_posted_exactly_48_hours_ahead_is_in_time_across_fall_change_5_ILCS_120_2_02() -> (
    None
):
    assert rules._utc(FALL_START) - rules._utc(FALL_48H) == datetime.timedelta(hours=48)
    assert rules.agenda_notice_given(posted_at=FALL_48H, starts_at=FALL_START)


def test_agenda_posted_47h59_ahead_is_late_across_fall_change_5_ILCS_120_2_02() -> None:
    assert not rules.agenda_notice_given(posted_at=FALL_48H + MINUTE, starts_at=FALL_START)


def test_wall_clock_48_hours_is_not_48_hours_across_fall_change_5_ILCS_120_2_02() -> None:
    # Saturday 18:00 is 48 wall-clock hours before Monday 18:00 but 49 real hours: in time.
    # Saturday 19:30 reads 46:30 on the wall clock but is 47:30 real: late. The rule counts
    # elapsed time, never the wall clock.
    assert rules.agenda_notice_given(posted_at=chicago(2026, 10, 31, 18, 0), starts_at=FALL_START)
    assert not rules.agenda_notice_given(
        posted_at=chicago(2026, 10, 31, 19, 30), starts_at=FALL_START
    )


def test_agenda_boundaries_across_spring_change_5_ILCS_120_2_02() -> None:
    assert rules._utc(SPRING_START) - rules._utc(SPRING_48H) == datetime.timedelta(hours=48)
    assert rules.agenda_notice_given(posted_at=SPRING_48H, starts_at=SPRING_START)
    assert not rules.agenda_notice_given(posted_at=SPRING_48H + MINUTE, starts_at=SPRING_START)


def test_speaker_deadline_is_24_elapsed_hours_across_fall_change_seed_000() -> None:
    # A meeting at 10:00 CST on the day of the change: 24 hours before is 11:00 CDT the day
    # before (the wall clock shows 23 hours).
    start = chicago(2026, 11, 1, 10, 0)
    deadline = rules.speak_request_deadline(starts_at=start, hours=24)
    assert deadline == chicago(2026, 10, 31, 11, 0)
    assert rules.in_time(deadline, deadline)
    assert not rules.in_time(deadline + datetime.timedelta(seconds=1), deadline)


def test_written_deadline_is_one_hour_in_the_repeated_hour_seed_000() -> None:
    # 01:30 CST (the second 01:30 of 1 November) starts an hour after 01:30 CDT.
    start = chicago(2026, 11, 1, 1, 30, fold=1)
    # (PEP 495: a time in the repeated hour never equals one of another zone; compare in UTC.)
    first = chicago(2026, 11, 1, 1, 30, fold=0)
    assert rules.written_comment_deadline(starts_at=start, hours=1) == rules._utc(first)


def test_minutes_approval_is_30_days_or_second_later_regular_meeting_whichever_later_2_06() -> None:
    held = datetime.date(2026, 1, 10)
    # Monthly meetings: the second later one (10 March) is after the 30 days (9 February).
    due = rules.minutes_due(
        held_on=held,
        later_regular_meetings=[datetime.date(2026, 2, 10), datetime.date(2026, 3, 10)],
        approved_on=None,
    )
    assert due.approve_by == datetime.date(2026, 3, 10)
    # Weekly meetings: 30 days is later.
    weekly = rules.minutes_due(
        held_on=held,
        later_regular_meetings=[datetime.date(2026, 1, 17), datetime.date(2026, 1, 24)],
        approved_on=None,
    )
    assert weekly.approve_by == datetime.date(2026, 2, 9)
    # One later meeting only: 30 days.
    assert rules.minutes_due(
        held_on=held, later_regular_meetings=[datetime.date(2026, 5, 1)], approved_on=None
    ).approve_by == datetime.date(2026, 2, 9)


def test_minutes_posted_within_10_days_of_approval_2_06() -> None:
    due = rules.minutes_due(
        held_on=datetime.date(2026, 1, 10),
        later_regular_meetings=[],
        approved_on=datetime.date(2026, 2, 1),
    )
    assert due.post_by == datetime.date(2026, 2, 11)


def test_period_clock_30_minutes_overall_3_each_seed_000() -> None:
    start = chicago(2026, 6, 1, 18, 0)
    clock = rules.period_clock(
        now=start + datetime.timedelta(minutes=28),
        started_at=start,
        ended_at=None,
        total_minutes=30,
        speaker_minutes=3,
        speaker_called_at=start + datetime.timedelta(minutes=28),
    )
    # A speaker called with 2 minutes left gets 2 minutes, not 3.
    assert clock.total_left == 120
    assert clock.speaker_left == 120
    over = rules.period_clock(
        now=start + datetime.timedelta(minutes=31),
        started_at=start,
        ended_at=None,
        total_minutes=30,
        speaker_minutes=3,
        speaker_called_at=None,
    )
    assert over.over and over.total_left == 0
