"""Scheduling a meeting and posting its agenda (5 ILCS 120/2.02; seed 002 V-C, III-C NOTE)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements.models import Activity
from townhall.meetings import services
from townhall.meetings.models import Meeting
from townhall.meetings.tests.factories import details, draft_meeting, public_activity

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
FALL_START = datetime.datetime(2026, 11, 2, 18, 0, tzinfo=CHICAGO)  # Monday after the change
FALL_48H = datetime.datetime(2026, 10, 31, 19, 0, tzinfo=CHICAGO)  # 48 real hours earlier


def _meeting_on(persona, start: datetime.datetime) -> Meeting:  # type: ignore[no-untyped-def]
    with time_machine.travel(start - datetime.timedelta(days=10), tick=False):
        return draft_meeting(persona, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def test_agenda_posted_48_00_ahead_makes_a_regular_meeting_across_dst_5_ILCS_120_2_02(
    persona,
) -> None:
    meeting = _meeting_on(persona, FALL_START)
    with time_machine.travel(FALL_48H, tick=False):
        posted = services.meeting_publish(actor=persona("oee"), meeting=meeting)
    assert posted.status == Meeting.Status.SCHEDULED
    assert posted.notice == Meeting.Notice.REGULAR
    assert AuditEvent.objects.filter(action="meeting.publish").exists()


def test_agenda_posted_47_59_ahead_cannot_be_a_regular_meeting_across_dst_5_ILCS_120_2_02(
    persona,
) -> None:
    meeting = _meeting_on(persona, FALL_START)
    with time_machine.travel(FALL_48H + datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(IllegalTransition, match="48 hours"):
            services.meeting_publish(actor=persona("oee"), meeting=meeting)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.DRAFT
        # A special meeting needs its reason, recorded in the audit trail.
        with pytest.raises(services.MeetingInvalid):
            services.meeting_publish(
                actor=persona("oee"), meeting=meeting, notice=Meeting.Notice.SPECIAL
            )
        posted = services.meeting_publish(
            actor=persona("oee"),
            meeting=meeting,
            notice=Meeting.Notice.SPECIAL,
            reason="The district council asked to meet before the comment period closes.",
        )
    assert posted.notice == Meeting.Notice.SPECIAL
    event = AuditEvent.objects.get(action="meeting.publish")
    assert "district council" in event.note


def test_posted_agenda_changes_only_while_48_hours_remain_5_ILCS_120_2_02(persona) -> None:
    meeting = _meeting_on(persona, FALL_START)
    with time_machine.travel(FALL_48H - datetime.timedelta(hours=5), tick=False):
        services.meeting_publish(actor=persona("oee"), meeting=meeting)
        # Still more than 48 hours: the change is posted again, in time.
        services.agenda_item_add(actor=persona("oee"), meeting=meeting, title="Report back")
    meeting.refresh_from_db()
    assert meeting.agenda_posted_at == FALL_48H - datetime.timedelta(hours=5)
    with time_machine.travel(FALL_48H + datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(IllegalTransition, match="can no longer change"):
            services.agenda_item_add(actor=persona("oee"), meeting=meeting, title="Late item")
        with pytest.raises(IllegalTransition):
            services.agenda_item_withdraw(actor=persona("oee"), item=meeting.agenda.first())


def test_start_cannot_move_closer_than_48_hours_after_the_posted_agenda_5_ILCS_120_2_02(
    persona,
) -> None:
    meeting = _meeting_on(persona, FALL_START)
    with time_machine.travel(FALL_48H, tick=False):
        services.meeting_publish(actor=persona("oee"), meeting=meeting)
        earlier = details(
            starts_at=FALL_START - datetime.timedelta(hours=1),
            ends_at=FALL_START + datetime.timedelta(hours=1),
        )
        with pytest.raises(services.MeetingInvalid) as exc:
            services.meeting_update(actor=persona("oee"), meeting=meeting, details=earlier)
    assert "starts_at" in exc.value.errors


def test_agenda_needs_an_item_before_it_is_posted_5_ILCS_120_2_02(persona) -> None:
    meeting = draft_meeting(persona, agenda=())
    with pytest.raises(IllegalTransition, match="agenda item"):
        services.meeting_publish(actor=persona("oee"), meeting=meeting)


def test_meeting_of_unpublished_engagement_is_not_posted_V_B_1(persona) -> None:
    activity = public_activity(persona)
    from townhall.engagements.content import engagement_unpublish

    engagement_unpublish(actor=persona("oee"), engagement=activity.engagement, reason="Hold.")
    meeting = draft_meeting(persona, activity=activity)
    with pytest.raises(IllegalTransition, match="public page"):
        services.meeting_publish(actor=persona("oee"), meeting=meeting)


def test_internal_focus_group_meets_only_as_one_and_takes_no_public_comment_V_C_9(
    persona,
) -> None:
    activity = public_activity(persona, method=Activity.Method.INTERNAL_FOCUS_GROUP)
    with pytest.raises(services.MeetingInvalid):
        services.meeting_create(actor=persona("oee"), activity=activity, details=details())
    meeting = services.meeting_create(
        actor=persona("oee"),
        activity=activity,
        details=details(kind=Meeting.Kind.INTERNAL_FOCUS_GROUP, ranks="Sergeants, Lieutenants"),
    )
    assert meeting.has_public_comment is False
    services.agenda_item_add(actor=persona("oee"), meeting=meeting, title="Discussion")
    services.meeting_publish(actor=persona("oee"), meeting=meeting)
    from townhall.meetings.selectors import is_public

    assert not is_public(meeting)


def test_online_meeting_needs_call_in_for_people_without_internet_seed_000(persona) -> None:
    activity = public_activity(persona)
    with pytest.raises(services.MeetingInvalid) as exc:
        services.meeting_create(
            actor=persona("oee"),
            activity=activity,
            details=details(mode=Activity.Mode.ONLINE, call_in="", place=""),
        )
    assert "call_in" in exc.value.errors


def test_members_attendance_decided_with_community_representatives_III_C_NOTE(persona) -> None:
    activity = public_activity(persona)
    with pytest.raises(services.MeetingInvalid) as exc:
        services.meeting_create(
            actor=persona("oee"),
            activity=activity,
            details=details(attire=Meeting.Attire.UNIFORM_UNARMED),
        )
    assert "attire_agreed_with" in exc.value.errors
    meeting = services.meeting_create(
        actor=persona("oee"),
        activity=activity,
        details=details(
            attire=Meeting.Attire.UNIFORM_UNARMED,
            attire_agreed_with="District 1 Council and the Near South Planning Board",
        ),
    )
    assert meeting.get_attire_display().startswith("Department members attend in uniform")


def test_end_before_start_and_bad_rules_are_named_field_by_field(persona) -> None:
    activity = public_activity(persona)
    start = datetime.datetime(2026, 12, 10, 18, tzinfo=CHICAGO)
    with pytest.raises(services.MeetingInvalid) as exc:
        services.meeting_create(
            actor=persona("oee"),
            activity=activity,
            details=details(
                starts_at=start,
                ends_at=start,
                comment_total_minutes=2,
                comment_speaker_minutes=3,
                district=99,
                title=" ",
            ),
        )
    assert {"ends_at", "comment_total_minutes", "district", "title"} <= set(exc.value.errors)


def test_other_units_originating_staff_cannot_run_the_meetings_VI_C(persona) -> None:
    activity = public_activity(persona, unit="Office of Equity and Engagement")
    with pytest.raises(NotAllowed):
        services.meeting_create(
            actor=persona("originating_unit"), activity=activity, details=details()
        )
    with pytest.raises(NotAllowed):
        services.meeting_create(
            actor=persona("communications"), activity=activity, details=details()
        )


def test_cancel_needs_a_reason_and_tells_registrants(
    persona, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from townhall.meetings.registration import registration_submit
    from townhall.meetings.tests.factories import scheduled_meeting

    meeting = scheduled_meeting(persona)
    registration_submit(meeting=meeting, name="Rosa Díaz", email="rosa@example.org", needs=[])
    mailoutbox.clear()
    with pytest.raises(services.MeetingInvalid):
        services.meeting_cancel(actor=persona("oee"), meeting=meeting, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(
            actor=persona("oee"), meeting=meeting, reason="The library is closed for repairs."
        )
    assert meeting.status == Meeting.Status.CANCELLED
    assert [m.to for m in mailoutbox] == [["rosa@example.org"]]
    assert "closed for repairs" in mailoutbox[0].body


def test_meetings_close_past_is_idempotent(persona) -> None:
    from townhall.meetings.tests.factories import scheduled_meeting

    meeting = scheduled_meeting(persona)
    later = meeting.ends_at + datetime.timedelta(minutes=1)
    assert services.meetings_close_past(now=later) == 1
    assert services.meetings_close_past(now=later) == 0
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_meetings_are_never_deleted(persona) -> None:
    meeting = draft_meeting(persona)
    with pytest.raises(TypeError):
        meeting.delete()
    with pytest.raises(TypeError):
        Meeting.objects.all().delete()
