"""The worker's survey jobs: opening and closing on time, idempotently, and mailing each
post-engagement invitation (seed 002 V-D-4) with the link made inside the job."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django_tasks.signals import task_enqueued

from townhall.core.models import AuditEvent
from townhall.core.scheduling import enqueue_due, registered_jobs
from townhall.meetings import registration as reg
from townhall.meetings.models import Registration
from townhall.meetings.tests.factories import public_activity, scheduled_meeting
from townhall.surveys import responses, services
from townhall.surveys.models import Invitation, InvitationBatch, Survey
from townhall.surveys.post_engagement import post_engagement_create
from townhall.surveys.tasks import open_close_task, send_invitation_task
from townhall.surveys.tests.factories import draft_survey

pytestmark = pytest.mark.django_db


def test_open_close_runs_every_minute() -> None:
    job = registered_jobs()["surveys.open_close"]
    assert job.every == datetime.timedelta(minutes=1)


def test_the_worker_opens_and_closes_on_time_and_twice_changes_nothing(persona) -> None:
    survey = services.survey_schedule(actor=persona("oee"), survey=draft_survey(persona))
    with time_machine.travel(survey.opens_at - datetime.timedelta(minutes=1), tick=False):
        assert open_close_task.enqueue().return_value == 0
    with time_machine.travel(survey.opens_at + datetime.timedelta(seconds=30), tick=False):
        assert open_close_task.enqueue().return_value == 1
        assert open_close_task.enqueue().return_value == 0
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    with time_machine.travel(survey.closes_at + datetime.timedelta(seconds=30), tick=False):
        assert open_close_task.enqueue().return_value == 1
        assert open_close_task.enqueue().return_value == 0
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    for action in ("survey.open", "survey.close"):
        assert AuditEvent.objects.filter(action=action, object_id=str(survey.pk)).count() == 1


def test_a_survey_whose_whole_window_passed_while_the_worker_was_down_opens_then_closes(
    persona,
) -> None:
    survey = services.survey_schedule(actor=persona("oee"), survey=draft_survey(persona))
    with time_machine.travel(survey.closes_at + datetime.timedelta(hours=1), tick=False):
        assert open_close_task.enqueue().return_value == 2
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_the_scheduler_runs_the_job_once_per_minute(persona) -> None:
    survey = services.survey_schedule(actor=persona("oee"), survey=draft_survey(persona))
    moment = survey.opens_at + datetime.timedelta(seconds=5)
    with time_machine.travel(moment, tick=False):
        assert "surveys.open_close" in enqueue_due(now=moment)
        assert "surveys.open_close" not in enqueue_due(now=moment)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


# --- invitations (V-D-4) ------------------------------------------------------------------------


def _sending(persona: Any) -> tuple[Survey, Any]:
    activity = public_activity(persona)
    meeting = scheduled_meeting(persona, activity=activity)
    survey = post_engagement_create(actor=persona("oee"), activity=activity, meeting=meeting)
    return services.survey_schedule(actor=persona("oee"), survey=survey), meeting


def _register(meeting: Any, name: str) -> Registration:
    return reg.registration_submit(
        meeting=meeting,
        name=name,
        email=name.split()[0].lower() + "@example.org",
        needs=[],
        follow_up_ok=True,
    ).registration


def test_queued_invitation_jobs_hold_ids_never_a_link_V_D_4(
    persona, django_capture_on_commit_callbacks
) -> None:
    survey, meeting = _sending(persona)
    for name in ("Ana Torres", "Ben Okoye"):
        _register(meeting, name)
    queued: list[dict[str, Any]] = []

    def seen(sender: Any, task_result: Any, **kw: Any) -> None:
        if task_result.task.name == send_invitation_task.name:
            queued.append(dict(task_result.kwargs))

    task_enqueued.connect(seen)
    try:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            batch = responses.invitations_send(actor=persona("oee"), survey=survey, meeting=meeting)
    finally:
        task_enqueued.disconnect(seen)
    assert len(queued) == 2 and len(mail.outbox) == 2
    for kwargs in queued:
        assert set(kwargs) == {"batch_id", "registration_id"}
        assert kwargs["batch_id"] == batch.pk and isinstance(kwargs["registration_id"], int)
    assert Invitation.objects.filter(survey=survey, batch=None).count() == 2


def test_the_invitation_job_makes_one_link_and_mails_it(persona) -> None:
    survey, meeting = _sending(persona)
    ana = _register(meeting, "Ana Torres")
    batch = InvitationBatch.objects.create(
        survey=survey, kind="registrants", meeting=meeting, count=1, created_by=persona("oee")
    )
    mail.outbox.clear()
    assert send_invitation_task.enqueue(batch_id=batch.pk, registration_id=ana.pk).return_value
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert f"/surveys/{survey.slug}/i/" in message.body
    assert "anonymous" in message.body
    assert Invitation.objects.filter(survey=survey, batch=None, used=False).count() == 1


def test_the_invitation_job_sends_nothing_when_consent_was_withdrawn_or_the_batch_is_gone(
    persona,
) -> None:
    survey, meeting = _sending(persona)
    ana = _register(meeting, "Ana Torres")
    batch = InvitationBatch.objects.create(
        survey=survey, kind="registrants", meeting=meeting, count=1, created_by=persona("oee")
    )
    Registration.objects.filter(pk=ana.pk).update(follow_up_ok=False)
    mail.outbox.clear()
    assert (
        send_invitation_task.enqueue(batch_id=batch.pk, registration_id=ana.pk).return_value
        is False
    )
    assert (
        send_invitation_task.enqueue(batch_id=batch.pk + 999, registration_id=ana.pk).return_value
        is False
    )
    assert mail.outbox == [] and not Invitation.objects.exists()
