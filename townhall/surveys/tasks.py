"""Time-driven work of surveys, run by the worker. Opening and closing are idempotent: each
claims its survey with a status change under a row lock, so a second run does nothing."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic


# Every minute: a survey opens and closes within a minute of its times.
@periodic("surveys.open_close", every=datetime.timedelta(minutes=1))
@task()
def open_close_task() -> int:
    from townhall.surveys.services import surveys_close_due, surveys_open_due

    return surveys_open_due() + surveys_close_due()


@task()
def send_invitation_task(batch_id: int, registration_id: int) -> bool:
    """One post-engagement invitation (V-D-4): the link is made here and goes straight into
    the email, so no queued task's arguments ever hold it."""
    from townhall.surveys.responses import invitation_mail

    return invitation_mail(batch_id=batch_id, registration_id=registration_id)
