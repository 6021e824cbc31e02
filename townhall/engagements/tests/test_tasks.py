"""The steps of an engagement (V-A) and the units' duties of VI as tasks: handed out at the
right step to the right unit, due dates, closing them, reminders from the worker."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from townhall.accounts.models import User
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.models import Directive
from townhall.engagements import duties, services
from townhall.engagements.models import Activity, Engagement, Level, UnitTask
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]


def _patrol_engagement(persona: Persona, level: int = Level.TARGETED) -> Engagement:
    """Determined, with the originating unit the originating-unit persona belongs to."""
    return determined(persona, level, unit="Bureau of Patrol")


def _through(persona: Persona, engagement: Engagement, stage: str) -> Engagement:
    moves = {
        "outreach": services.engagement_start_outreach,
        "engaging": services.engagement_start_engaging,
        "follow_up": services.engagement_start_follow_up,
        "concluded": services.engagement_conclude,
    }
    order = ["determined", *moves]
    for name in order[order.index(engagement.status) + 1 : order.index(stage) + 1]:
        engagement = moves[name](actor=persona("oee"), engagement=engagement)
    return engagement


def test_duties_that_follow_undated_activities_are_not_due_at_once_VI_B_3(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _through(persona, _patrol_engagement(persona), "engaging")
    conduct = engagement.tasks.get(duty="VI-B-3")
    assert conduct.due_on == timezone.localdate(engagement.step_started_at) + datetime.timedelta(  # type: ignore[arg-type]
        days=duties.UNDATED_DAYS
    )
    end = conduct.due_on + datetime.timedelta(days=20)
    services.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method="deliberative_dialogue",
        starts_on=end,
        ends_on=end,
    )
    assert engagement.tasks.get(duty="VI-B-3").due_on == end
    assert engagement.tasks.get(duty="VI-B-4").due_on == end + datetime.timedelta(days=3)


def test_every_duty_of_VI_B_to_E_is_a_task_with_a_unit_and_a_stage_VI() -> None:
    items = {d.item for d in duties.DUTIES}
    # VI-B-7 (the annual report) is the reports' work; VI-D-3 and VI-E-3 are the units'
    # standing work outside any one engagement.
    expected = {f"VI-B-{n}" for n in range(1, 7)} | {f"VI-C-{n}" for n in range(1, 5)}
    expected |= {"VI-D-1", "VI-D-2", "VI-E-1", "VI-E-2"}
    # VI-B-3 has two halves: the engagements of V-C and the follow-up actions of V-D.
    expected |= {"VI-B-3/V-D"}
    assert items == expected
    stages = {s.value for s in Engagement.Status} - {"assessing"}
    assert {d.stage for d in duties.DUTIES} <= stages


def test_determination_hands_the_originating_unit_its_coordination_task_VI_C_1(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _patrol_engagement(persona)
    task = UnitTask.objects.get(engagement=engagement)
    assert (task.duty, task.unit, task.status) == ("VI-C-1", "originating_unit", "open")
    assert task.due_on == timezone.localdate(engagement.determined_at) + datetime.timedelta(days=7)  # type: ignore[arg-type]


def test_engagement_step_hands_oee_collection_and_rd_review_VI_B_4_VI_D_2(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _through(persona, _patrol_engagement(persona), "engaging")
    by_duty = {t.duty: t.unit for t in engagement.tasks.all()}
    assert by_duty["VI-B-4"] == "oee"
    assert by_duty["VI-C-3"] == "originating_unit"
    assert by_duty["VI-D-1"] == "rd"
    assert by_duty["VI-E-1"] == "training"  # "or associated Department-level directives"
    engagement = _through(persona, engagement, "follow_up")
    by_duty = {t.duty: t.unit for t in engagement.tasks.all()}
    assert (by_duty["VI-D-2"], by_duty["VI-B-5"], by_duty["VI-C-4"]) == (
        "rd",
        "oee",
        "originating_unit",
    )
    # VI-B-3: OEE conducts the follow-up actions of V-D too, as a task of their own.
    assert by_duty["VI-B-3/V-D"] == "oee"


def test_training_engagements_give_the_training_division_its_duties_VI_E(
    persona: Persona,
) -> None:
    engagement = services.engagement_create(
        actor=persona("training"),
        title="Crisis intervention team refresher",
        originating_unit="Training Division",
        training_title="CIT refresher 2026",
    )
    engagement = services.engagement_assess(
        actor=persona("training"),
        engagement=engagement,
        is_new=True,
        populations=[],
        prior_engagement_note="",
        national_attention=False,
        command_request=False,
        community_request=False,
        consent_decree=False,
    )
    engagement = services.engagement_determine(
        actor=persona("ocpr_chief"), engagement=engagement, level=1, consulted=["training"]
    )
    engagement = _through(persona, engagement, "follow_up")
    units = {t.duty: t.unit for t in engagement.tasks.all()}
    assert units["VI-E-1"] == units["VI-E-2"] == "training"
    assert units["VI-D-1"] == "rd"  # VI-D-1: "directives or training, as necessary"
    assert "VI-D-2" not in units  # the review of revisions to directives


def test_collection_is_due_after_the_last_engagement_activity_ends_VI_B_4(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _patrol_engagement(persona)
    end = datetime.date.today() + datetime.timedelta(days=40)
    services.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method="focus_group",
        starts_on=datetime.date.today(),
        ends_on=end,
    )
    engagement = _through(persona, engagement, "engaging")
    task = engagement.tasks.get(duty="VI-B-4")
    assert task.due_on == end + datetime.timedelta(days=3)


def test_steps_go_forward_one_at_a_time_V_A(persona: Persona, d22_draft: object) -> None:
    engagement = _patrol_engagement(persona)
    with pytest.raises(IllegalTransition):
        services.engagement_start_engaging(actor=persona("oee"), engagement=engagement)
    engagement = services.engagement_start_outreach(actor=persona("oee"), engagement=engagement)
    with pytest.raises(IllegalTransition):
        services.engagement_start_outreach(actor=persona("oee"), engagement=engagement)
    assert AuditEvent.objects.filter(action="engagement.step").count() == 1


def test_no_step_before_the_level_is_determined_IV_D(persona: Persona, d22_draft: object) -> None:
    engagement = services.engagement_create(
        actor=persona("oee"),
        title="Not yet determined",
        originating_unit="OEE",
        directive=Directive.objects.get(number="D22-08"),
    )
    with pytest.raises(IllegalTransition):
        services.engagement_start_outreach(actor=persona("oee"), engagement=engagement)


def test_concluding_needs_every_activity_finished_or_cancelled(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _patrol_engagement(persona)
    activity = services.activity_add(
        actor=persona("oee"), engagement=engagement, method="follow_up_meeting"
    )
    engagement = _through(persona, engagement, "follow_up")
    with pytest.raises(IllegalTransition, match="1"):
        services.engagement_conclude(actor=persona("oee"), engagement=engagement)
    services.activity_finish(actor=persona("oee"), activity=activity, participants=18)
    engagement = services.engagement_conclude(actor=persona("oee"), engagement=engagement)
    assert engagement.tasks.filter(duty="VI-B-1", unit="oee").exists()
    with pytest.raises(IllegalTransition):  # the plan is closed once concluded
        services.activity_add(actor=persona("oee"), engagement=engagement, method="reporting")


def test_a_resident_or_department_member_cannot_move_steps(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _patrol_engagement(persona)
    with pytest.raises(NotAllowed):
        services.engagement_start_outreach(
            actor=persona("department_member"), engagement=engagement
        )


def test_handing_out_twice_adds_nothing(persona: Persona, d22_draft: object) -> None:
    engagement = _patrol_engagement(persona)
    assert services.tasks_hand_out(engagement=engagement, stage="determined") == []
    assert engagement.tasks.count() == 1


def test_only_the_tasks_unit_closes_it_VI(persona: Persona, d22_draft: object) -> None:
    engagement = _through(persona, _patrol_engagement(persona), "engaging")
    collect = engagement.tasks.get(duty="VI-B-4")
    with pytest.raises(NotAllowed):
        services.task_complete(actor=persona("rd"), task=collect)
    done = services.task_complete(
        actor=persona("oee"), task=collect, note="Comments exported to the OEE share."
    )
    assert (done.status, done.done_by) == ("done", persona("oee"))
    submit = engagement.tasks.get(duty="VI-C-3")
    services.task_complete(actor=persona("originating_unit"), task=submit)  # Bureau of Patrol
    assert AuditEvent.objects.filter(action="task.complete").count() == 2


def test_originating_unit_of_another_bureau_cannot_close_its_task_VI_C(
    persona: Persona, d22_draft: object
) -> None:
    engagement = determined(persona, Level.POSTING)  # originating unit "OEE"
    coordinate = engagement.tasks.get(duty="VI-C-1")
    with pytest.raises(NotAllowed):
        services.task_complete(actor=persona("originating_unit"), task=coordinate)


def test_waiving_a_task_needs_a_reason_and_reopening_keeps_the_trail(
    persona: Persona, d22_draft: object
) -> None:
    engagement = _through(persona, _patrol_engagement(persona), "engaging")
    task = engagement.tasks.get(duty="VI-D-1")
    with pytest.raises(DomainError):
        services.task_waive(actor=persona("rd"), task=task, reason="  ")
    task = services.task_waive(
        actor=persona("rd"), task=task, reason="No presentation: a posting only."
    )
    assert task.status == "waived"
    with pytest.raises(IllegalTransition):
        services.task_complete(actor=persona("rd"), task=task)
    task = services.task_reopen(actor=persona("rd"), task=task)
    assert task.status == "open" and task.done_by is None
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="task.").order_by("id")
    ] == [
        "task.waive",
        "task.reopen",
    ]


def test_units_are_told_of_new_tasks_by_email_VI(
    persona: Persona, d22_draft: object, django_capture_on_commit_callbacks: object
) -> None:
    engagement = _patrol_engagement(persona)
    persona("rd")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.engagement_start_outreach(actor=persona("oee"), engagement=engagement)
        services.engagement_start_engaging(actor=persona("oee"), engagement=engagement)
    subjects = {(tuple(m.to), m.subject) for m in mail.outbox}
    assert any(persona("rd").email in to for to, _ in subjects)
    body = next(m.body for m in mail.outbox if persona("rd").email in m.to)
    assert "VI-D-1" in body and "/staff/engagements/tasks/" in body


def test_reminders_go_once_a_day_for_tasks_due_soon_or_overdue(
    persona: Persona, d22_draft: object, django_capture_on_commit_callbacks: object
) -> None:
    persona("originating_unit")
    engagement = _patrol_engagement(persona)  # VI-C-1 due in 7 days
    task = engagement.tasks.get()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.tasks_remind(today=task.due_on - datetime.timedelta(days=3)) == 0
        assert services.tasks_remind(today=task.due_on - datetime.timedelta(days=2)) == 1
        assert services.tasks_remind(today=task.due_on - datetime.timedelta(days=2)) == 0
        assert services.tasks_remind(today=task.due_on + datetime.timedelta(days=1)) == 1
    overdue = mail.outbox[-1]
    assert overdue.subject == "Overdue tasks for “Engagement on D22-08”"
    assert "VI-C-1" in overdue.body and "overdue since" in overdue.body
    assert overdue.to == [persona("originating_unit").email]
    services.task_complete(actor=persona("originating_unit"), task=task)
    assert services.tasks_remind(today=task.due_on + datetime.timedelta(days=2)) == 0


def test_the_worker_runs_the_reminders_as_a_periodic_job() -> None:
    from townhall.core.scheduling import registered_jobs

    job = registered_jobs()["engagements.task_reminders"]
    assert job.every == datetime.timedelta(hours=1)


def test_reminders_follow_the_worker_clock(persona: Persona, d22_draft: object) -> None:
    engagement = _patrol_engagement(persona)
    due = engagement.tasks.get().due_on
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(12)), tick=False):
        from townhall.engagements.tasks import task_reminders_task

        assert task_reminders_task.call() == 1


def test_cancelled_activities_do_not_push_due_dates(persona: Persona, d22_draft: object) -> None:
    engagement = _patrol_engagement(persona)
    far = services.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method="focus_group",
        ends_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    services.activity_cancel(actor=persona("oee"), activity=far, reason="No venue.")
    engagement = _through(persona, engagement, "engaging")
    assert engagement.tasks.get(duty="VI-B-4").due_on < far.ends_on  # type: ignore[operator]
    assert Activity.objects.get(pk=far.pk).status == "cancelled"


def test_one_reminder_per_unit_and_engagement_lists_all_its_tasks_VI(
    persona: Persona, d22_draft: object, django_capture_on_commit_callbacks: object
) -> None:
    persona("rd")
    engagement = _through(persona, _patrol_engagement(persona), "engaging")
    oee_tasks = list(engagement.tasks.filter(unit="oee", status="open"))
    assert len(oee_tasks) >= 2
    last = max(t.due_on for t in engagement.tasks.all())
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        sent = services.tasks_remind(today=last)
    units = {t.unit for t in engagement.tasks.filter(status="open")}
    assert sent == len(units)
    oee_mail = next(m for m in mail.outbox if persona("oee").email in m.to)
    assert all(t.duty in oee_mail.body for t in oee_tasks)
