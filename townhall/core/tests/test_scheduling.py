"""Scheduled jobs run once per slot however many workers run, and catch up after downtime."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from townhall.core import scheduling
from townhall.core.models import JobRun


@pytest.fixture
def counting_job(monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[int] = []
    job = scheduling.PeriodicJob(
        name="test.count",
        every=datetime.timedelta(minutes=5),
        run=lambda: calls.append(1),
        enqueue=lambda: calls.append(1),
    )
    monkeypatch.setattr(scheduling, "_REGISTRY", {"test.count": job})
    return calls


@pytest.mark.django_db
def test_two_workers_ticking_in_the_same_slot_enqueue_the_job_once(counting_job) -> None:
    now = timezone.now()
    first = scheduling.enqueue_due(now=now, worker="worker-a")
    second = scheduling.enqueue_due(now=now + datetime.timedelta(seconds=30), worker="worker-b")
    assert first == ["test.count"]
    assert second == [] or scheduling.slot_for(now, datetime.timedelta(minutes=5)) != (
        scheduling.slot_for(now + datetime.timedelta(seconds=30), datetime.timedelta(minutes=5))
    )
    assert JobRun.objects.filter(name="test.count").count() == len(counting_job)


@pytest.mark.django_db
def test_next_slot_runs_again(counting_job) -> None:
    now = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)
    scheduling.enqueue_due(now=now)
    scheduling.enqueue_due(now=now + datetime.timedelta(minutes=5))
    assert len(counting_job) == 2


def test_slot_boundaries_are_stable() -> None:
    every = datetime.timedelta(minutes=1)
    t = datetime.datetime(2026, 3, 8, 8, 0, 59, tzinfo=datetime.UTC)  # the US DST change day
    assert scheduling.slot_for(t, every) == datetime.datetime(2026, 3, 8, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_claim_slot_is_exclusive() -> None:
    slot = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert scheduling.claim_slot("x", slot) is True
    assert scheduling.claim_slot("x", slot) is False
    assert scheduling.claim_slot("y", slot) is True


def test_registry_has_the_registry_jobs() -> None:
    assert "directives.publish_due_drafts" in scheduling.registered_jobs()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_instant_do_the_work_once(counting_job) -> None:
    """Two scheduler threads race for the same slot with their own database connections."""
    import threading
    import time

    from django.db import connection

    barrier = threading.Barrier(2)
    now = timezone.now()
    results: list[list[str]] = []

    def tick(name: str) -> None:
        try:
            barrier.wait()
            # The in-memory SQLite test database reports table locks at once instead of
            # waiting (shared-cache mode ignores busy_timeout); retry, as the scheduler does.
            for _attempt in range(200):
                try:
                    results.append(scheduling.enqueue_due(now=now, worker=name))
                    return
                except Exception as exc:
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick, args=(n,)) for n in ("worker-a", "worker-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(len, results)) == [0, 1]
    assert len(counting_job) == 1
    assert JobRun.objects.filter(name="test.count").count() == 1
