"""The public form to ask for a dialogue (V-C-10-b) with the comment form's protection, its
receipt page and lookup, and the staff queue where OEE schedules, refers or declines."""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from townhall.core.models import AuditEvent
from townhall.feedback.tests.helpers import form_fields, solve
from townhall.meetings.models import Meeting
from townhall.meetings.tests.factories import scheduled_meeting
from townhall.outreach import dialogues
from townhall.outreach.models import DialogueRequest

pytestmark = pytest.mark.django_db
URL = "/dialogue/"
STAFF = "/staff/outreach/dialogues/"
FIELDS = {
    "group_name": "Garfield Park Youth Leadership Circle",
    "contact_name": "Jalen Brooks",
    "email": "jalen.brooks@example.org",
    "phone": "773-555-0142",
    "subject": "School Resource Officers in our high schools",
    "group_size": "18",
    "district": "11",
    "preferred_dates": "A weekday after school, 4 to 6 p.m.",
    "dialogue_language": "en",
    "details": "We want to understand what officers may do inside a school.",
}


def _later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=10)


def post_request(client: Client, *, wait: bool = True, url: str = URL, **data: Any) -> Any:
    """GET the form, then POST it the way a browser without JavaScript does."""
    fields = form_fields(client.get(url).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields, **data}
    if not wait:
        return client.post(url, payload)
    with time_machine.travel(_later(), tick=True):
        return client.post(url, payload)


# --- The public form ------------------------------------------------------------------------


def test_the_form_works_without_javascript_and_lists_registry_numbers_V_C_10_b(
    client: Client, s04_versions: Any
) -> None:
    page = client.get(URL)
    assert page.status_code == 200
    html = page.text
    for marker in (
        'name="form_token"',
        'name="pow_nonce"',
        'name="website"',
        "data-pow-fallback",
        'list="directive-numbers"',
        '<option value="S04-01-02">',
        "Schools and School Resource Officers",  # a topic to choose
        'value="es"',  # the language of the dialogue
        "<legend>",
        'href="/dialogue/follow/"',
    ):
        assert marker in html, marker
    assert "<script>" not in html and "style=" not in html  # strict CSP: nothing inline


def test_get_involved_links_to_the_dialogue_form(client: Client) -> None:
    assert 'href="/dialogue/"' in client.get("/get-involved/").text


def test_a_group_asks_for_a_dialogue_and_follows_it_by_receipt_V_C_10_b(
    client: Client, persona: Any, django_capture_on_commit_callbacks: Any
) -> None:
    oee = persona("oee")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client, directive="")
    assert response.status_code == 302
    item = DialogueRequest.objects.get()
    assert response["Location"] == f"{URL}{item.receipt}/?new=1"
    assert item.district == 11 and item.group_size == 18 and item.language == "en"
    assert re.fullmatch(r"D-\w{4}-\w{4}-\w{4}", item.receipt)
    assert {tuple(m.to) for m in mail.outbox} == {("jalen.brooks@example.org",), (oee.email,)}
    page = client.get(response["Location"]).text
    assert item.receipt in page and "Garfield Park Youth Leadership Circle" in page
    assert "Received" in page
    # Nothing that identifies the person is on the receipt page.
    for private in ("Jalen Brooks", "jalen.brooks@example.org", "773-555-0142", "inside a school"):
        assert private not in page
    # The lookup takes the receipt as people type it.
    looked = client.get(f"{URL}follow/", {"receipt": item.receipt.lower().replace("-", "")})
    assert looked.status_code == 302 and looked["Location"] == f"{URL}{item.receipt}/"


def test_a_request_from_the_spanish_page_keeps_spanish_and_is_answered_by_mail(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client, url="/es/dialogue/", dialogue_language="es")
    item = DialogueRequest.objects.get()
    assert item.language == "es" and item.dialogue_language == "es"
    assert response["Location"] == f"/es/dialogue/{item.receipt}/?new=1"
    sent = [m for m in mail.outbox if m.to == ["jalen.brooks@example.org"]]
    assert len(sent) == 1 and f"/es/dialogue/{item.receipt}/" in sent[0].body


def test_double_submitted_form_gives_one_request_and_the_same_receipt(client: Client) -> None:
    fields = form_fields(client.get(URL).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields}
    with time_machine.travel(_later(), tick=True):
        first = client.post(URL, payload)
        second = client.post(URL, payload)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert DialogueRequest.objects.count() == 1


def test_the_same_form_with_another_request_is_refused_with_the_text_kept(client: Client) -> None:
    fields = form_fields(client.get(URL).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields}
    with time_machine.travel(_later(), tick=True):
        client.post(URL, payload)
        changed = client.post(URL, {**payload, "details": "A different request altogether."})
    assert changed.status_code == 409 and "A different request altogether." in changed.text
    assert DialogueRequest.objects.count() == 1


