"""Writes of bodies: the body and its seats, the public call and its applications, and who may
make them (seed 002 V-C-1 advisory committees, V-C-11 working groups; seed 000, the School
Resource Officer Community Working Group). Selection, members and terms: test_members.py."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db.models import Model
from django.utils import timezone

from townhall.accounts.demo import ensure_persona
from townhall.accounts.models import Role, User
from townhall.accounts.personas import Persona as PersonaSpec
from townhall.bodies import recruitment, services
from townhall.bodies.models import Application, Body, Call, Member
from townhall.bodies.tests import factories as f
from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements.models import Topic
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
RECEIPT = re.compile(r"^A-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
WHY = "My son was handcuffed at school in 2019 and nobody explained why to us."


def _audit(action: str, obj: Model | None = None) -> AuditEvent:
    events = AuditEvent.objects.filter(action=action)
    if obj is not None:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    event = events.first()
    assert event is not None, f"no audit row {action}"
    return event


def _detectives() -> User:
    """An originating unit other than the one convening the SRO working group."""
    return ensure_persona(
        PersonaSpec(
            "detectives",
            "detectives.unit",
            "Paul",
            "Novak",
            (Role.ORIGINATING_UNIT, Role.DEPARTMENT_MEMBER),
            unit_name="Bureau of Detectives",
        )
    )


def _errors(excinfo: pytest.ExceptionInfo[services.BodyInvalid]) -> set[str]:
    return set(excinfo.value.errors)


# -- Creating a body ---------------------------------------------------------------------------


def test_working_group_is_created_forming_with_an_audit_row_V_C_11(persona: Persona) -> None:
    engagement = determined(persona, 3)
    topic = Topic.objects.create(name="Youth")
    body = services.body_create(
        actor=persona("oee"), details=f.details(engagements=[engagement], topics=[topic])
    )
    assert body.status == Body.Status.FORMING and body.published_at is None
    assert body.kind == Body.Kind.WORKING_GROUP and body.seats == 5
    assert body.convening_unit == "Bureau of Patrol"
    assert list(body.engagements.all()) == [engagement]
    assert list(body.topics.all()) == [topic]
    event = _audit("body.create", body)
    assert event.actor == persona("oee")
    assert event.after is not None and event.after["slug"] == "sro-working-group"


def test_working_group_needs_conclusion_date_V_C_11(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.body_create(actor=persona("oee"), details=f.details(concludes_on=None))
    assert "V-C-11" in excinfo.value.errors["concludes_on"]
    assert not Body.objects.exists()


def test_working_group_conclusion_date_must_be_in_the_future_V_C_11(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.body_create(
            actor=persona("oee"), details=f.details(concludes_on=timezone.localdate())
        )
    assert _errors(excinfo) == {"concludes_on"}


def test_advisory_committee_has_no_conclusion_date_V_C_1(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.body_create(
            actor=persona("oee"),
            details=f.details(kind=Body.Kind.ADVISORY_COMMITTEE, term_months=24),
        )
    assert "V-C-1" in excinfo.value.errors["concludes_on"]


def test_working_group_has_no_term_length_its_members_serve_until_it_concludes_V_C_11(
    persona: Persona,
) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.body_create(actor=persona("oee"), details=f.details(term_months=24))
    assert _errors(excinfo) == {"term_months"}


def test_turnover_seats_cannot_exceed_the_seats_V_C_1(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        f.advisory_committee(persona, seats=12, turnover_seats=13)
    assert _errors(excinfo) == {"turnover_seats"}


def test_turnover_needs_a_term_length_V_C_1(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        f.advisory_committee(persona, term_months=None, turnover_seats=6)
    assert "turnover_seats" in _errors(excinfo)


def test_advisory_committee_rotating_on_a_set_timeline_is_accepted_V_C_1(
    persona: Persona,
) -> None:
    body = f.advisory_committee(persona)
    assert body.concludes_on is None
    assert (body.term_months, body.turnover_seats, body.turnover_every_months) == (24, 6, 12)
    assert body.rotates and body.status == Body.Status.ACTIVE


def test_slug_is_unique_and_made_from_the_name_when_blank(persona: Persona) -> None:
    f.working_group(persona)
    with pytest.raises(services.BodyInvalid) as excinfo:
        f.working_group(persona, name="Another group")
    assert _errors(excinfo) == {"slug"}
    other = f.working_group(persona, name="Use of Force Working Group", slug="")
    assert other.slug == "use-of-force-working-group"


def test_another_kind_of_group_needs_its_name(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        f.working_group(persona, kind=Body.Kind.OTHER, concludes_on=None)
    assert _errors(excinfo) == {"other_kind"}
    body = f.working_group(
        persona, kind=Body.Kind.OTHER, concludes_on=None, other_kind="  Youth   council "
    )
    assert body.kind_label == "Youth council"


def test_an_originating_unit_that_convenes_needs_its_name(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        f.working_group(persona, convening_unit="  ")
    assert _errors(excinfo) == {"convening_unit"}


def test_field_errors_of_a_body_are_listed_together(persona: Persona) -> None:
    with pytest.raises(services.BodyInvalid) as excinfo:
        f.working_group(
            persona,
            name="",
            slug="",
            purpose="  ",
            seats=0,
            quorum_percent=0,
            threshold="unanimity",
            district=99,
        )
    assert {"name", "slug", "purpose", "seats", "quorum_percent", "threshold", "district"} <= (
        _errors(excinfo)
    )


def test_training_division_creates_only_bodies_it_convenes_V_C_1(persona: Persona) -> None:
    training = persona("training")
    tcac = services.body_create(
        actor=training,
        details=f.details(
            kind=Body.Kind.ADVISORY_COMMITTEE,
            name="Training Community Advisory Committee",
            slug="tcac",
            purpose=f.TCAC_PURPOSE,
            convening_role=Role.TRAINING,
            convening_unit="",
            concludes_on=None,
            term_months=24,
        ),
    )
    assert tcac.convening_role == Role.TRAINING
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.body_create(actor=training, details=f.details())  # convened by Patrol
    assert _errors(excinfo) == {"convening_role"}


def test_communications_cannot_create_bodies(persona: Persona) -> None:
    with pytest.raises(NotAllowed):
        services.body_create(actor=persona("communications"), details=f.details())
    assert not AuditEvent.objects.filter(action="body.create").exists()


# -- Updating, publishing and concluding -------------------------------------------------------


def test_body_update_records_only_what_changed(persona: Persona) -> None:
    body = f.working_group(persona)
    changed = services.body_update(
        actor=persona("originating_unit"),
        body=body,
        details=f.details(seats=7, concludes_on=body.concludes_on),
    )
    assert changed.seats == 7
    event = _audit("body.update", body)
    assert event.before == {"seats": 5} and event.after == {"seats": 7}
    assert event.actor == persona("originating_unit")


def test_body_update_keeps_a_past_conclusion_date_it_already_had_V_C_11(
    persona: Persona,
) -> None:
    body = f.working_group(persona)
    assert body.concludes_on is not None
    with time_machine.travel(body.concludes_on + datetime.timedelta(days=3), tick=False):
        updated = services.body_update(
            actor=persona("oee"),
            body=body,
            details=f.details(concludes_on=body.concludes_on, purpose=f.SRO_PURPOSE + " Updated."),
        )
    assert updated.purpose.endswith("Updated.")


def test_body_update_is_refused_once_the_body_concluded(persona: Persona) -> None:
    body = f.working_group(persona)
    services.body_conclude(actor=persona("oee"), body=body, reason="The report is delivered.")
    body.refresh_from_db()
    with pytest.raises(IllegalTransition):
        services.body_update(
            actor=persona("oee"), body=body, details=f.details(concludes_on=body.concludes_on)
        )


def test_body_publish_puts_it_on_the_public_pages_once(persona: Persona) -> None:
    body = f.working_group(persona, publish=False)
    published = services.body_publish(actor=persona("oee"), body=body)
    assert published.status == Body.Status.ACTIVE and published.published_at is not None
    assert _audit("body.publish", body).after == {"status": "active"}
    with pytest.raises(IllegalTransition):
        services.body_publish(actor=persona("oee"), body=published)


def test_body_conclude_needs_a_reason_V_C_11(persona: Persona) -> None:
    body = f.working_group(persona)
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.body_conclude(actor=persona("oee"), body=body, reason="   ")
    assert _errors(excinfo) == {"reason"}


def test_body_conclude_ends_the_terms_and_closes_the_open_call_V_C_11(persona: Persona) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    serving = f.members(persona, body, 2)
    left = f.members(persona, body, 1, name="Ana Left", email="ana.left@example.org")[0]
    services.member_end(actor=persona("oee"), member=left, reason="Moved away.", left=True)
    reason = "The working group delivered its report and concludes."
    concluded = services.body_conclude(actor=persona("oee"), body=body, reason=reason)
    assert concluded.status == Body.Status.CONCLUDED and concluded.concluded_at is not None
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED and call.closed_at == concluded.concluded_at
    for member in serving:
        member.refresh_from_db()
        assert member.status == Member.Status.ENDED
        assert member.ended_on == timezone.localdate() and member.end_reason == reason
    left.refresh_from_db()
    assert left.status == Member.Status.LEFT and left.end_reason == "Moved away."
    assert _audit("body.conclude", body).note == reason
    # A concluded body recruits no one and takes no new members.
    with pytest.raises(IllegalTransition):
        recruitment.call_create(
            actor=persona("oee"),
            body=concluded,
            title="More volunteers",
            text=f.CALL_TEXT,
            seats_sought=1,
            closes_at=timezone.now() + datetime.timedelta(days=7),
        )
    with pytest.raises(IllegalTransition):
        f.members(persona, concluded, 1)
    with pytest.raises(IllegalTransition):
        services.body_conclude(actor=persona("oee"), body=concluded, reason=reason)


def test_body_conclude_is_refused_while_a_ballot_is_open(persona: Persona) -> None:
    body = f.working_group(persona)
    members = f.members(persona, body, 3)
    f.voting_window(persona, f.drafted(members[0]))
    with pytest.raises(IllegalTransition, match="ballot"):
        services.body_conclude(actor=persona("oee"), body=body, reason="Out of time.")
    body.refresh_from_db()
    assert body.status == Body.Status.ACTIVE


def test_a_forming_body_cannot_conclude(persona: Persona) -> None:
    body = f.working_group(persona, publish=False)
    with pytest.raises(IllegalTransition):
        services.body_conclude(actor=persona("oee"), body=body, reason="Never started.")


# -- Seats -------------------------------------------------------------------------------------


def test_seat_groups_cannot_hold_more_seats_than_the_body(persona: Persona) -> None:
    body = f.working_group(persona)  # 5 seats
    youth = services.seat_add(
        actor=persona("oee"),
        body=body,
        label="Youth (ages 16 to 24)",
        reserved_for="Students and recent graduates of Chicago Public Schools",
        count=3,
    )
    assert youth.count == 3
    assert _audit("body.seat_add", body).after == {
        "seat": "Youth (ages 16 to 24)",
        "count": 3,
        "reserved_for": "Students and recent graduates of Chicago Public Schools",
    }
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.seat_add(
            actor=persona("oee"), body=body, label="Parents", reserved_for="", count=3
        )
    assert "2 are not yet grouped" in excinfo.value.errors["count"]
    services.seat_add(actor=persona("oee"), body=body, label="Parents", reserved_for="", count=2)
    assert body.seat_groups.count() == 2


def test_a_seat_group_needs_a_label_and_a_count(persona: Persona) -> None:
    body = f.working_group(persona)
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.seat_add(actor=persona("oee"), body=body, label=" ", reserved_for="", count=0)
    assert _errors(excinfo) == {"label", "count"}


# -- Calls ------------------------------------------------------------------------------------


def _call(persona: Persona, body: Body, **overrides: Any) -> Call:
    values: dict[str, Any] = {
        "title": "Volunteers wanted",
        "text": f.CALL_TEXT,
        "seats_sought": 3,
        "closes_at": timezone.now() + datetime.timedelta(days=14),
    }
    values.update(overrides)
    return recruitment.call_create(actor=persona("oee"), body=body, **values)


def test_call_create_checks_its_fields_together(persona: Persona) -> None:
    body = f.working_group(persona)
    with pytest.raises(services.BodyInvalid) as excinfo:
        _call(
            persona,
            body,
            title=" ",
            text="",
            seats_sought=6,
            closes_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    assert _errors(excinfo) == {"title", "text", "seats_sought", "closes_at"}


def test_a_call_opens_only_once_the_body_is_published(persona: Persona) -> None:
    body = f.working_group(persona, publish=False)
    call = _call(persona, body)
    assert call.status == Call.Status.DRAFT
    assert _audit("call.create", call).after is not None
    with pytest.raises(IllegalTransition, match="Publish the body first"):
        recruitment.call_open(actor=persona("oee"), call=call)
    services.body_publish(actor=persona("oee"), body=body)
    opened = recruitment.call_open(actor=persona("oee"), call=call)
    assert opened.status == Call.Status.OPEN and opened.opened_at is not None
    assert _audit("call.open", call).after == {"status": "open"}


def test_a_call_cannot_be_opened_twice(persona: Persona) -> None:
    call = f.open_call(persona, f.working_group(persona))
    with pytest.raises(IllegalTransition):
        recruitment.call_open(actor=persona("oee"), call=call)


def test_a_call_past_its_closing_time_cannot_open(persona: Persona) -> None:
    body = f.working_group(persona)
    call = _call(persona, body)
    with time_machine.travel(call.closes_at + datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(IllegalTransition):
            recruitment.call_open(actor=persona("oee"), call=call)


def test_call_close_closes_an_open_call_only(persona: Persona) -> None:
    body = f.working_group(persona)
    draft = _call(persona, body)
    with pytest.raises(IllegalTransition):
        recruitment.call_close(actor=persona("oee"), call=draft)
    call = f.open_call(persona, body)
    closed = recruitment.call_close(actor=persona("originating_unit"), call=call)
    assert closed.status == Call.Status.CLOSED and closed.closed_at is not None
    event = _audit("call.close", call)
    assert event.actor == persona("originating_unit")
    with pytest.raises(IllegalTransition):
        recruitment.call_close(actor=persona("oee"), call=closed)


def test_calls_close_due_closes_each_call_once(persona: Persona) -> None:
    body = f.working_group(persona)
    due = f.open_call(persona, body)
    later = f.open_call(persona, body, closes_at=timezone.now() + datetime.timedelta(days=30))
    with time_machine.travel(due.closes_at, tick=False):
        assert recruitment.calls_close_due() == 1
        assert recruitment.calls_close_due() == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Call.Status.CLOSED and later.status == Call.Status.OPEN
    event = _audit("call.close", due)
    assert event.actor is None and event.actor_label == "worker"


# -- Applications -----------------------------------------------------------------------------


def test_application_field_errors_are_listed_together(persona: Persona) -> None:
    call = f.open_call(persona, f.working_group(persona))
    other_seat = services.seat_add(
        actor=persona("oee"),
        body=f.advisory_committee(persona),
        label="Youth",
        reserved_for="",
        count=2,
    )
    with pytest.raises(recruitment.ApplicationInvalid) as excinfo:
        recruitment.application_submit(
            call=call,
            name=" ",
            email="jasmine at example",
            why="",
            district=99,
            seat=other_seat,
            age_band="ancient",
            race="martian",
        )
    assert _errors(excinfo) == {"name", "email", "why", "district", "seat", "age_band", "race"}
    assert not Application.objects.exists()


def test_application_to_a_closed_call_is_refused(persona: Persona) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    with time_machine.travel(call.closes_at, tick=False):  # due, not yet closed by the worker
        with pytest.raises(IllegalTransition, match="closed"):
            f.apply(call)
    recruitment.call_close(actor=persona("oee"), call=call)
    call.refresh_from_db()
    with pytest.raises(IllegalTransition):
        f.apply(call)
    assert not Application.objects.exists()


def test_one_application_per_email_per_call(persona: Persona) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    f.apply(call)
    with pytest.raises(recruitment.ApplicationInvalid) as excinfo:
        f.apply(call, name="Jasmine C.", why="Applying again.")
    assert _errors(excinfo) == {"email"}
    assert call.applications.count() == 1
    # The same person may apply to the next call.
    recruitment.call_close(actor=persona("oee"), call=call)
    f.apply(f.open_call(persona, body))
    assert Application.objects.count() == 2


def test_the_same_form_sent_twice_gives_the_same_application(persona: Persona) -> None:
    call = f.open_call(persona, f.working_group(persona))
    first = recruitment.application_submit(
        call=call, name="Jasmine Carter", email="jc@example.org", why=WHY, idempotency_key="k-1"
    )
    again = recruitment.application_submit(
        call=call, name="Jasmine Carter", email="jc@example.org", why=WHY, idempotency_key="k-1"
    )
    assert first.created and not again.created
    assert again.application.pk == first.application.pk
    assert Application.objects.count() == 1


def test_application_receipt_confirmation_names_body_and_receipt_not_what_was_typed(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    call = f.open_call(persona, f.working_group(persona))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = f.apply(call, why=WHY, lived_experience="My son was handcuffed.")
    assert RECEIPT.match(application.receipt)
    assert application.status == Application.Status.SUBMITTED
    [message] = mail.outbox
    assert message.to == ["jasmine.carter@example.org"]
    assert "School Resource Officer Community Working Group" in message.subject
    assert application.receipt in message.body
    assert "/bodies/sro-working-group/" in message.body
    assert WHY not in message.body and "handcuffed" not in message.body
    event = _audit("application.submit", application)
    assert event.actor is None and event.actor_label == "public"
    assert event.after == {"call": call.pk, "receipt": application.receipt}


# -- Who may act ------------------------------------------------------------------------------


def _refusals(persona: Persona, actor: User) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    application = f.apply(call)
    [member] = f.members(persona, body, 1)
    attempts: list[Callable[[], object]] = [
        lambda: services.body_update(
            actor=actor, body=body, details=f.details(concludes_on=body.concludes_on)
        ),
        lambda: services.body_publish(actor=actor, body=body),
        lambda: services.body_conclude(actor=actor, body=body, reason="Done."),
        lambda: services.seat_add(actor=actor, body=body, label="Youth", reserved_for="", count=1),
        lambda: _call_as(actor, body),
        lambda: recruitment.call_open(actor=actor, call=call),
        lambda: recruitment.call_close(actor=actor, call=call),
        lambda: recruitment.application_decide(
            actor=actor, application=application, decision="selected", reason="Yes."
        ),
        lambda: services.member_add(
            actor=actor,
            body=body,
            name="Omar Haddad",
            email="",
            role="community",
            term_starts=timezone.localdate(),
        ),
        lambda: services.member_end(actor=actor, member=member, reason="No."),
        lambda: services.member_link_send(actor=actor, member=member),
    ]
    before = AuditEvent.objects.count()
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert AuditEvent.objects.count() == before


def _call_as(actor: User, body: Body) -> Call:
    return recruitment.call_create(
        actor=actor,
        body=body,
        title="Volunteers",
        text=f.CALL_TEXT,
        seats_sought=1,
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )


def test_communications_cannot_manage_a_body(persona: Persona) -> None:
    _refusals(persona, persona("communications"))


def test_another_originating_unit_cannot_manage_the_body_VI_C_4(persona: Persona) -> None:
    _refusals(persona, _detectives())


def test_the_training_division_cannot_manage_a_body_it_does_not_convene(
    persona: Persona,
) -> None:
    _refusals(persona, persona("training"))


def test_the_convening_unit_and_ocpr_manage_the_body(persona: Persona) -> None:
    body = f.working_group(persona, publish=False)
    services.seat_add(
        actor=persona("originating_unit"), body=body, label="Parents", reserved_for="", count=2
    )
    services.body_publish(actor=persona("ocpr"), body=body)
    body.refresh_from_db()
    assert body.status == Body.Status.ACTIVE


def test_details_is_a_frozen_dataclass_of_every_column() -> None:
    names = {field.name for field in dataclasses.fields(services.BodyDetails)}
    assert {"kind", "concludes_on", "term_months", "threshold", "engagements"} <= names
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.details().name = "x"  # type: ignore[misc]
