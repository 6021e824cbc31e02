"""The staff pages of meetings: who may read and act, scheduling from the form (Chicago time,
daylight saving), the 48-hour agenda, members, written comments, breakouts, minutes, the
pool, and the links from the engagement's page."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from townhall.core.models import AuditEvent
from townhall.engagements.models import Activity
from townhall.feedback.models import FeedbackItem
from townhall.meetings import services, speaking, written
from townhall.meetings.models import (
    AttendeeProfile,
    BreakoutGroup,
    Meeting,
    MeetingMember,
    Minutes,
    Registration,
    SpeakerRequest,
    WrittenComment,
)
from townhall.meetings.registration import registration_submit
from townhall.meetings.tests.factories import draft_meeting, public_activity, scheduled_meeting

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def url(name: str, *args: Any) -> str:
    return reverse(f"staff:meetings:{name}", args=args)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": Meeting.Kind.COMMUNITY_CONVERSATION,
        "title": "Community conversation in Englewood",
        "description": "Small groups on the draft foot pursuit policy.",
        "day": "2026-06-10",
        "start_time": "18:00",
        "end_time": "20:00",
        "mode": Activity.Mode.IN_PERSON,
        "place": "Kennedy-King College, 740 W. 63rd St.",
        "venue_access": "Step-free entrance on 63rd Street.",
        "online_url": "",
        "call_in": "",
        "district": "7",
        "capacity": "120",
        "languages": ["en", "es"],
        "interpretation": "Spanish and ASL",
        "attire": Meeting.Attire.PLAIN_UNARMED,
        "attire_agreed_with": "Englewood district council",
        "has_public_comment": "on",
        "comment_total_minutes": "30",
        "comment_speaker_minutes": "3",
        "speak_request_hours": "24",
        "written_comment_hours": "1",
        "speaker_order": Meeting.SpeakerOrder.FIRST_COME,
    }
    data.update(overrides)
    return data


# --- Who may read and act ------------------------------------------------------------------


def _pages(meeting: Meeting) -> list[str]:
    engagement = meeting.activity.engagement_id
    return [
        url("list"),
        url("list") + "?when=past",
        url("new", meeting.activity_id),
        url("detail", meeting.pk),
        url("edit", meeting.pk),
        url("minutes", meeting.pk),
        url("registrations", meeting.pk),
        url("speakers", meeting.pk),
        url("written", meeting.pk),
        url("breakouts", meeting.pk),
        url("profiles", meeting.pk),
        url("pool", engagement),
        url("clerk", meeting.pk),
        url("clerk-state", meeting.pk),
    ]


def test_every_staff_page_renders_for_oee(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    client = client_as("oee")
    for page in _pages(meeting):
        response = client.get(page)
        assert response.status_code == 200, page
        if response["Content-Type"].startswith("text/html"):
            assert "style=" not in response.text and "<script>" not in response.text, page


def test_a_department_member_is_refused_every_staff_page(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    client = client_as("department_member")
    for page in _pages(meeting):
        assert client.get(page).status_code == 403, page
    assert client.post(url("publish", meeting.pk), {}).status_code == 403


def test_communications_reads_meetings_but_does_not_run_them_V_C(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    registration_submit(meeting=meeting, name="Ana Ruiz", email="ana@example.org", needs=[])
    client = client_as("communications")
    for page in (url("list"), url("detail", meeting.pk), url("registrations", meeting.pk)):
        assert client.get(page).status_code == 200, page
    for page in (
        url("new", meeting.activity_id),
        url("edit", meeting.pk),
        url("clerk", meeting.pk),
        url("clerk-state", meeting.pk),
        url("registrations", meeting.pk) + "?format=csv",
        url("pool", meeting.activity.engagement_id),  # it holds the postings' comments too
    ):
        assert client.get(page).status_code == 403, page
    for name in ("agenda-add", "publish", "cancel", "member-add", "after", "written-send"):
        assert client.post(url(name, meeting.pk), {}).status_code == 403, name
    assert client.post(url("clerk-action", meeting.pk, "start")).status_code == 403
    # Registrants' contact details are for those who run the meeting.
    page = client.get(url("registrations", meeting.pk)).text
    assert "Ana Ruiz" in page and "ana@example.org" not in page


def test_post_only_actions_refuse_get(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    client = client_as("oee")
    for name in ("publish", "cancel", "agenda-add", "written-send", "speakers-draw"):
        assert client.get(url(name, meeting.pk)).status_code == 405, name


# --- Scheduling from the form --------------------------------------------------------------


def test_a_meeting_is_scheduled_from_the_form_as_a_draft_in_chicago_time(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    activity = public_activity(persona)
    client = client_as("oee")
    page = client.get(url("new", activity.pk))
    # The kind follows the activity's method (services.KIND_FOR_METHOD).
    assert re.search(r'<option value="community_conversation"[^>]*selected', page.text)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=UTC), tick=False):
        response = client.post(url("new", activity.pk), form_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", meeting.pk)
    assert meeting.status == Meeting.Status.DRAFT
    # 18:00 CDT is 23:00 UTC.
    assert meeting.starts_at == datetime.datetime(2026, 6, 10, 23, tzinfo=UTC)
    assert meeting.ends_at == datetime.datetime(2026, 6, 11, 1, tzinfo=UTC)
    assert meeting.languages == ["en", "es"] and meeting.district == 7 and meeting.capacity == 120
    assert meeting.attire_agreed_with == "Englewood district council"


def test_a_time_in_the_repeated_hour_when_clocks_go_back_is_the_first_reading(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    """1 November 2026: 1:00–2:00 happens twice in Chicago. 1:30 means 1:30 CDT; 2:30 is CST."""
    activity = public_activity(persona)
    client = client_as("oee")
    with time_machine.travel(datetime.datetime(2026, 10, 1, 12, tzinfo=UTC), tick=False):
        response = client.post(
            url("new", activity.pk),
            form_data(day="2026-11-01", start_time="01:30", end_time="02:30"),
        )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert meeting.ends_at == datetime.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)


def test_an_end_in_the_repeated_hour_before_the_start_is_the_second_reading(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    """From 1:45 CDT to 1:15 CST: half an hour, not an error."""
    activity = public_activity(persona)
    client = client_as("oee")
    with time_machine.travel(datetime.datetime(2026, 10, 1, 12, tzinfo=UTC), tick=False):
        response = client.post(
            url("new", activity.pk),
            form_data(day="2026-11-01", start_time="01:45", end_time="01:15"),
        )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=30)
    # Saving the form again unchanged keeps both instants.
    with time_machine.travel(datetime.datetime(2026, 10, 1, 13, tzinfo=UTC), tick=False):
        client.post(
            url("edit", meeting.pk),
            form_data(day="2026-11-01", start_time="01:45", end_time="01:15", title="Renamed"),
        )
    again = Meeting.objects.get()
    assert again.title == "Renamed"
    assert (again.starts_at, again.ends_at) == (meeting.starts_at, meeting.ends_at)


def test_a_time_skipped_when_clocks_go_forward_is_refused_with_a_message(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    activity = public_activity(persona)
    client = client_as("oee")
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=UTC), tick=False):
        response = client.post(
            url("new", activity.pk),
            form_data(day="2026-03-08", start_time="02:30", end_time="04:00"),
        )
    assert response.status_code == 200
    assert "does not exist on that day in Chicago" in response.text
    assert 'value="Community conversation in Englewood"' in response.text  # nothing lost
    assert not Meeting.objects.exists()


def test_the_services_field_errors_come_back_beside_the_fields(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = public_activity(persona)
    response = client_as("oee").post(
        url("new", activity.pk),
        form_data(mode=Activity.Mode.HYBRID, online_url="http://insecure.example.org", call_in=""),
    )
    assert response.status_code == 200
    assert "Enter a secure link that starts with https://." in response.text
    assert "Give a call-in number and meeting ID" in response.text
    assert 'value="http://insecure.example.org"' in response.text
    assert not Meeting.objects.exists()


def test_attire_needs_who_it_was_decided_with_III_C_NOTE(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = public_activity(persona)
    response = client_as("oee").post(url("new", activity.pk), form_data(attire_agreed_with=""))
    assert response.status_code == 200
    assert "(III-C NOTE)" in response.text and not Meeting.objects.exists()


def test_an_activity_not_held_as_meetings_has_no_meeting_form(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = public_activity(persona, method=Activity.Method.ANONYMOUS_SURVEY)
    assert client_as("oee").get(url("new", activity.pk)).status_code == 404


# --- The agenda and its notice (5 ILCS 120/2.02) ------------------------------------------


def test_regular_meeting_refused_when_agenda_under_48_hours_5_ILCS_120_2_02(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = draft_meeting(persona, starts_in=datetime.timedelta(hours=30))
    client = client_as("oee")
    page = client.get(url("detail", meeting.pk)).text
    assert "can no longer be held as a regular meeting" in page
    response = client.post(url("publish", meeting.pk), {"pub-notice": "regular", "pub-reason": ""})
    assert response.status_code == 200
    assert "at least 48 hours before it starts (5 ILCS 120/2.02)" in response.text
    assert "special or emergency meeting" in response.text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_regular_meeting_posted_48_hours_ahead_5_ILCS_120_2_02(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = draft_meeting(persona, starts_in=datetime.timedelta(days=5))
    response = client_as("oee").post(
        url("publish", meeting.pk), {"pub-notice": "regular", "pub-reason": ""}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.notice == Meeting.Notice.REGULAR and meeting.agenda_posted_at is not None


def test_special_meeting_needs_a_recorded_reason_5_ILCS_120_2_02(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = draft_meeting(persona, starts_in=datetime.timedelta(hours=30))
    client = client_as("oee")
    response = client.post(url("publish", meeting.pk), {"pub-notice": "special", "pub-reason": " "})
    assert response.status_code == 200
    assert "Record why this meeting is held without 48 hours" in response.text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    reason = "The library closed for a water main break; moved to the next evening."
    response = client.post(
        url("publish", meeting.pk), {"pub-notice": "special", "pub-reason": reason}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.notice == Meeting.Notice.SPECIAL and meeting.notice_reason == reason
    assert reason in client.get(url("detail", meeting.pk)).text


def test_agenda_items_are_added_and_withdrawn(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = draft_meeting(persona)
    client = client_as("oee")
    response = client.post(
        url("agenda-add", meeting.pk),
        {"item-title": "Public comment", "item-presenter": "The chair", "item-minutes": "30"},
    )
    assert response.status_code == 302
    item = meeting.agenda.get(title="Public comment")
    assert item.presenter == "The chair" and item.minutes == 30
    response = client.post(url("agenda-add", meeting.pk), {"item-title": "", "item-minutes": ""})
    assert response.status_code == 200 and "Name the agenda item." in response.text
    assert client.post(url("agenda-withdraw", item.pk)).status_code == 302
    item.refresh_from_db()
    assert item.withdrawn
    assert "withdrawn" in client.get(url("detail", meeting.pk)).text


def test_a_posted_agenda_cannot_change_within_48_hours_5_ILCS_120_2_02(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    client = client_as("oee")
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=47), tick=False):
        page = client.get(url("detail", meeting.pk)).text
        assert "the agenda can no longer change" in page
        response = client.post(url("agenda-add", meeting.pk), {"item-title": "Late item"})
    assert response.status_code == 200
    assert "less than 48 hours away" in response.text
    assert not meeting.agenda.filter(title="Late item").exists()


def test_cancelling_needs_a_reason_and_tells_the_registrants(  # type: ignore[no-untyped-def]
    persona, client_as, django_capture_on_commit_callbacks
) -> None:
    # The form has one date and two times: start at 18:00 Chicago time, so the meeting never
    # runs past midnight whatever time of day the test runs.
    chicago = ZoneInfo("America/Chicago")
    start = (timezone.now().astimezone(chicago) + datetime.timedelta(days=10)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    meeting = scheduled_meeting(persona, starts_in=start - timezone.now())
    registration_submit(meeting=meeting, name="Ana Ruiz", email="ana@example.org", needs=[])
    client = client_as("oee")
    response = client.post(url("cancel", meeting.pk), {"cancel-reason": ""})
    assert response.status_code == 200 and "Say why the meeting is cancelled." in response.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cancel", meeting.pk), {"cancel-reason": "The venue flooded."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert any("ana@example.org" in m.to for m in mail.outbox)


# --- Members, attendance, after the meeting (5 ILCS 120/2.06) -----------------------------


def test_members_are_added_and_their_attendance_recorded_once_started_2_06(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    client = client_as("oee")
    response = client.post(
        url("member-add", meeting.pk),
        {
            "member-name": "Rev. L. Carter",
            "member-email": "carter@example.org",
            "member-role": "Chair",
        },
    )
    assert response.status_code == 302
    member = MeetingMember.objects.get(meeting=meeting)
    response = client.post(url("member-add", meeting.pk), {"member-name": "", "member-email": "x"})
    assert response.status_code == 200 and "Give the member's name." in html.unescape(response.text)
    assert 'name="attendance"' not in client.get(url("detail", meeting.pk)).text
    response = client.post(
        url("member-attendance", member.pk), {"attendance": "remote"}, follow=True
    )
    assert "Attendance is recorded once the meeting has started." in response.text
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=5), tick=False):
        assert 'name="attendance"' in client.get(url("detail", meeting.pk)).text
        client.post(url("member-attendance", member.pk), {"attendance": "remote"})
    member.refresh_from_db()
    assert member.attendance == MeetingMember.Attendance.REMOTE


def test_the_recording_and_attendance_are_recorded_after_the_meeting(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    client = client_as("oee")
    with time_machine.travel(meeting.ends_at + datetime.timedelta(hours=1), tick=False):
        services.meetings_close_past()
        response = client.post(
            url("after", meeting.pk),
            {"after-recording_url": "http://example.org/video", "after-attendance_count": "64"},
        )
        assert response.status_code == 200
        assert "Enter a secure link that starts with https://." in response.text
        response = client.post(
            url("after", meeting.pk),
            {
                "after-recording_url": "https://www.youtube.com/watch?v=abc",
                "after-attendance_count": "64",
            },
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.attendance_count == 64 and meeting.recording_url.startswith("https://")


# --- The minutes (5 ILCS 120/2.06) --------------------------------------------------------


def test_minutes_are_saved_approved_and_posted_5_ILCS_120_2_06(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    client = client_as("oee")
    held_day = timezone.localdate(meeting.starts_at)
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=2), tick=False):
        services.meetings_close_past()
        page = client.get(url("minutes", meeting.pk)).text
        approve_by = held_day + datetime.timedelta(days=30)
        assert "Approve by" in page
        assert 'name="votes-2-motion"' in page  # three blank rows, no JavaScript needed
        data = {
            "summary": "Residents discussed when officers should end a foot pursuit.",
            "votes-TOTAL_FORMS": "3",
            "votes-INITIAL_FORMS": "0",
            "votes-MIN_NUM_FORMS": "0",
            "votes-MAX_NUM_FORMS": "1000",
            "votes-0-motion": "Recommend a supervisor's review of every pursuit",
            "votes-0-votes_for": "9",
            "votes-0-votes_against": "2",
            "votes-0-votes_abstain": "1",
            "votes-0-outcome": "",
            "votes-1-motion": "",
            "votes-1-votes_for": "4",
        }
        response = client.post(url("minutes", meeting.pk), data)
        assert response.status_code == 200
        assert "Name the motion these votes were on." in response.text
        assert "Residents discussed" in response.text  # what was typed is kept
        data["votes-1-votes_for"] = ""
        response = client.post(url("minutes", meeting.pk), data)
        assert response.status_code == 302
        minutes = Minutes.objects.get(meeting=meeting)
        assert minutes.votes == [
            {
                "motion": "Recommend a supervisor's review of every pursuit",
                "for": 9,
                "against": 2,
                "abstain": 1,
                "outcome": "Carried",
            }
        ]
        page = client.get(url("minutes", meeting.pk)).text
        assert 'name="votes-3-motion"' in page  # the vote recorded and three blank rows
        response = client.post(url("minutes-post", meeting.pk), follow=True)
        assert "Minutes are posted once they are approved." in response.text
        response = client.post(
            url("minutes-approve", meeting.pk), {"approve-approved_on": str(held_day)}
        )
        assert response.status_code == 302
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.APPROVED and minutes.approved_on == held_day
        page = client.get(url("minutes", meeting.pk)).text
        assert 'name="summary"' not in page  # approved minutes are kept as approved
        response = client.post(url("minutes-post", meeting.pk))
        assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.POSTED
    assert approve_by > held_day


def test_overdue_minutes_are_flagged_on_the_list_and_the_page_2_06(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=40), tick=False):
        client = client_as("oee")  # signed in on the day: a session does not last 40 days
        services.meetings_close_past()
        listing = client.get(url("list")).text
        assert "Overdue since" in listing and meeting.title in listing
        page = client.get(url("minutes", meeting.pk)).text
        assert "Overdue: the minutes were to be approved by" in page


def test_minutes_before_the_meeting_is_held_say_so(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    page = client_as("oee").get(url("minutes", meeting.pk)).text
    assert "Minutes are written once the meeting has been held." in page


# --- Registrations and speakers -----------------------------------------------------------


def test_registrations_list_and_csv_for_those_who_run_the_meeting(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    registration_submit(
        meeting=meeting,
        name="=HYPERLINK(1)",
        email="a@example.org",
        needs=["asl"],
        needs_note="Row 1",
    )
    client = client_as("oee")
    page = client.get(url("registrations", meeting.pk)).text
    assert "a@example.org" in page and "American Sign Language" in page
    response = client.get(url("registrations", meeting.pk) + "?format=csv")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text  # never a formula in a spreadsheet


def test_the_lottery_is_drawn_after_the_deadline_and_its_seed_checks_seed_000(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    Meeting.objects.filter(pk=meeting.pk).update(speaker_order=Meeting.SpeakerOrder.LOTTERY)
    meeting.refresh_from_db()
    item = meeting.agenda.first()
    for n in range(5):
        speaking.speaker_request_submit(
            meeting=meeting,
            name=f"Speaker {n}",
            email=f"s{n}@example.org",
            phone="",
            agenda_item_id=item.pk,
        )
    client = client_as("oee")
    assert "Draw the lottery" not in client.get(url("speakers", meeting.pk)).text
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=2), tick=False):
        assert "Draw the lottery" in client.get(url("speakers", meeting.pk)).text
        response = client.post(url("speakers-draw", meeting.pk), follow=True)
    meeting.refresh_from_db()
    assert meeting.lottery_seed is not None
    assert str(meeting.lottery_seed) in response.text
    assert "The recorded order follows from the seed" in response.text
    assert AuditEvent.objects.filter(action="meeting.lottery").count() == 1


def test_an_empty_lottery_is_not_reported_as_failing_its_check(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(
        persona,
        starts_in=datetime.timedelta(days=3),
        speaker_order=Meeting.SpeakerOrder.LOTTERY,
    )
    client = client_as("oee")
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=2), tick=False):
        page = client.post(url("speakers-draw", meeting.pk), follow=True).text
    assert "does not follow from the seed" not in page


def test_the_clerks_tab_is_only_for_those_who_run_the_meeting(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    clerk = url("clerk", meeting.pk)
    assert clerk in client_as("oee").get(url("detail", meeting.pk)).text
    assert clerk not in client_as("communications").get(url("detail", meeting.pk)).text


# --- Written comments (seed 000) ----------------------------------------------------------


def _written(client: Client, meeting: Meeting, received: datetime.datetime, **extra: Any) -> Any:
    local = timezone.localtime(received)
    return client.post(
        url("written", meeting.pk),
        {
            "w-name": "Maria Lopez",
            "w-email": "maria@example.org",
            "w-agenda_item": str(meeting.agenda.first().pk),
            "w-body": "Please publish how often foot pursuits end in injuries.",
            "w-received_day": local.strftime("%Y-%m-%d"),
            "w-received_time": local.strftime("%H:%M"),
            **extra,
        },
    )


def test_written_comment_entry_refused_when_received_after_the_cutoff_seed_000(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    client = client_as("oee")
    with time_machine.travel(meeting.starts_at - datetime.timedelta(minutes=20), tick=False):
        response = _written(client, meeting, meeting.starts_at - datetime.timedelta(minutes=50))
        assert response.status_code == 200
        assert "arrived after the cutoff" in response.text
        assert "Please publish how often" in response.text  # nothing typed is lost
        assert not WrittenComment.objects.exists()
        response = _written(client, meeting, meeting.starts_at - datetime.timedelta(minutes=70))
    assert response.status_code == 302
    comment = WrittenComment.objects.get()
    assert comment.channel == WrittenComment.Channel.EMAIL
    assert FeedbackItem.objects.filter(source_ref=f"meetings.WrittenComment:{comment.pk}").exists()


def test_send_now_waits_for_the_cutoff_then_sends_once_seed_000(  # type: ignore[no-untyped-def]
    persona, client_as, django_capture_on_commit_callbacks
) -> None:
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    services.member_add(
        actor=persona("oee"), meeting=meeting, name="Rev. L. Carter", email="carter@example.org"
    )
    written.written_comment_submit(meeting=meeting, name="Ana", email="", body="Slow down.")
    client = client_as("oee")
    response = client.post(url("written-send", meeting.pk), follow=True)
    assert "Nothing was sent yet" in response.text
    mail.outbox.clear()
    with time_machine.travel(meeting.starts_at - datetime.timedelta(minutes=30), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("written-send", meeting.pk), follow=True)
        assert "were compiled and sent to the members" in response.text
        again = client.post(url("written-send", meeting.pk), follow=True)
    sent = [m for m in mail.outbox if "carter@example.org" in m.to]
    assert len(sent) == 1 and sent[0].attachments
    meeting.refresh_from_db()
    assert meeting.written_sent_at is not None
    assert "Send to the members now" not in again.text


def test_send_now_says_when_nobody_would_receive_them_and_the_worker_waits_seed_000(  # type: ignore[no-untyped-def]
    persona, client_as
) -> None:
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    cutoff = meeting.starts_at - datetime.timedelta(hours=1)
    # The demo engagement has no contact address and the meeting no members with email.
    assert written.written_comments_send(now=cutoff + datetime.timedelta(seconds=1)) == 0
    with time_machine.travel(cutoff + datetime.timedelta(minutes=1), tick=False):
        response = client_as("oee").post(url("written-send", meeting.pk), follow=True)
    assert "nobody has an email address to receive them" in response.text
    meeting.refresh_from_db()
    assert meeting.written_sent_at is None
    event = AuditEvent.objects.filter(action="written.send")
    assert not event.exists()


def test_the_compiled_comments_download_as_a_pdf(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    written.written_comment_submit(
        meeting=meeting, name="Ana", email="", body="Publish the pursuit data <b>monthly</b>."
    )
    response = client_as("oee").get(url("written-pdf", meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- Breakouts, profiles, the pool --------------------------------------------------------


def test_breakout_groups_get_a_secret_link_and_their_notes_are_shown_V_C_4(
    persona, client_as, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TOWNHALL_BASE_URL = "https://townhall.example.org"
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    client = client_as("oee")
    assert (
        client.post(url("breakouts", meeting.pk), {"add": "prompt", "prompt-text": ""}).status_code
        == 200
    )
    client.post(
        url("breakouts", meeting.pk), {"add": "prompt", "prompt-text": "When should a pursuit end?"}
    )
    response = client.post(
        url("breakouts", meeting.pk), {"add": "group", "group-facilitator": "Jo Park"}
    )
    assert response.status_code == 302
    group = BreakoutGroup.objects.get(meeting=meeting)
    link = "https://townhall.example.org" + reverse("meetings:notes", kwargs={"token": group.token})
    assert link in client.get(url("breakouts", meeting.pk)).text
    # Those who do not run the meeting do not see the link that writes the notes.
    assert group.token not in client_as("communications").get(url("breakouts", meeting.pk)).text
    prompt = meeting.prompts.get()
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=40), tick=False):
        written.breakout_note_add(
            group=group, text="Most said: end it at a fence.", prompt_id=prompt.pk
        )
    page = client.get(url("breakouts", meeting.pk)).text
    assert "Most said: end it at a fence." in page and "When should a pursuit end?" in page


def test_the_engagement_pool_lists_a_note_with_the_way_back_to_its_meeting(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    group = services.breakout_group_add(actor=persona("oee"), meeting=meeting, facilitator="Jo")
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=40), tick=False):
        written.breakout_note_add(group=group, text="People want the data every month.")
    page = client_as("rd").get(url("pool", meeting.activity.engagement_id)).text
    assert "People want the data every month." in page
    assert "Facilitator" in page
    assert url("breakouts", meeting.pk) in page


def test_profiles_are_shown_as_counts_only_VIII(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=10), tick=False):
        for race in ("black", "black", "latino"):
            written.profile_submit(
                meeting=meeting, age_band="25_34", race=race, district=7, lived_experience="yes"
            )
    assert AttendeeProfile.objects.count() == 3
    page = client_as("oee").get(url("profiles", meeting.pk)).text
    assert "3 people answered." in page
    assert re.search(r"Black or African American</th><td class=\"numeric\">2<", page)
    assert re.search(r"007 Englewood</th><td class=\"numeric\">3<", page)
    assert "<caption" in page


# --- The engagement's page links to its meetings ------------------------------------------


def test_the_engagement_page_lists_meetings_and_schedules_only_for_who_runs_them(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    engagement_url = reverse("staff:engagements:detail", args=[meeting.activity.engagement_id])
    page = client_as("oee").get(engagement_url).text
    assert url("detail", meeting.pk) in page
    assert url("new", meeting.activity_id) in page and "Schedule a meeting" in page
    assert url("pool", meeting.activity.engagement_id) in page
    other = client_as("communications").get(engagement_url).text
    assert url("new", meeting.activity_id) not in other
    assert url("detail", meeting.pk) in other
    assert url("pool", meeting.activity.engagement_id) not in other


def test_the_list_shows_registered_and_waitlisted_counts(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona, capacity=1)
    registration_submit(meeting=meeting, name="A", email="a@example.org", needs=[])
    registration_submit(meeting=meeting, name="B", email="b@example.org", needs=[])
    assert Registration.objects.filter(status="waitlisted").count() == 1
    page = client_as("oee").get(url("list")).text
    assert meeting.title in page
    assert '<td class="numeric">1 / 1</td>' in page and '<td class="numeric">1</td>' in page
    assert SpeakerRequest.objects.count() == 0


def test_an_internal_focus_group_has_no_public_comment_and_stays_internal_V_C_9(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    activity = public_activity(persona, method=Activity.Method.INTERNAL_FOCUS_GROUP)
    client = client_as("oee")
    page = client.get(url("new", activity.pk)).text
    assert 'name="ranks"' in page and 'name="has_public_comment"' not in page
    assert '<option value="community_conversation"' not in page
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = form_data(
        kind=Meeting.Kind.INTERNAL_FOCUS_GROUP, ranks="Sergeants and lieutenants", day=str(day)
    )
    response = client.post(url("new", activity.pk), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.is_internal and not meeting.has_public_comment
    assert meeting.ranks == "Sergeants and lieutenants"
    services.agenda_item_add(actor=persona("oee"), meeting=meeting, title="The draft")
    response = client.post(
        url("publish", meeting.pk), {"pub-notice": "regular", "pub-reason": ""}, follow=True
    )
    assert "shown to the Department only" in response.text
    page = client.get(url("detail", meeting.pk)).text
    assert f'href="{reverse("meetings:detail", args=[meeting.pk])}"' not in page


def test_saving_unchanged_times_tells_no_registrant_of_a_change(  # type: ignore[no-untyped-def]
    persona, client_as, django_capture_on_commit_callbacks
) -> None:
    # The form has one date and two times: start at 18:00 Chicago time, so the meeting never
    # runs past midnight whatever time of day the test runs.
    chicago = ZoneInfo("America/Chicago")
    start = (timezone.now().astimezone(chicago) + datetime.timedelta(days=10)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    meeting = scheduled_meeting(persona, starts_in=start - timezone.now())
    registration_submit(meeting=meeting, name="Ana Ruiz", email="ana@example.org", needs=[])
    client = client_as("oee")
    form = client.get(url("edit", meeting.pk)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["has_public_comment"] = "on"
    data["title"] = "A clearer title"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("edit", meeting.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.title == "A clearer title"
    assert not [m for m in mail.outbox if "changed" in m.body]
    assert AuditEvent.objects.filter(action="meeting.update").count() == 1
