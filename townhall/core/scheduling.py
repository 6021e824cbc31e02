"""Periodic jobs run by the worker.

Each job has a period; time is cut into slots of that length. `enqueue_due` claims the current
slot of every job by inserting a `JobRun` row; the unique constraint lets exactly one worker win,
and only the winner enqueues the task. The task itself must still be idempotent (it acts on
whatever is due, under row locks), so a slot missed while every worker was down is caught up by
the next one.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from townhall.core.models import JobRun

logger = logging.getLogger("townhall.scheduler")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: datetime.timedelta
    run: Callable[[], Any]
    enqueue: Callable[[], Any]


_REGISTRY: dict[str, PeriodicJob] = {}


def periodic(name: str, *, every: datetime.timedelta) -> Callable[[Any], Any]:
    """Register a django-tasks task as a periodic job: `@periodic("x", every=...)` above `@task`."""

    def decorator(task: Any) -> Any:
        _REGISTRY[name] = PeriodicJob(name=name, every=every, run=task.call, enqueue=task.enqueue)
        return task

    return decorator


def registered_jobs() -> dict[str, PeriodicJob]:
    return dict(_REGISTRY)


def slot_for(now: datetime.datetime, every: datetime.timedelta) -> datetime.datetime:
    epoch = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    seconds = int(every.total_seconds())
    elapsed = int((now - epoch).total_seconds())
    return epoch + datetime.timedelta(seconds=elapsed - elapsed % seconds)


def claim_slot(name: str, slot: datetime.datetime, *, worker: str = "") -> bool:
    """True for the one caller that claims (name, slot); False for everybody else."""
    try:
        with transaction.atomic():
            JobRun.objects.create(name=name, slot=slot, worker=worker[:64])
    except IntegrityError:
        return False
    return True


def enqueue_due(*, now: datetime.datetime | None = None, worker: str = "") -> list[str]:
    """Enqueue every job whose current slot nobody has claimed yet. Returns the names enqueued."""
    now = now or timezone.now()
    started: list[str] = []
    for job in _REGISTRY.values():
        if claim_slot(job.name, slot_for(now, job.every), worker=worker):
            job.enqueue()
            started.append(job.name)
    return started
