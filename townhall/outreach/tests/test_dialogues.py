"""Dialogue requests (seed 002 V-C-10-b): anyone asks for a dialogue on a topic or a directive,
gets a receipt that cannot be guessed, and is told at each step; OEE schedules it into a
meeting, refers it, or declines it with a reason. Never deleted; no address of the sender."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed, ResubmittedChanged
from townhall.core.models import AuditEvent
from townhall.engagements.models import Topic
from townhall.meetings import services as meeting_services
from townhall.meetings.models import Meeting
from townhall.meetings.tests.factories import draft_meeting, scheduled_meeting
from townhall.outreach import dialogues
from townhall.outreach.dialogues import DialogueInvalid
from townhall.outreach.models import DialogueRequest

pytestmark = pytest.mark.django_db
S = DialogueRequest.Status
RECEIPT = r"D-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"


def _submit(**values: Any) -> dialogues.SubmitResult:
    data: dict[str, Any] = {
        "group_name": "Garfield Park Youth Leadership Circle",
        "contact_name": "Jalen Brooks",
        "email": "jalen.brooks@example.org",
        "phone": "773-555-0142",
        "subject": "School Resource Officers in our high schools",
        "group_size": 18,
        "district": 11,
        "preferred_dates": "A weekday after school, 4 to 6 p.m.",
        "dialogue_language": "en",
        "details": "We want to understand what officers may do inside a school.",
        "language": "en",
        **values,
    }
    return dialogues.dialogue_request_submit(**data)


@pytest.fixture
def item() -> DialogueRequest:
    return _submit().request


@pytest.fixture
def meeting(persona: Any, d22_draft: Any) -> Meeting:
    return scheduled_meeting(persona)


# --- Submission -----------------------------------------------------------------------------


def test_a_request_gets_a_random_receipt_and_is_acknowledged_after_commit_V_C_10_b(
    persona: Any, django_capture_on_commit_callbacks: Any
) -> None:
    oee = persona("oee")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = _submit()
        assert not mail.outbox  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    item = result.request
    assert result.created and item.status == S.RECEIVED
    assert re.fullmatch(RECEIPT, item.receipt)
    assert item.district == 11 and item.group_size == 18 and item.language == "en"
    to_requester = [m for m in mail.outbox if m.to == ["jalen.brooks@example.org"]]
    assert len(to_requester) == 1
    assert item.receipt in to_requester[0].subject
    assert f"/dialogue/{item.receipt}/" in to_requester[0].body
    # OEE hears of each new request, with a link to the staff page and no personal details.
    to_oee = [m for m in mail.outbox if oee.email in m.to]
    assert len(to_oee) == 1
    assert f"/staff/outreach/dialogues/{item.pk}/" in to_oee[0].body
    assert "jalen" not in to_oee[0].body.lower()


def test_a_web_submission_writes_no_audit_row(item: DialogueRequest) -> None:
    assert not AuditEvent.objects.filter(object_type="outreach.dialoguerequest").exists()


def test_receipts_are_not_guessable_and_read_the_way_people_type_them() -> None:
    receipts = {dialogues.new_receipt() for _ in range(200)}
    assert len(receipts) == 200 and all(re.fullmatch(RECEIPT, r) for r in receipts)
    assert dialogues.normalize_receipt("d-abcd-efgh-jk0o") == "D-ABCD-EFGH-JK00"
    assert dialogues.normalize_receipt("dabcdefghjk1l") == "D-ABCD-EFGH-JK11"


def test_an_individual_may_ask_without_a_group_V_C_10_b() -> None:
    item = _submit(group_name="", group_size=None, district=None).request
    assert item.group_name == "" and item.group_size is None and item.district is None


def test_the_subject_can_come_from_a_directive_or_a_topic(s04_versions: Any) -> None:
    by_number = _submit(subject="", directive_number="s04-01-02").request
    assert by_number.directive is not None and by_number.directive.number == "S04-01-02"
    assert by_number.subject.startswith("S04-01-02 ")
    schools = Topic.objects.get(slug="schools")
    by_topic = _submit(subject="", topic=schools).request
    assert by_topic.topic == schools and by_topic.subject == schools.name


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"contact_name": "  "}, "contact_name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "1" * 41}, "phone"),
        ({"subject": "", "directive_number": "", "topic": None}, "subject"),
        ({"subject": "x" * 301}, "subject"),
        ({"directive_number": "Z99-99"}, "directive"),
        ({"group_size": 0}, "group_size"),
        ({"district": 13}, "district"),
        ({"dialogue_language": "xx"}, "dialogue_language"),
        ({"details": "x" * 5001}, "details"),
        ({"preferred_dates": "x" * 1001}, "preferred_dates"),
    ],
)
def test_bad_input_is_refused_field_by_field(values: dict[str, Any], field: str) -> None:
    with pytest.raises(DialogueInvalid) as caught:
        _submit(**values)
    assert field in caught.value.errors
    assert not DialogueRequest.objects.exists()


def test_the_same_submission_twice_returns_the_same_receipt() -> None:
    first = _submit(idempotency_key="k1")
    again = _submit(idempotency_key="k1")
    assert first.created and not again.created
    assert first.request.receipt == again.request.receipt
    assert DialogueRequest.objects.count() == 1


def test_the_same_form_with_another_request_is_refused() -> None:
    _submit(idempotency_key="k1")
    with pytest.raises(ResubmittedChanged):
        _submit(idempotency_key="k1", details="Something else entirely.")
    assert DialogueRequest.objects.count() == 1


def test_the_page_language_is_kept_and_the_mail_links_in_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = _submit(language="es", dialogue_language="es").request
    assert item.language == "es" and item.dialogue_language == "es"
    sent = [m for m in mail.outbox if m.to == ["jalen.brooks@example.org"]][-1]
    assert f"/es/dialogue/{item.receipt}/" in sent.body
    assert _submit(language="xx", email="b@example.org").request.language == ""


def test_no_ip_address_or_user_agent_is_a_field_of_the_request() -> None:
    names = {f.name for f in DialogueRequest._meta.get_fields()}
    for forbidden in ("ip", "ip_address", "remote_addr", "user_agent", "client_key"):
        assert forbidden not in names


# --- Triage ---------------------------------------------------------------------------------


def test_oee_schedules_a_request_into_a_meeting_and_the_requester_is_told_V_C_10_b(
    persona: Any, item: DialogueRequest, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    oee = persona("oee")
    with django_capture_on_commit_callbacks(execute=True):
        dialogues.dialogue_request_schedule(
            actor=oee, dialogue_request=item, meeting=meeting, note="Bring your questions."
        )
    item.refresh_from_db()
    assert item.status == S.SCHEDULED and item.meeting == meeting
    assert item.decided_by == oee and item.decided_at is not None
    assert item.decision_note == "Bring your questions."
    event = AuditEvent.objects.get(action="dialogue_request.schedule")
    assert event.actor == oee and event.before is not None and event.after is not None
    assert event.before["status"] == "received" and event.after["meeting"] == meeting.pk
    sent = mail.outbox[-1]
    assert sent.to == ["jalen.brooks@example.org"] and item.receipt in sent.subject
    assert meeting.title in sent.body and "Bring your questions." in sent.body


def test_a_request_cannot_be_scheduled_into_a_cancelled_or_past_meeting(
    persona: Any, item: DialogueRequest, meeting: Meeting
) -> None:
    oee = persona("oee")
    meeting_services.meeting_cancel(actor=oee, meeting=meeting, reason="The venue closed.")
    meeting.refresh_from_db()
    with pytest.raises(DomainError, match="cancelled"):
        dialogues.dialogue_request_schedule(actor=oee, dialogue_request=item, meeting=meeting)
    past = draft_meeting(persona)
    Meeting.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    past.refresh_from_db()
    with pytest.raises(DomainError, match="over"):
        dialogues.dialogue_request_schedule(actor=oee, dialogue_request=item, meeting=past)
    item.refresh_from_db()
    assert item.status == S.RECEIVED
    assert (
        meeting not in dialogues.meetings_to_offer() and past not in dialogues.meetings_to_offer()
    )


def test_referring_needs_to_whom_and_tells_the_requester_V_C_10_b(
    persona: Any, item: DialogueRequest, django_capture_on_commit_callbacks: Any
) -> None:
    oee = persona("oee")
    with pytest.raises(DialogueInvalid) as caught:
        dialogues.dialogue_request_refer(actor=oee, dialogue_request=item, referred_to="  ")
    assert "referred_to" in caught.value.errors
    with django_capture_on_commit_callbacks(execute=True):
        dialogues.dialogue_request_refer(
            actor=oee,
            dialogue_request=item,
            referred_to="The 11th District Council",
            note="It meets monthly at the district station.",
        )
    item.refresh_from_db()
    assert item.status == S.REFERRED and item.referred_to == "The 11th District Council"
    assert AuditEvent.objects.filter(action="dialogue_request.refer").count() == 1
    assert "The 11th District Council" in mail.outbox[-1].body


def test_declined_request_needs_a_reason_V_C_10_b(
    persona: Any, item: DialogueRequest, django_capture_on_commit_callbacks: Any
) -> None:
    oee = persona("oee")
    with pytest.raises(DialogueInvalid) as caught:
        dialogues.dialogue_request_decline(actor=oee, dialogue_request=item, reason=" \n ")
    assert "reason" in caught.value.errors
    item.refresh_from_db()
    assert item.status == S.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):
        dialogues.dialogue_request_decline(
            actor=oee, dialogue_request=item, reason="A complaint about one stop goes to COPA."
        )
    item.refresh_from_db()
    assert item.status == S.DECLINED and item.decision_note.startswith("A complaint")
    assert AuditEvent.objects.filter(action="dialogue_request.decline").count() == 1
    assert "A complaint about one stop goes to COPA." in mail.outbox[-1].body
    assert item.receipt in mail.outbox[-1].subject


def test_a_referred_request_may_later_be_scheduled_V_C_10_b(
    persona: Any, item: DialogueRequest, meeting: Meeting
) -> None:
    oee = persona("oee")
    dialogues.dialogue_request_refer(actor=oee, dialogue_request=item, referred_to="CCPSA")
    dialogues.dialogue_request_schedule(actor=oee, dialogue_request=item, meeting=meeting)
    item.refresh_from_db()
    assert item.status == S.SCHEDULED and item.meeting == meeting
    assert item.referred_to == "CCPSA"  # the earlier referral stays on record


def _decide(how: str, actor: Any, item: DialogueRequest, meeting: Meeting) -> None:
    if how == "schedule":
        dialogues.dialogue_request_schedule(actor=actor, dialogue_request=item, meeting=meeting)
    elif how == "refer":
        dialogues.dialogue_request_refer(actor=actor, dialogue_request=item, referred_to="CCPSA")
    else:
        dialogues.dialogue_request_decline(actor=actor, dialogue_request=item, reason="No.")


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("schedule", "schedule"),
        ("schedule", "refer"),
        ("schedule", "decline"),
        ("refer", "refer"),
        ("refer", "decline"),
        ("decline", "schedule"),
        ("decline", "refer"),
        ("decline", "decline"),
    ],
)
def test_a_decided_request_is_not_decided_again_V_C_10_b(
    persona: Any, item: DialogueRequest, meeting: Meeting, first: str, then: str
) -> None:
    oee = persona("oee")
    _decide(first, oee, item, meeting)
    item.refresh_from_db()
    status = item.status
    with pytest.raises(IllegalTransition):
        _decide(then, oee, item, meeting)
    item.refresh_from_db()
    assert item.status == status
    assert AuditEvent.objects.filter(object_type="outreach.dialoguerequest").count() == 1


@pytest.mark.parametrize("key", ["rd", "communications", "ocpr", "department_member"])
def test_only_oee_and_administrators_decide_V_C_10_b(
    persona: Any, item: DialogueRequest, meeting: Meeting, key: str
) -> None:
    for how in ("schedule", "refer", "decline"):
        with pytest.raises(NotAllowed):
            _decide(how, persona(key), item, meeting)
    _decide("refer", persona("admin"), item, meeting)
    item.refresh_from_db()
    assert item.status == S.REFERRED


def test_the_queue_counts_every_status(persona: Any, meeting: Meeting) -> None:
    oee = persona("oee")
    first = _submit().request
    _submit(email="b@example.org")
    dialogues.dialogue_request_decline(actor=oee, dialogue_request=first, reason="Out of scope.")
    assert dialogues.dialogue_status_counts() == {
        "received": 1,
        "scheduled": 0,
        "referred": 0,
        "declined": 1,
    }
    assert list(dialogues.dialogue_requests(status="declined")) == [first]


# --- Demo -----------------------------------------------------------------------------------


def test_the_demo_makes_three_requests_in_different_states_and_is_idempotent(
    persona: Any, d22_draft: Any
) -> None:
    from townhall.conftest import demo_text
    from townhall.directives.services import directive_version_import
    from townhall.engagements import services as engagement_services
    from townhall.engagements.models import Activity
    from townhall.engagements.tests.helpers import determined
    from townhall.outreach.demo_dialogues import load_dialogue_demo

    for number, name in (
        ("G03-07", "G03-07/G03-07__issued-2021-05-26__effective-2021-06-11.txt"),
        ("S04-01-02", "S04-01-02/S04-01-02__issued-2019-08-29__effective-2019-08-29.txt"),
        ("G02-02", "G02-02/G02-02__issued-2021-04-13__effective-2021-04-13.txt"),
    ):
        directive_version_import(text=demo_text(f"key_versions/{name}"), number_hint=number)
    from townhall.directives.models import Directive

    engagement = determined(
        persona, 3, about={"directive": Directive.objects.get(number="G03-07")}, title="Foot"
    )
    activity = engagement_services.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method=Activity.Method.COMMUNITY_CONVERSATION,
    )
    conversation = draft_meeting(persona, activity=activity)

    assert load_dialogue_demo() == 3
    assert load_dialogue_demo() == 0
    items = {r.district: r for r in DialogueRequest.objects.all()}
    assert set(items) == {10, 11, 24}
    youth, parents, interfaith = items[11], items[10], items[24]
    assert youth.status == S.RECEIVED and youth.directive is not None
    assert youth.directive.number == "S04-01-02"
    assert parents.status == S.SCHEDULED and parents.meeting == conversation
    assert parents.language == "es" and parents.dialogue_language == "es"
    assert interfaith.status == S.REFERRED and interfaith.referred_to
    assert AuditEvent.objects.filter(object_type="outreach.dialoguerequest").count() == 2