def test_honeypot_too_fast_and_missing_challenge_are_refused_with_the_text_kept(
    client: Client,
) -> None:
    honeypot = post_request(client, website="http://spam.example")
    assert honeypot.status_code == 400 and "Garfield Park Youth Leadership Circle" in honeypot.text
    too_fast = post_request(client, wait=False)
    assert too_fast.status_code == 400 and "quicker than we expected" in too_fast.text
    no_answer = post_request(client, challenge_answer="")
    assert no_answer.status_code == 400 and "inside a school" in no_answer.text
    assert not DialogueRequest.objects.exists()


@override_settings(TOWNHALL_DIALOGUE_RATE_LIMIT=2)
def test_rate_limit_answers_429_with_retry_after_and_keeps_the_text(client: Client) -> None:
    for i in range(2):
        assert post_request(client, email=f"p{i}@example.org").status_code == 302
    response = post_request(client, group_name="One too many")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "One too many" in response.text


def test_bad_input_is_a_400_with_every_problem_and_everything_typed_kept(client: Client) -> None:
    response = post_request(
        client, contact_name="", email="jalen at example", subject="", directive="Z99-99"
    )
    assert response.status_code == 400
    html = response.text
    assert 'class="error-summary"' in html
    assert "Give your name" in html
    assert "Enter a valid email address" in html
    assert "There is no directive Z99-99 in the registry" in html
    for typed in ("Garfield Park Youth Leadership Circle", "jalen at example", "Z99-99", "4 to 6"):
        assert typed in html, typed
    assert re.search(r'value="11"[^>]*selected', html)  # the district chosen stays chosen
    assert 'href="#id_email"' in html  # the summary links to the field
    tampered = post_request(client, district="13", group_size="lots", contact_name="")
    assert tampered.status_code == 400
    assert "Choose a district from the list." in tampered.text
    assert "Give the number of people as a whole number." in tampered.text
    assert "Give your name" in tampered.text  # the service's problems are listed too
    assert "Garfield Park Youth Leadership Circle" in tampered.text and "lots" in tampered.text
    assert not DialogueRequest.objects.exists()


