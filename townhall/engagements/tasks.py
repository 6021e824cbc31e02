"""Time-driven work of engagements, run by the worker."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic


# Hourly, so a worker that was down at the turn of the day still reminds that day; the
# service claims each task once per day, so the other 23 runs send nothing.
@periodic("engagements.task_reminders", every=datetime.timedelta(hours=1))
@task()
def task_reminders_task() -> int:
    from townhall.engagements.services import tasks_remind

    return tasks_remind()
