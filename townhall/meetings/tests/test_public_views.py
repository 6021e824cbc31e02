"""The public pages of meetings: the meeting's page, registration with its waiting list and
one-link cancellation, requests to speak and written comments on their deadlines (seed 000),
the anonymous profile, the calendar file, the room's display and the facilitators' notes."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from townhall.accounts.models import User
from townhall.core.districts import DISTRICTS
from townhall.engagements.models import Activity
from townhall.feedback.tests.helpers import form_fields, solve
from townhall.meetings import minutes as minutes_services
from townhall.meetings import selectors, services, speaking
from townhall.meetings.models import (
    AttendeeProfile,
    BreakoutNote,
    Meeting,
    Registration,
    SpeakerRequest,
    WrittenComment,
)
from townhall.meetings.tests.factories import draft_meeting, public_activity, scheduled_meeting

pytestmark = pytest.mark.django_db
Persona = Callable[[str], User]
SECOND = datetime.timedelta(seconds=1)


def submit(
    client: Client,
    url: str,
    data: dict[str, Any],
    *,
    at: datetime.datetime | None = None,
    fetched_at: datetime.datetime | None = None,
) -> Any:
    """GET the form (10 seconds before `at` unless `fetched_at` says when), then POST it at
    `at` with the question answered, the way a browser without JavaScript does."""
    at = at or timezone.now() + datetime.timedelta(seconds=10)
    fetched_at = fetched_at or at - datetime.timedelta(seconds=10)
    with time_machine.travel(fetched_at, tick=False):
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        fields = form_fields(page.text)
        answer = solve(fields["form_token"])
    with time_machine.travel(at, tick=False):
        return client.post(url, {**data, **fields, "challenge_answer": answer})


def item_ids(meeting: Meeting) -> list[int]:
    return list(meeting.agenda.filter(withdrawn=False).values_list("pk", flat=True))


def speak_data(meeting: Meeting, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "Rosa Martínez",
        "email": "rosa@example.org",
        "phone": "",
        "agenda_item": str(item_ids(meeting)[0]),
        "interpretation": "Spanish",
        **overrides,
    }


def group_of(meeting: Meeting, persona: Persona) -> Any:
    services.prompt_add(
        actor=persona("oee"), meeting=meeting, text="When should an officer not start a chase?"
    )
    return services.breakout_group_add(actor=persona("oee"), meeting=meeting, facilitator="Dana")


def public_urls(meeting: Meeting) -> list[str]:
    return [
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/calendar.ics",
        f"/meetings/{meeting.pk}/register/",
        f"/meetings/{meeting.pk}/speak/",
        f"/meetings/{meeting.pk}/write/",
        f"/meetings/{meeting.pk}/about-you/",
        f"/meetings/{meeting.pk}/display/",
        f"/meetings/{meeting.pk}/display/state.json",
    ]


# --- Which meetings the public sees -------------------------------------------------------------


def test_every_page_renders_for_a_meeting_with_a_posted_agenda_5_ILCS_120_2_02(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    assert client.get("/meetings/").status_code == 200
    for url in public_urls(meeting):
        assert client.get(url).status_code == 200, url
    listing = client.get("/meetings/").text
    assert meeting.title in listing and "District 1 (Central)" in listing
    assert "(Chicago time)" in listing and "Community conversation (V-C-4)" in listing
    for url in ("/meetings/", f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/display/"):
        html = client.get(url).text
        assert "<script>" not in html and "style=" not in html  # strict CSP: nothing inline


def test_a_draft_meeting_is_404_everywhere_until_its_agenda_is_posted_5_ILCS_120_2_02(
    client: Client, persona: Persona
) -> None:
    meeting = draft_meeting(persona)
    for url in public_urls(meeting):
        assert client.get(url).status_code == 404, url
    assert meeting.title not in client.get("/meetings/").text


def test_an_internal_focus_group_is_never_shown_to_the_public_V_C_9(
    client: Client, persona: Persona
) -> None:
    activity = public_activity(persona, method=Activity.Method.INTERNAL_FOCUS_GROUP)
    meeting = scheduled_meeting(persona, activity=activity, kind=Meeting.Kind.INTERNAL_FOCUS_GROUP)
    assert meeting.status == Meeting.Status.SCHEDULED
    group = services.breakout_group_add(actor=persona("oee"), meeting=meeting, facilitator="Dana")
    for url in [*public_urls(meeting), f"/meetings/notes/{group.token}/"]:
        assert client.get(url).status_code == 404, url
    assert meeting.title not in client.get("/meetings/").text


# --- The meeting's page -------------------------------------------------------------------------


def test_the_page_gives_time_place_call_in_and_the_48_hour_notice_5_ILCS_120_2_02(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona, capacity=40)
    services.agenda_item_add(
        actor=persona("oee"), meeting=meeting, title="Report back", presenter="OEE", minutes=15
    )
    services.agenda_item_withdraw(
        actor=persona("oee"), item=meeting.agenda.get(title="Report back")
    )
    meeting.refresh_from_db()
    html = client.get(f"/meetings/{meeting.pk}/").text
    start = timezone.localtime(meeting.starts_at)
    assert f'datetime="{start.isoformat()}"' in html and "(Chicago time)" in html
    for expected in (
        "400 S. State St.",
        "Step-free entrance on Van Buren Street",
        "https://cityofchicago.zoom.us/j/83960230482",
        "312-626-6799, meeting ID 839 6023 0482",
        "District 1 (Central)",
        "English, Spanish",
        "Spanish and ASL interpretation",
        "at least 48 hours before the meeting (5 ILCS 120/2.02)",
        "Welcome and the draft policy",
        "40 places left.",
        f'href="/meetings/{meeting.pk}/calendar.ics"',
    ):
        assert expected in html, expected
    # A withdrawn item stays on the agenda, struck through and labelled.
    assert re.search(
        r"<del><span[^>]*>Report back</span></del> <span class=\"badge\">Withdrawn", html
    )


def test_a_special_meeting_shows_its_kind_and_recorded_reason_5_ILCS_120_2_02(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(hours=30))
    assert meeting.notice == Meeting.Notice.SPECIAL
    html = client.get(f"/meetings/{meeting.pk}/").text
    assert "Special meeting" in html
    assert "Rescheduled after the library closed for a water main break." in html
    assert "at least 48 hours before the meeting" not in html


def test_department_attendance_is_shown_with_whom_it_was_decided_III_C_NOTE(
    client: Client, persona: Persona
) -> None:
    undecided = scheduled_meeting(persona)
    assert (
        "Not yet decided with community representatives"
        in client.get(f"/meetings/{undecided.pk}/").text
    )
    decided = scheduled_meeting(
        persona,
        attire=Meeting.Attire.PLAIN_UNARMED,
        attire_agreed_with="Albany Park Neighbors and the District 17 council",
    )
    html = client.get(f"/meetings/{decided.pk}/").text
    assert "Department members attend in plain clothes, unarmed" in html
    assert "Decided with" in html and "Albany Park Neighbors and the District 17 council" in html


def test_the_public_comment_rules_use_the_meetings_own_numbers_and_deadlines_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(
        persona,
        comment_total_minutes=20,
        comment_speaker_minutes=2,
        speak_request_hours=48,
        written_comment_hours=2,
    )
    html = client.get(f"/meetings/{meeting.pk}/").text
    speak_by = timezone.localtime(meeting.starts_at - datetime.timedelta(hours=48))
    written_by = timezone.localtime(meeting.starts_at - datetime.timedelta(hours=2))
    for expected in (
        "The public comment period lasts 20 minutes in all.",
        "Each speaker has 2 minutes.",
        "Each person has one opportunity to speak.",
        "Speakers keep to the subject matter on the agenda.",
        f"no less than 48 hours before the meeting starts: by {speak_by.day} "
        f"{speak_by:%B %Y, %H:%M} (Chicago time)",
        f"no later than 2 hours before the meeting starts: by {written_by.day} "
        f"{written_by:%B %Y, %H:%M} (Chicago time)",
        "available at the scheduled start of the meeting and able to be heard",
        "first come, first served",
        "0 people have asked to speak so far. The period holds 10 speakers at full time.",
        f'href="/meetings/{meeting.pk}/speak/"',
        f'href="/meetings/{meeting.pk}/write/"',
        f'href="/meetings/{meeting.pk}/display/"',
    ):
        assert expected in html, expected
    assert "no assurance" not in html


def test_a_lottery_is_announced_and_its_seed_shown_once_drawn_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona, speaker_order=Meeting.SpeakerOrder.LOTTERY)
    html = client.get(f"/meetings/{meeting.pk}/").text
    assert "an order drawn by lottery after requests to speak close" in html
    assert "with the seed" not in html
    with time_machine.travel(speaking.request_deadline(meeting) + SECOND, tick=False):
        speaking.speakers_draw(actor=persona("oee"), meeting=meeting)
        html = client.get(f"/meetings/{meeting.pk}/").text
    meeting.refresh_from_db()
    assert f"with the seed {meeting.lottery_seed}" in html


def test_a_cancelled_meeting_says_so_with_its_reason_and_offers_no_forms(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    services.meeting_cancel(
        actor=persona("oee"), meeting=meeting, reason="The library is closed for repairs."
    )
    html = client.get(f"/meetings/{meeting.pk}/").text
    assert "This meeting is cancelled." in html and "The library is closed for repairs." in html
    assert f'href="/meetings/{meeting.pk}/speak/"' not in html
    assert f'href="/meetings/{meeting.pk}/register/"' not in html
    assert "https://cityofchicago.zoom.us" not in html
    assert (
        "This meeting takes no requests to speak."
        in client.get(f"/meetings/{meeting.pk}/speak/").text
    )
    ics = client.get(f"/meetings/{meeting.pk}/calendar.ics").text
    assert "STATUS:CANCELLED" in ics and "SUMMARY:Cancelled: Community conversation" in ics


def test_after_the_meeting_the_recording_attendance_and_posted_minutes_are_shown_5_ILCS_120_2_06(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona, starts_in=datetime.timedelta(days=3))
    oee = persona("oee")
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=2), tick=False):
        services.meetings_close_past()
        meeting.refresh_from_db()
        services.meeting_record_after(
            actor=oee,
            meeting=meeting,
            recording_url="https://www.youtube.com/watch?v=abc123",
            attendance_count=57,
        )
        minutes = minutes_services.minutes_save(
            actor=oee,
            meeting=meeting,
            summary="Residents asked for clear limits on chases for minor offences.",
            votes=[{"motion": "Send the notes to R&D", "for": 7, "against": 1, "abstain": 0}],
        )
        draft_html = client.get(f"/meetings/{meeting.pk}/").text
        minutes = minutes_services.minutes_approve(
            actor=oee, minutes=minutes, approved_on=timezone.localdate()
        )
        minutes_services.minutes_post(actor=oee, minutes=minutes)
        html = client.get(f"/meetings/{meeting.pk}/").text
    assert "clear limits on chases" not in draft_html  # only posted minutes are public
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert "57 people attended." in html
    assert "Residents asked for clear limits on chases for minor offences." in html
    assert "<caption>Votes taken</caption>" in html and "Send the notes to R&amp;D" in html
    assert "Approved on" in html and "Carried" in html
    assert f'href="/meetings/{meeting.pk}/register/"' not in html


# --- Registration, the waiting list and the one-link cancellation ------------------------------


def register(client: Client, meeting: Meeting, name: str, email: str, **extra: Any) -> Any:
    return submit(
        client,
        f"/meetings/{meeting.pk}/register/",
        {"name": name, "email": email, "needs": ["asl"], "needs_note": "", **extra},
    )


def test_registration_then_waiting_list_then_cancel_by_link_promotes_the_next(
    client: Client, persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = scheduled_meeting(persona, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client, meeting, "Ana Flores", "ana@example.org")
    assert first.status_code == 302
    ana = Registration.objects.get(email="ana@example.org")
    assert first["Location"] == f"/meetings/registration/{ana.token}/?new=1"
    assert ana.status == Registration.Status.CONFIRMED and ana.needs == ["asl"]
    page = client.get(first["Location"]).text
    assert "Thank you: you are registered" in page and 'content="noindex"' in page
    assert f"/meetings/registration/{ana.token}/cancel/" in page
    assert mail.outbox[-1].to == ["ana@example.org"]

    assert "Full: you can join the waiting list" in client.get(f"/meetings/{meeting.pk}/").text
    with django_capture_on_commit_callbacks(execute=True):
        second = register(client, meeting, "Ben Okafor", "ben@example.org")
    ben = Registration.objects.get(email="ben@example.org")
    assert ben.status == Registration.Status.WAITLISTED
    page = client.get(second["Location"]).text
    assert "Thank you: you are on the waiting list" in page
    assert "number 1 on the waiting list" in page

    # GET never cancels: mail scanners open links.
    confirm = client.get(f"/meetings/registration/{ana.token}/cancel/")
    assert confirm.status_code == 200 and "Yes, cancel my registration" in confirm.text
    ana.refresh_from_db()
    assert ana.status == Registration.Status.CONFIRMED

    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/meetings/registration/{ana.token}/cancel/")
    assert done.status_code == 302 and done["Location"] == f"/meetings/registration/{ana.token}/"
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert ana.status == Registration.Status.CANCELLED
    assert ben.status == Registration.Status.CONFIRMED
    promoted = mail.outbox[sent:]
    assert [m.to for m in promoted] == [["ben@example.org"]]
    assert "a place freed up" in promoted[0].body
    page = client.get(done["Location"]).text
    assert "Your registration is cancelled." in page and "Cancelled" in page
    assert "Yes, cancel my registration" not in client.get(f"{done['Location']}cancel/").text


def test_a_double_clicked_registration_gives_one_registration(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    url = f"/meetings/{meeting.pk}/register/"
    fields = form_fields(client.get(url).text)
    payload = {
        "name": "Ana Flores",
        "email": "ana@example.org",
        "challenge_answer": solve(fields["form_token"]),
        **fields,
    }
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10), tick=False):
        first = client.post(url, payload)
        again = client.post(url, payload)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Registration.objects.count() == 1


def test_a_second_registration_with_the_same_email_is_refused_with_the_form_kept(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    register(client, meeting, "Ana Flores", "ana@example.org")
    again = register(client, meeting, "Ana F.", "ANA@example.org")
    assert again.status_code == 400
    assert "already registered for this meeting" in again.text and 'value="Ana F."' in again.text


def test_an_unknown_registration_link_is_404(client: Client, persona: Persona) -> None:
    scheduled_meeting(persona)
    assert client.get("/meetings/registration/not-a-token/").status_code == 404
    assert client.get("/meetings/registration/not-a-token/cancel/").status_code == 404
    assert client.post("/meetings/registration/not-a-token/cancel/").status_code == 404


def test_registration_closes_at_the_start(client: Client, persona: Persona) -> None:
    meeting = scheduled_meeting(persona)
    with time_machine.travel(meeting.starts_at, tick=False):
        page = client.get(f"/meetings/{meeting.pk}/register/")
        detail = client.get(f"/meetings/{meeting.pk}/").text
    assert "Registration for this meeting is closed." in page.text
    assert 'name="form_token"' not in page.text
    assert "Registration closed when the meeting started." in detail


# --- Requests to speak (seed 000) ---------------------------------------------------------------


def test_speak_request_at_exactly_24_hours_before_is_accepted_with_a_receipt_seed_000(
    client: Client, persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = scheduled_meeting(persona)
    deadline = speaking.request_deadline(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client, f"/meetings/{meeting.pk}/speak/", speak_data(meeting), at=deadline
        )
    assert response.status_code == 302
    request = SpeakerRequest.objects.get()
    assert response["Location"] == f"/meetings/speak/{request.receipt}/?new=1"
    assert request.name == "Rosa Martínez" and request.interpretation == "Spanish"
    assert request.language == "en"
    assert mail.outbox[-1].to == ["rosa@example.org"]
    page = client.get(response["Location"]).text
    assert "Your request to speak is accepted" in page and request.receipt in page
    assert "Welcome and the draft policy" in page and "0 speakers are before you." in page
    assert "no assurance" not in page
    # Neither the name nor the address is on a page anyone holding the link can read.
    assert "Rosa" not in page and "rosa@example.org" not in page
    # A receipt typed in lower case, without dashes, finds the same request.
    typed = request.receipt.replace("-", "").lower()
    assert client.get(f"/meetings/speak/{typed}/").status_code == 200
    assert client.get("/meetings/speak/S-0000-0000/").status_code == 404


def test_speak_request_23_hours_59_minutes_59_seconds_before_is_refused_with_reason_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    deadline = speaking.request_deadline(meeting)
    response = submit(
        client, f"/meetings/{meeting.pk}/speak/", speak_data(meeting), at=deadline + SECOND
    )
    assert response.status_code == 409
    assert "Requests to speak closed at" in response.text
    assert "24 hours before the meeting starts" in response.text
    assert "You can still send a written comment until" in response.text
    assert 'value="Rosa Martínez"' in response.text and 'value="rosa@example.org"' in response.text
    assert SpeakerRequest.objects.count() == 0


def test_after_the_deadline_the_speak_page_says_so_and_offers_a_written_comment_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    with time_machine.travel(speaking.request_deadline(meeting) + SECOND, tick=False):
        page = client.get(f"/meetings/{meeting.pk}/speak/").text
        detail = client.get(f"/meetings/{meeting.pk}/").text
    assert "Requests to speak closed at" in page and 'name="form_token"' not in page
    assert f'href="/meetings/{meeting.pk}/write/"' in page
    assert "Requests to speak closed at" in detail
    assert f'href="/meetings/{meeting.pk}/speak/"' not in detail


def test_the_11th_speaker_is_told_there_is_no_assurance_of_speaking_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    item = item_ids(meeting)[0]
    for n in range(10):
        speaking.speaker_request_submit(
            meeting=meeting,
            name=f"Speaker {n}",
            email=f"speaker{n}@example.org",
            phone="",
            agenda_item_id=item,
        )
    tenth = SpeakerRequest.objects.get(name="Speaker 9")
    assert "no assurance" not in client.get(f"/meetings/speak/{tenth.receipt}/").text
    response = submit(client, f"/meetings/{meeting.pk}/speak/", speak_data(meeting))
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "10 speakers are before you." in page
    assert speaking.no_assurance_text(meeting) in page
    detail = client.get(f"/meetings/{meeting.pk}/").text
    assert "11 people have asked to speak so far." in detail
    assert speaking.no_assurance_text(meeting) in detail


def test_speakers_choose_an_item_of_the_agenda_seed_000(client: Client, persona: Persona) -> None:
    meeting = scheduled_meeting(persona)
    missing = submit(client, f"/meetings/{meeting.pk}/speak/", speak_data(meeting, agenda_item=""))
    assert missing.status_code == 400
    assert "speakers keep to the subjects on the agenda" in missing.text
    assert SpeakerRequest.objects.count() == 0


def test_one_opportunity_to_speak_per_person_seed_000(client: Client, persona: Persona) -> None:
    meeting = scheduled_meeting(persona)
    assert submit(client, f"/meetings/{meeting.pk}/speak/", speak_data(meeting)).status_code == 302
    again = submit(client, f"/meetings/{meeting.pk}/speak/", speak_data(meeting, name="R. M."))
    assert again.status_code == 400 and "one opportunity to speak" in again.text
    assert 'value="R. M."' in again.text


# --- Written comments (seed 000) ----------------------------------------------------------------


def test_written_comment_59_minutes_before_is_refused_with_the_text_kept_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    deadline = speaking.written_deadline(meeting)
    body = "Please publish how often foot pursuits end in injuries, by district."
    response = submit(
        client,
        f"/meetings/{meeting.pk}/write/",
        {"body": body, "name": "Lee", "email": "", "agenda_item": ""},
        at=deadline + datetime.timedelta(minutes=1),
        fetched_at=deadline - datetime.timedelta(minutes=5),
    )
    assert response.status_code == 409
    assert "Written comments for this meeting closed at" in response.text
    assert "Your text is kept below" in response.text and body in response.text
    assert WrittenComment.objects.count() == 0


def test_written_comment_60_minutes_before_is_accepted_and_joins_the_pool_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    deadline = speaking.written_deadline(meeting)
    body = "Please publish how often foot pursuits end in injuries, by district."
    response = submit(
        client,
        f"/meetings/{meeting.pk}/write/",
        {"body": body, "name": "", "email": "", "agenda_item": str(item_ids(meeting)[1])},
        at=deadline,
    )
    assert response.status_code == 302
    comment = WrittenComment.objects.get()
    assert response["Location"] == f"/meetings/written/{comment.receipt}/?new=1"
    assert comment.body == body and comment.agenda_item is not None
    assert comment.agenda_item.title == "Small-group discussion"
    page = client.get(response["Location"]).text
    assert comment.receipt in page and "Small-group discussion" in page
    pool = selectors.engagement_pool(meeting.activity.engagement)
    assert pool.filter(text=body).exists()


def test_after_the_cutoff_the_written_page_says_so(client: Client, persona: Persona) -> None:
    meeting = scheduled_meeting(persona)
    with time_machine.travel(speaking.written_deadline(meeting) + SECOND, tick=False):
        page = client.get(f"/meetings/{meeting.pk}/write/").text
    assert "Written comments for this meeting closed at" in page
    assert "Your text is kept below" not in page and 'name="form_token"' not in page


# --- The anonymous attendee profile (VIII) -----------------------------------------------------


def test_the_profile_is_taken_from_the_start_anonymously_and_every_answer_may_be_unsaid(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    url = f"/meetings/{meeting.pk}/about-you/"
    before = client.get(url).text
    assert "from the start of the meeting until a week after" in before
    assert f'href="{url}"' not in client.get(f"/meetings/{meeting.pk}/").text

    during = meeting.starts_at + datetime.timedelta(minutes=30)
    with time_machine.travel(during, tick=False):
        assert f'href="{url}"' in client.get(f"/meetings/{meeting.pk}/").text
    answers = {"age_band": "25_34", "race": "latino", "district": "17", "lived_experience": "yes"}
    response = submit(client, url, answers, at=during)
    assert response.status_code == 302 and response["Location"] == f"{url}?thanks=1"
    assert "Thank you" in client.get(response["Location"]).text
    unsaid = {"age_band": "", "race": "", "district": "", "lived_experience": ""}
    assert submit(client, url, unsaid, at=during + SECOND * 20).status_code == 302
    profiles = list(
        AttendeeProfile.objects.order_by("pk").values_list(
            "age_band", "race", "district", "lived_experience"
        )
    )
    assert profiles == [("25_34", "latino", 17, "yes"), ("", "", None, "")]


def test_the_profile_lists_the_22_districts_and_refuses_another(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    during = meeting.starts_at + datetime.timedelta(minutes=30)
    url = f"/meetings/{meeting.pk}/about-you/"
    with time_machine.travel(during, tick=False):
        page = client.get(url).text
    assert all(f'<option value="{d.number}">' in page for d in DISTRICTS)
    response = submit(client, url, {"district": "31", "age_band": "x"}, at=during)
    assert response.status_code == 400 and "Choose from the answers listed." in response.text
    assert AttendeeProfile.objects.count() == 0


# --- The calendar file --------------------------------------------------------------------------


def test_the_calendar_file_holds_the_meeting_in_chicago_time_RFC_5545(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    response = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode().replace("\r\n ", "")
    start = timezone.localtime(meeting.starts_at)
    assert "BEGIN:VEVENT" in text and f"UID:meeting-{meeting.pk}@" in text
    assert f"DTSTART;TZID=America/Chicago:{start:%Y%m%dT%H%M%S}" in text
    assert "TZID:America/Chicago" in text  # the zone's definition travels with the event
    assert "SUMMARY:Community conversation on foot pursuits" in text
    assert "LOCATION:Chicago Public Library\\, Harold Washington Library Center" in text
    assert "https://cityofchicago.zoom.us/j/83960230482" in text
    assert "312-626-6799\\, meeting ID 839 6023 0482" in text
    assert "STATUS:CONFIRMED" in text
    assert f"URL:http://testserver/meetings/{meeting.pk}/" in text


def test_a_cancelled_meetings_calendar_file_gives_no_way_to_join(
    client: Client, persona: Persona
) -> None:
    from townhall.meetings import services

    meeting = scheduled_meeting(persona)
    services.meeting_cancel(actor=persona("oee"), meeting=meeting, reason="Storm warning.")
    text = client.get(f"/meetings/{meeting.pk}/calendar.ics").content.decode()
    text = text.replace("\r\n ", "")
    assert "STATUS:CANCELLED" in text and "Storm warning." in text
    assert "zoom.us" not in text and "839 6023 0482" not in text
    api = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert (api["online_url"], api["call_in"]) == ("", "")


# --- The room's display of the public comment period -------------------------------------------


def test_display_state_json_has_the_shape_the_clock_script_reads_seed_000(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    items = item_ids(meeting)
    for n, name in enumerate(["Ana", "Ben", "Cy", "Dee", "Eve"]):
        speaking.speaker_request_submit(
            meeting=meeting,
            name=name,
            email=f"{name}@example.org",
            phone="",
            agenda_item_id=items[n % 2],
        )
    url = f"/meetings/{meeting.pk}/display/state.json"
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "phase": "before",
        "total_left": 1800,
        "speaker_left": None,
        "over": False,
        "speaker": None,
        "item": None,
        "next": ["Ana", "Ben", "Cy"],
        "waiting": 5,
    }
    oee = persona("oee")
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=5), tick=False):
        speaking.period_start(actor=oee, meeting=meeting)
        speaking.speaker_call(actor=oee, meeting=meeting)
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=6), tick=False):
        state = client.get(url).json()
        html = client.get(f"/meetings/{meeting.pk}/display/").text
    assert state == {
        "phase": "open",
        "total_left": 1740,
        "speaker_left": 120,
        "over": False,
        "speaker": "Ana",
        "item": "Welcome and the draft policy",
        "next": ["Ben", "Cy", "Dee"],
        "waiting": 4,
    }
    # Without JavaScript the page shows the same state when it loads.
    assert 'data-bind="speaker" data-empty="Nobody is speaking.">Ana<' in html
    assert 'data-bind="speaker_left" dir="ltr">02:00<' in html
    assert 'data-bind="total_left" dir="ltr">29:00<' in html
    assert "<li>Ben</li><li>Cy</li><li>Dee</li>" in html


def test_the_display_is_accessible_without_javascript_or_a_meta_refresh_WCAG_2_2_1(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    html = client.get(f"/meetings/{meeting.pk}/display/").text
    assert '<html lang="en" dir="ltr">' in html and 'class="skip-link"' in html
    assert f'data-period-state-url="/meetings/{meeting.pk}/display/state.json"' in html
    assert html.count('role="timer"') == 2
    assert html.count('aria-live="polite"') == 1 and "data-announce" in html
    for bind in ("phase", "speaker", "item", "speaker_left", "total_left", "next"):
        assert f'data-bind="{bind}"' in html, bind
    assert 'http-equiv="refresh"' not in html.lower()
    assert f'href="/meetings/{meeting.pk}/display/">Refresh</a>' in html
    assert "/static/townhall/meeting-clock.js" in html
    assert "The public comment period has not started yet." in html
    assert 'data-say-speaker="Now speaking: {name}"' in html


# --- The facilitators' notes (V-C-4) ------------------------------------------------------------


def test_a_facilitator_adds_notes_through_the_secret_link_and_they_join_the_pool_V_C_4(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    group = group_of(meeting, persona)
    prompt = meeting.prompts.get()
    url = f"/meetings/notes/{group.token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert '<meta name="robots" content="noindex">' in page.text
    assert "Notes of group 1" in page.text and "Dana" in page.text
    assert prompt.text in page.text and "General notes" in page.text

    too_early = client.post(url, {"prompt": str(prompt.pk), "text": "Chases for a stolen bike."})
    assert too_early.status_code == 409
    assert "once the meeting has started" in too_early.text
    assert "Chases for a stolen bike." in too_early.text

    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=40), tick=False):
        first = client.post(url, {"prompt": str(prompt.pk), "text": "Not for a stolen bike."})
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=50), tick=False):
        second = client.post(url, {"prompt": "", "text": "The group wants supervisors told."})
        listed = client.get(second["Location"]).text
    assert first.status_code == second.status_code == 302 and second["Location"] == url
    assert "Your notes are saved." in listed
    assert listed.index("The group wants supervisors told.") < listed.index(
        "Not for a stolen bike."
    )
    assert BreakoutNote.objects.count() == 2
    pool = selectors.engagement_pool(meeting.activity.engagement)
    assert pool.filter(text=f"{prompt.text}\n\nNot for a stolen bike.").exists()
    assert pool.filter(text="The group wants supervisors told.").exists()


def test_the_notes_page_is_404_for_an_unknown_link(client: Client, persona: Persona) -> None:
    scheduled_meeting(persona)
    assert client.get("/meetings/notes/not-a-token/").status_code == 404
    assert client.post("/meetings/notes/not-a-token/", {"text": "x"}).status_code == 404


def test_the_notes_form_keeps_the_text_when_nothing_or_a_bad_prompt_is_sent(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    group = group_of(meeting, persona)
    url = f"/meetings/notes/{group.token}/"
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=40), tick=False):
        empty = client.post(url, {"prompt": "", "text": "   "})
        bad = client.post(url, {"prompt": "abc", "text": "Kept text."})
    assert empty.status_code == 400 and "Write what the group said." in empty.text
    assert bad.status_code == 400 and "Choose one of this meeting" in bad.text
    assert "Kept text." in bad.text
    assert BreakoutNote.objects.count() == 0


# --- No page answers garbage with a server error -----------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("register/", {"name": "A", "email": "a@example.org", "needs": ["jetpack"]}),
        ("register/", {"name": "A" * 300, "email": "not-an-email"}),
        ("speak/", {"name": "A", "email": "a@example.org", "agenda_item": "abc"}),
        ("speak/", {"name": "A", "email": "", "phone": "12", "agenda_item": "999999"}),
        ("write/", {"body": "Text kept.", "agenda_item": "1; DROP TABLE"}),
        ("write/", {"body": "x" * 10_001}),
    ],
)
def test_garbage_input_is_a_clear_message_never_a_500(
    client: Client, persona: Persona, path: str, data: dict[str, Any]
) -> None:
    meeting = scheduled_meeting(persona)
    response = submit(client, f"/meetings/{meeting.pk}/{path}", data)
    assert response.status_code == 400
    assert 'id="error-summary"' in response.text
    assert not Registration.objects.exists() and not SpeakerRequest.objects.exists()
    assert not WrittenComment.objects.exists()


def test_a_form_without_its_token_or_answer_is_refused_with_the_text_kept(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    response = client.post(
        f"/meetings/{meeting.pk}/write/", {"body": "My comment, kept.", "agenda_item": ""}
    )
    assert response.status_code == 400 and "My comment, kept." in response.text
    assert WrittenComment.objects.count() == 0


def test_non_numeric_ids_in_urls_are_404(client: Client) -> None:
    for url in ("/meetings/abc/", "/meetings/abc/speak/", "/meetings/0/display/state.json"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/registration/%00/",
        "/meetings/registration/a%00b/cancel/",
        "/meetings/speak/S-%00/",
        "/meetings/written/%E2%80%AE/",
        "/meetings/notes/%00%00/",
        "/meetings/notes/" + "a" * 300 + "/",
    ],
)
def test_garbage_links_and_receipts_are_404_never_a_500(client: Client, url: str) -> None:
    # Django refuses a NUL in the path with 400 before any view; the rest is no such page.
    assert client.get(url).status_code in (400, 404)
    assert client.post(url, {"text": "x"}).status_code in (400, 404)


def test_after_the_meeting_the_cancel_link_offers_nothing_to_cancel(
    client: Client, persona: Persona
) -> None:
    meeting = scheduled_meeting(persona)
    register(client, meeting, "Ana Flores", "ana@example.org")
    ana = Registration.objects.get()
    url = f"/meetings/registration/{ana.token}/cancel/"
    with time_machine.travel(meeting.ends_at + SECOND, tick=False):
        page = client.get(url)
        refused = client.post(url)
    assert page.status_code == 200 and "there is nothing to cancel" in page.text
    assert "Yes, cancel my registration" not in page.text
    assert refused.status_code == 409 and "there is nothing to cancel" in refused.text
    ana.refresh_from_db()
    assert ana.status == Registration.Status.CONFIRMED
