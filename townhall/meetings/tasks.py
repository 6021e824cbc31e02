"""Time-driven work of meetings, run by the worker. Each job is idempotent: it claims what it
does with a stamp, so running it again (or on two workers) does nothing twice."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic


@periodic("meetings.close_past", every=datetime.timedelta(minutes=1))
@task()
def close_past_task() -> int:
    from townhall.meetings.services import meetings_close_past

    return meetings_close_past()


# Every minute: the members get the written comments within a minute of the cutoff.
@periodic("meetings.send_written", every=datetime.timedelta(minutes=1))
@task()
def send_written_task() -> int:
    from townhall.meetings.written import written_comments_send

    return written_comments_send()


# Hourly: the reminder goes out between 24 and 23 hours before the meeting.
@periodic("meetings.remind_registrants", every=datetime.timedelta(hours=1))
@task()
def remind_registrants_task() -> int:
    from townhall.meetings.registration import registrations_remind

    return registrations_remind()
