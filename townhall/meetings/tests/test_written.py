"""Written comments (seed 000: no later than one hour before, sent to the members), breakout
notes (V-C-4) and anonymous attendee profiles; comments and notes join the engagement's pool."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.feedback.models import FeedbackItem
from townhall.meetings import services, written
from townhall.meetings.models import AttendeeProfile, Meeting
from townhall.meetings.selectors import engagement_pool
from townhall.meetings.tests.factories import scheduled_meeting

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
TEXT = (
    "Foot pursuits through gangways and backyards put bystanders at risk. Please require "
    "supervisors to end a pursuit for a minor offense."
)


def test_written_comment_at_one_hour_before_is_accepted_and_pooled_seed_000(persona) -> None:
    meeting = scheduled_meeting(persona)
    cutoff = meeting.starts_at - datetime.timedelta(hours=1)
    with time_machine.travel(cutoff, tick=False):
        comment, created = written.written_comment_submit(
            meeting=meeting, name="Rosa Díaz", email="", body=TEXT
        )
    assert created and comment.receipt.startswith("W-")
    item = FeedbackItem.objects.get(source_ref=f"meetings.WrittenComment:{comment.pk}")
    assert item.source == FeedbackItem.Source.MEETING_COMMENT
    assert item.engagement_id == meeting.activity.engagement_id
    assert list(engagement_pool(meeting.activity.engagement)) == [item]


def test_written_comment_59_minutes_before_is_refused_seed_000(persona) -> None:
    meeting = scheduled_meeting(persona)
    cutoff = meeting.starts_at - datetime.timedelta(hours=1)
    with time_machine.travel(cutoff + SECOND, tick=False):
        with pytest.raises(IllegalTransition, match="closed at"):
            written.written_comment_submit(meeting=meeting, name="", email="", body=TEXT)


def test_staff_enter_emailed_comments_by_when_they_arrived_seed_000(persona) -> None:
    meeting = scheduled_meeting(persona)
    cutoff = meeting.starts_at - datetime.timedelta(hours=1)
    with time_machine.travel(meeting.starts_at, tick=False):
        comment = written.written_comment_enter(
            actor=persona("oee"), meeting=meeting, name="", email="", body=TEXT, received_at=cutoff
        )
        assert comment.channel == "email" and comment.entered_by == persona("oee")
        with pytest.raises(written.WrittenInvalid) as exc:
            written.written_comment_enter(
                actor=persona("oee"),
                meeting=meeting,
                name="",
                email="",
                body=TEXT,
                received_at=cutoff + SECOND,
            )
        assert "after the cutoff" in exc.value.errors["received_at"]
        with pytest.raises(NotAllowed):
            written.written_comment_enter(
                actor=persona("communications"),
                meeting=meeting,
                name="",
                email="",
                body=TEXT,
                received_at=cutoff,
            )


def test_written_comments_go_to_the_members_once_at_the_cutoff_seed_000(
    persona, django_capture_on_commit_callbacks
) -> None:
    meeting = scheduled_meeting(persona)
    services.member_add(
        actor=persona("oee"), meeting=meeting, name="Ald. Pat Dowell", email="dowell@example.org"
    )
    services.member_add(actor=persona("oee"), meeting=meeting, name="No Email Member")
    written.written_comment_submit(meeting=meeting, name="Rosa", email="", body=TEXT)
    cutoff = meeting.starts_at - datetime.timedelta(hours=1)
    assert written.written_comments_send(now=cutoff) == 0  # comments may still come
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert written.written_comments_send(now=cutoff + SECOND) == 1
        assert written.written_comments_send(now=cutoff + 2 * SECOND) == 0
    assert mail.outbox[-1].to == ["dowell@example.org"]
    _name, content, mimetype = mail.outbox[-1].attachments[0]
    assert mimetype == "application/pdf" and content[:4] == b"%PDF"


def test_long_comment_is_refused_with_its_length_and_nothing_stored(persona) -> None:
    meeting = scheduled_meeting(persona)
    with pytest.raises(written.WrittenInvalid) as exc:
        written.written_comment_submit(meeting=meeting, name="", email="", body="x" * 10_001)
    assert "10001" in exc.value.errors["body"].replace(",", "")
    assert not meeting.written.exists()


def test_breakout_notes_join_the_pool_with_meeting_and_group_V_C_4(persona) -> None:
    meeting = scheduled_meeting(persona)
    prompt = services.prompt_add(
        actor=persona("oee"), meeting=meeting, text="When should an officer not chase?"
    )
    group = services.breakout_group_add(actor=persona("oee"), meeting=meeting, facilitator="Jo")
    with pytest.raises(IllegalTransition, match="once the meeting has started"):
        written.breakout_note_add(group=group, text="Too early")
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=40), tick=False):
        note = written.breakout_note_add(
            group=group, text="Not for a traffic offense; never into a school.", prompt_id=prompt.pk
        )
    item = FeedbackItem.objects.get(source_ref=f"meetings.BreakoutNote:{note.pk}")
    assert item.source == FeedbackItem.Source.FACILITATOR_NOTE
    assert item.channel == "group-1"
    assert item.text.startswith("When should an officer not chase?")
    assert item in engagement_pool(meeting.activity.engagement)


def test_notes_also_join_the_postings_pool_when_the_engagement_has_one_V_D_3(
    persona, d22_draft
) -> None:
    from townhall.engagements.services import activity_add
    from townhall.postings.tests.factories import open_posting

    meeting = scheduled_meeting(persona)
    posting = open_posting(d22_draft)
    activity_add(
        actor=persona("oee"),
        engagement=meeting.activity.engagement,
        method="public_posting",
        posting=posting,
    )
    comment, _ = written.written_comment_submit(meeting=meeting, name="", email="", body=TEXT)
    item = FeedbackItem.objects.get(source_ref=f"meetings.WrittenComment:{comment.pk}")
    assert item.posting_id == posting.pk


def test_attendee_profiles_are_voluntary_anonymous_and_windowed_VIII(persona) -> None:
    meeting = scheduled_meeting(persona)
    with pytest.raises(IllegalTransition):
        written.profile_submit(
            meeting=meeting, age_band="", race="", district=None, lived_experience=""
        )
    with time_machine.travel(meeting.starts_at, tick=False):
        profile = written.profile_submit(
            meeting=meeting, age_band="25_34", race="latino", district=1, lived_experience="yes"
        )
        with pytest.raises(Exception, match="answers listed"):
            written.profile_submit(
                meeting=meeting, age_band="old", race="", district=None, lived_experience=""
            )
    assert not hasattr(profile, "email") and not hasattr(profile, "registration")
    assert AttendeeProfile.objects.count() == 1
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=8), tick=False):
        with pytest.raises(IllegalTransition):
            written.profile_submit(
                meeting=meeting, age_band="", race="", district=None, lived_experience=""
            )


def test_cancelled_meeting_takes_no_written_comments(persona) -> None:
    meeting = scheduled_meeting(persona)
    services.meeting_cancel(actor=persona("oee"), meeting=meeting, reason="Storm warning.")
    assert meeting.status == Meeting.Status.CANCELLED
    with pytest.raises(IllegalTransition):
        written.written_comment_submit(meeting=meeting, name="", email="", body=TEXT)