def test_no_ip_address_or_user_agent_is_stored_or_logged(client: Client, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    post_request(client, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 TestAgent")
    item = DialogueRequest.objects.get()
    stored = " ".join(str(getattr(item, f.attname)) for f in DialogueRequest._meta.concrete_fields)
    for secret in ("203.0.113.77", "TestAgent"):
        assert secret not in stored and secret not in caplog.text


def test_an_unknown_receipt_is_not_found_and_the_lookup_says_so(client: Client) -> None:
    assert client.get(f"{URL}D-0000-0000-0000/").status_code == 404
    looked = client.get(f"{URL}follow/", {"receipt": "D-0000-0000-0000"})
    assert looked.status_code == 404 and "No request has this receipt number" in looked.text
    assert 'value="D-0000-0000-0000"' in looked.text
    assert client.get(f"{URL}follow/").status_code == 200


# --- The receipt page once decided ----------------------------------------------------------


def _item(**values: Any) -> DialogueRequest:
    data: dict[str, Any] = {
        "group_name": "Padres Unidos de La Villita",
        "contact_name": "María Guadalupe Torres",
        "email": "mg.torres@example.org",
        "subject": "Foot pursuits near schools",
        "district": 10,
        "dialogue_language": "es",
        "details": "Queremos hablar sobre persecuciones a pie.",
        **values,
    }
    return dialogues.dialogue_request_submit(**data).request


@pytest.fixture
def item() -> DialogueRequest:
    return _item()


@pytest.fixture
def meeting(persona: Any, d22_draft: Any) -> Meeting:
    return scheduled_meeting(persona)


def test_the_receipt_shows_the_meeting_with_a_link_to_its_public_page(
    client: Client, persona: Any, item: DialogueRequest, meeting: Meeting
) -> None:
    dialogues.dialogue_request_schedule(
        actor=persona("oee"), dialogue_request=item, meeting=meeting, note="Mesa en español."
    )
    page = client.get(f"{URL}{item.receipt}/").text
    assert "Meeting scheduled" in page and meeting.title in page and "Mesa en español." in page
    assert f'href="/meetings/{meeting.pk}/"' in page


def test_the_receipt_shows_where_it_was_referred_or_why_it_was_declined(
    client: Client, persona: Any, item: DialogueRequest
) -> None:
    oee = persona("oee")
    dialogues.dialogue_request_refer(
        actor=oee, dialogue_request=item, referred_to="The 10th District Council", note="Monthly."
    )
    page = client.get(f"{URL}{item.receipt}/").text
    assert "Referred" in page and "The 10th District Council" in page and "Monthly." in page
    other = _item(email="other@example.org")
    dialogues.dialogue_request_decline(
        actor=oee, dialogue_request=other, reason="Complaints about one stop go to COPA."
    )
    page = client.get(f"{URL}{other.receipt}/").text
    assert "Declined" in page and "Complaints about one stop go to COPA." in page


# --- Staff ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["oee", "admin"])
def test_oee_and_administrators_see_the_queue_with_counts_and_contact_details(
    client_as: Any, item: DialogueRequest, key: str
) -> None:
    client = client_as(key)
    listing = client.get(STAFF)
    assert listing.status_code == 200
    assert "Foot pursuits near schools" in listing.text
    assert re.search(r'data-count="received">\(1\)', listing.text)
    filtered = client.get(STAFF, {"status": "declined"}).text
    assert "Foot pursuits near schools" not in filtered
    assert client.get(STAFF, {"status": "nonsense"}).status_code == 200
    detail = client.get(f"{STAFF}{item.pk}/").text
    assert "mg.torres@example.org" in detail and "persecuciones a pie" in detail
    assert "Decline the request" in detail and "Refer the request" in detail


@pytest.mark.parametrize("key", ["rd", "communications", "training", "pscd"])
def test_other_staff_are_refused_the_queue_V_C_10_b(
    client_as: Any, item: DialogueRequest, key: str
) -> None:
    client = client_as(key)
    assert client.get(STAFF).status_code == 403
    assert client.get(f"{STAFF}{item.pk}/").status_code == 403
    response = client.post(f"{STAFF}{item.pk}/decline/", {"d-reason": "No."})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == DialogueRequest.Status.RECEIVED


def test_a_department_member_is_refused_and_a_resident_is_sent_to_sign_in(
    client_as: Any, item: DialogueRequest
) -> None:
    member = client_as("department_member")
    assert member.get(STAFF).status_code == 403
    assert member.post(f"{STAFF}{item.pk}/refer/", {"r-referred_to": "X"}).status_code == 403
    resident = client_as(None)
    for response in (
        resident.get(STAFF),
        resident.get(f"{STAFF}{item.pk}/"),
        resident.post(f"{STAFF}{item.pk}/decline/", {"d-reason": "No."}),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    item.refresh_from_db()
    assert item.status == DialogueRequest.Status.RECEIVED


def test_ocpr_reads_the_queue_but_neither_decides_nor_sees_contact_details(
    client_as: Any, item: DialogueRequest
) -> None:
    client = client_as("ocpr")
    detail = client.get(f"{STAFF}{item.pk}/")
    assert detail.status_code == 200 and "Foot pursuits near schools" in detail.text
    assert "mg.torres@example.org" not in detail.text
    assert "Decline the request" not in detail.text
    assert client.post(f"{STAFF}{item.pk}/decline/", {"d-reason": "No."}).status_code == 403


def test_oee_schedules_from_the_page_among_upcoming_meetings(
    client_as: Any,
    persona: Any,
    item: DialogueRequest,
    meeting: Meeting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_as("oee")
    page = client.get(f"{STAFF}{item.pk}/").text
    assert meeting.title in page and f'value="{meeting.pk}"' in page
    missing = client.post(f"{STAFF}{item.pk}/schedule/", {"s-meeting": "", "s-note": "Kept."})
    assert missing.status_code == 400
    assert "Choose the meeting" in missing.text and "Kept." in missing.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"{STAFF}{item.pk}/schedule/", {"s-meeting": str(meeting.pk), "s-note": ""}, follow=True
        )
    assert "The meeting is scheduled" in done.text
    item.refresh_from_db()
    assert item.status == DialogueRequest.Status.SCHEDULED and item.meeting == meeting
    assert mail.outbox[-1].to == ["mg.torres@example.org"]
    assert AuditEvent.objects.filter(action="dialogue_request.schedule").exists()


def test_referring_and_declining_from_the_page_need_their_text_and_keep_it(
    client_as: Any, item: DialogueRequest
) -> None:
    client = client_as("oee")
    refused = client.post(f"{STAFF}{item.pk}/refer/", {"r-referred_to": " ", "r-note": "Kept note"})
    assert refused.status_code == 400
    assert "Say to whom the request is referred" in refused.text and "Kept note" in refused.text
    no_reason = client.post(f"{STAFF}{item.pk}/decline/", {"d-reason": "  "})
    assert no_reason.status_code == 400 and "Say why the request is declined" in no_reason.text
    done = client.post(
        f"{STAFF}{item.pk}/decline/", {"d-reason": "Complaints go to COPA."}, follow=True
    )
    assert "The request was declined" in done.text
    item.refresh_from_db()
    assert item.status == DialogueRequest.Status.DECLINED
    # Decided: the forms are gone, and a second decision is refused with a message.
    again = client.post(f"{STAFF}{item.pk}/refer/", {"r-referred_to": "CCPSA"}, follow=True)
    assert "it cannot be changed that way" in again.text
    assert "Refer the request" not in again.text
    item.refresh_from_db()
    assert item.status == DialogueRequest.Status.DECLINED


def test_staff_actions_take_post_only(client_as: Any, item: DialogueRequest) -> None:
    client = client_as("oee")
    for action in ("schedule", "refer", "decline"):
        assert client.get(f"{STAFF}{item.pk}/{action}/").status_code == 405
