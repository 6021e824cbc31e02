"""The worker's outreach jobs: registered with the scheduler at their periods, and each body
does its work when run (dispatches start and resume every minute, digests hourly, follow-up
reminders daily (V-D-2), input pooled every ten minutes (VII-A-2-b), bounces every five)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from townhall.core.scheduling import enqueue_due, registered_jobs
from townhall.outreach import sending, tasks
from townhall.outreach.models import Announcement, Dispatch, Organization, Subscriber, Suppression
from townhall.outreach.tests import factories as f
from townhall.outreach.tests.test_bounces import dsn
from townhall.postings.models import Posting
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)
JOBS = {
    "outreach.dispatch": MINUTE,
    "outreach.digests": datetime.timedelta(hours=1),
    "outreach.follow_ups": datetime.timedelta(days=1),
    "outreach.inputs": datetime.timedelta(minutes=10),
    "outreach.bounces": datetime.timedelta(minutes=5),
}


@pytest.fixture
def posting(d22_draft: Any) -> Posting:
    return open_posting(d22_draft)


@pytest.fixture
def announcement(posting: Posting) -> Announcement:
    f.organization(
        "Garfield Park Community Council",
        contacts=[
            ("Ana Ruiz", "ana@gpcc.example.org", "es"),
            ("Ben Cole", "ben@gpcc.example.org", "en"),
            ("Li Wei", "li@gpcc.example.org", "zh-hans"),
        ],
    )
    f.subscriber("resident00001@example.org", language="pl")
    f.subscriber("resident00002@example.org", language="ar")
    audience = f.audience(posting=posting, kinds=[Organization.Kind.COMMUNITY_GROUP])
    return f.scheduled_announcement(posting, moments=["opening"], audience=audience)


def test_the_outreach_jobs_are_registered_at_their_periods() -> None:
    jobs = registered_jobs()
    for name, every in JOBS.items():
        assert name in jobs, name
        assert jobs[name].every == every


def test_the_scheduler_enqueues_each_outreach_job_once_per_slot(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue_due(now=now, worker="a")
        again = enqueue_due(now=now, worker="b")
    assert set(JOBS) <= set(first)
    assert not set(JOBS) & set(again)


def test_the_minute_job_starts_due_dispatches_and_the_send_follows_VII_C_NOTE(
    announcement: Announcement, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert registered_jobs()["outreach.dispatch"].run() == 1
    dispatch = announcement.dispatches.get()
    assert (dispatch.status, dispatch.sent) == (Dispatch.Status.SENT, 5)
    assert len(mail.outbox) == 5
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DONE
    with django_capture_on_commit_callbacks(execute=True):
        assert registered_jobs()["outreach.dispatch"].run() == 0
    assert len(mail.outbox) == 5


def test_the_minute_job_resumes_a_dispatch_whose_worker_died(
    announcement: Announcement,
) -> None:
    sending.dispatches_start_due()  # started; its send task was lost with the worker
    dispatch = announcement.dispatches.get()
    sending.dispatch_send(dispatch_id=dispatch.pk, max_messages=2)
    Dispatch.objects.filter(pk=dispatch.pk).update(lease_until=timezone.now() - 2 * sending.STALE)
    assert registered_jobs()["outreach.dispatch"].run() == 0
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.sent) == (Dispatch.Status.SENT, 5)
    assert len(mail.outbox) == 5


def test_the_send_task_hands_over_chunk_after_chunk_until_done(
    announcement: Announcement, monkeypatch: Any
) -> None:
    sending.dispatches_start_due()
    dispatch = announcement.dispatches.get()
    chunks: list[int] = []
    original = sending.dispatch_send

    def small_chunk(**kwargs: Any) -> sending.ChunkResult:
        result = original(**kwargs, max_messages=2)
        chunks.append(result.sent)
        return result

    monkeypatch.setattr(sending, "dispatch_send", small_chunk)
    tasks.send_dispatch_task.call(dispatch.pk)
    assert chunks == [2, 2, 1]
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.SENT


@pytest.mark.parametrize("stopped", ["lease", "smtp"])
def test_the_send_task_does_not_hand_over_when_another_holds_it_or_smtp_is_down(
    announcement: Announcement, monkeypatch: Any, stopped: str
) -> None:
    calls: list[int] = []

    def stops(**kwargs: Any) -> sending.ChunkResult:
        calls.append(kwargs["dispatch_id"])
        return sending.ChunkResult(stopped=stopped, remaining=3)

    monkeypatch.setattr(sending, "dispatch_send", stops)
    tasks.send_dispatch_task.call(1)
    assert calls == [1]  # the minute job resumes it later


def test_the_digest_job_sends_each_weekly_subscriber_the_weeks_announcements(
    announcement: Announcement, django_capture_on_commit_callbacks: Any
) -> None:
    weekly = f.subscriber(
        "weekly@example.org", language="es", frequency=Subscriber.Frequency.WEEKLY
    )
    with django_capture_on_commit_callbacks(execute=True):
        registered_jobs()["outreach.dispatch"].run()
    mail.outbox.clear()
    assert registered_jobs()["outreach.digests"].run() == 1
    assert [m.to for m in mail.outbox] == [["weekly@example.org"]]
    assert f.TEXTS["es"][0] in mail.outbox[0].body
    weekly.refresh_from_db()
    assert weekly.last_digest_at is not None
    assert registered_jobs()["outreach.digests"].run() == 0  # not again this week


def test_the_follow_up_and_input_jobs_run(db: None) -> None:
    assert registered_jobs()["outreach.follow_ups"].run() == 0
    assert registered_jobs()["outreach.inputs"].run() == 0


def test_the_bounce_job_reads_the_maildir(db: None, settings: Any, tmp_path: Path) -> None:
    for folder in ("new", "cur", "tmp"):
        (tmp_path / folder).mkdir()
    (tmp_path / "new" / "1700000000.M1P1.mx").write_bytes(dsn("ana@gpcc.example.org"))
    settings.TOWNHALL_BOUNCE_MAILDIR = str(tmp_path)
    assert registered_jobs()["outreach.bounces"].run() == 1
    assert Suppression.objects.get(email="ana@gpcc.example.org").bounces == 1
    assert registered_jobs()["outreach.bounces"].run() == 0
