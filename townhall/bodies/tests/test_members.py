"""Selecting volunteers and the roster: each decision with its reason, terms computed from the
body (seed 002 V-C-1: an advisory committee's members rotate on a set timeline; V-C-11: a
working group's serve until its agreed conclusion date), and the rotation alerts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db.models import Model
from django.utils import timezone

from townhall.accounts.demo import ensure_persona
from townhall.accounts.models import Role, User
from townhall.accounts.personas import Persona as PersonaSpec
from townhall.bodies import recruitment, services
from townhall.bodies.models import Application, Member
from townhall.bodies.tests import factories as f
from townhall.core.errors import IllegalTransition
from townhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
CHICAGO = ZoneInfo("America/Chicago")
NOON_1_MARCH_2026 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=CHICAGO)
WHY = "My son was handcuffed at school in 2019 and nobody explained why to us."


def _audit(action: str, obj: Model | None = None) -> AuditEvent:
    events = AuditEvent.objects.filter(action=action)
    if obj is not None:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    event = events.first()
    assert event is not None, f"no audit row {action}"
    return event


def _errors(excinfo: pytest.ExceptionInfo[services.BodyInvalid]) -> set[str]:
    return set(excinfo.value.errors)


def _detectives() -> User:
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


# -- Deciding applications ---------------------------------------------------------------------


def test_a_decision_needs_a_reason(persona: Persona) -> None:
    application = f.apply(f.open_call(persona, f.working_group(persona)))
    with pytest.raises(services.BodyInvalid) as excinfo:
        recruitment.application_decide(
            actor=persona("oee"), application=application, decision="selected", reason=" "
        )
    assert _errors(excinfo) == {"reason"}
    with pytest.raises(services.BodyInvalid) as excinfo:
        recruitment.application_decide(
            actor=persona("oee"), application=application, decision="maybe", reason="Hmm."
        )
    assert _errors(excinfo) == {"decision"}


def test_selecting_for_an_advisory_committee_gives_a_24_month_term_and_the_link_V_C_1(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(NOON_1_MARCH_2026, tick=False):
        body = f.advisory_committee(persona)
        application = f.apply(f.open_call(persona, body), organisation="Southside Parents")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            decided = recruitment.application_decide(
                actor=persona("training"),
                application=application,
                decision=Application.Status.SELECTED,
                reason="Parent of two CPS students; lives in the 7th District.",
                publish_name=True,
            )
    assert decided.status == Application.Status.SELECTED
    assert decided.decided_by == persona("training") and decided.decided_at is not None
    member = Member.objects.get(application=application)
    assert (member.name, member.email, member.organisation) == (
        "Jasmine Carter",
        "jasmine.carter@example.org",
        "Southside Parents",
    )
    assert member.term_starts == datetime.date(2026, 3, 1)
    assert member.term_ends == datetime.date(2028, 2, 29)  # the day before two years on
    assert member.role == Member.Role.COMMUNITY and member.publish_name
    [welcome] = mail.outbox
    assert welcome.to == ["jasmine.carter@example.org"]
    assert "Training Community Advisory Committee" in welcome.subject
    assert f"/bodies/member/{member.token}/" in welcome.body
    event = _audit("application.decide", application)
    assert event.before == {"status": "submitted"} and event.after == {"status": "selected"}
    assert event.note.startswith("Parent of two CPS students")
    assert _audit("member.add", body).after is not None


def test_selecting_for_a_working_group_serves_until_it_concludes_V_C_11(
    persona: Persona,
) -> None:
    body = f.working_group(persona)
    application = f.apply(f.open_call(persona, body))
    recruitment.application_decide(
        actor=persona("oee"), application=application, decision="selected", reason="A parent."
    )
    member = Member.objects.get(application=application)
    assert member.term_ends == body.concludes_on


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        (Application.Status.WAITLISTED, "waiting list"),
        (Application.Status.NOT_SELECTED, "not selected"),
    ],
)
def test_waitlisted_and_not_selected_applicants_are_told(
    persona: Persona, django_capture_on_commit_callbacks: Any, decision: str, words: str
) -> None:
    application = f.apply(f.open_call(persona, f.working_group(persona)), why=WHY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recruitment.application_decide(
            actor=persona("oee"), application=application, decision=decision, reason="Seats full."
        )
    [message] = mail.outbox
    assert message.to == ["jasmine.carter@example.org"]
    assert words in message.body and application.receipt in message.body
    assert "School Resource Officer Community Working Group" in message.subject
    assert WHY not in message.body
    assert not Member.objects.exists()


def test_an_application_cannot_be_decided_twice(persona: Persona) -> None:
    application = f.apply(f.open_call(persona, f.working_group(persona)))
    recruitment.application_decide(
        actor=persona("oee"), application=application, decision="not_selected", reason="Full."
    )
    with pytest.raises(IllegalTransition):
        recruitment.application_decide(
            actor=persona("oee"), application=application, decision="selected", reason="Oops."
        )
    assert not Member.objects.exists()


def test_a_waitlisted_applicant_can_later_be_selected(persona: Persona) -> None:
    body = f.working_group(persona, seats=1)
    call = f.open_call(persona, body)
    first = f.apply(call, name="Devon Price", email="devon@example.org")
    waiting = f.apply(call)
    recruitment.application_decide(
        actor=persona("oee"), application=first, decision="selected", reason="First chosen."
    )
    recruitment.application_decide(
        actor=persona("oee"), application=waiting, decision="waitlisted", reason="Seat taken."
    )
    with pytest.raises(IllegalTransition, match="waiting list"):
        recruitment.application_decide(
            actor=persona("oee"), application=waiting, decision="waitlisted", reason="Again."
        )
    services.member_end(
        actor=persona("oee"), member=Member.objects.get(application=first), reason="Moved."
    )
    selected = recruitment.application_decide(
        actor=persona("oee"), application=waiting, decision="selected", reason="A seat freed."
    )
    assert selected.status == Application.Status.SELECTED
    assert Member.objects.get(application=waiting).status == Member.Status.ACTIVE


def test_selecting_when_every_seat_is_filled_is_refused_on_the_seat(persona: Persona) -> None:
    body = f.working_group(persona, seats=2)
    f.members(persona, body, 2)
    application = f.apply(f.open_call(persona, body))
    with pytest.raises(services.BodyInvalid) as excinfo:
        recruitment.application_decide(
            actor=persona("oee"), application=application, decision="selected", reason="Good."
        )
    assert excinfo.value.errors == {"seat": "All 2 seats are filled."}
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not Member.objects.filter(application=application).exists()


def test_selecting_for_a_full_reserved_seat_group_is_refused(persona: Persona) -> None:
    body = f.working_group(persona)
    youth = services.seat_add(
        actor=persona("oee"), body=body, label="Youth", reserved_for="Ages 16 to 24", count=1
    )
    f.members(persona, body, 1, seat=youth)
    application = f.apply(f.open_call(persona, body), seat=youth)
    with pytest.raises(services.BodyInvalid) as excinfo:
        recruitment.application_decide(
            actor=persona("oee"), application=application, decision="selected", reason="Young."
        )
    assert _errors(excinfo) == {"seat"} and "Youth" in excinfo.value.errors["seat"]
    # On an open seat instead, the same applicant can be selected.
    recruitment.application_decide(
        actor=persona("oee"),
        application=application,
        decision="selected",
        reason="Young.",
        seat=services.seat_add(
            actor=persona("oee"), body=body, label="Open", reserved_for="", count=4
        ),
    )
    assert Member.objects.get(application=application).seat is not None


# -- Members -----------------------------------------------------------------------------------


def test_member_add_checks_its_fields(persona: Persona) -> None:
    body = f.working_group(persona)
    other_seat = services.seat_add(
        actor=persona("oee"),
        body=f.advisory_committee(persona),
        label="Youth",
        reserved_for="",
        count=1,
    )
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.member_add(
            actor=persona("oee"),
            body=body,
            name="",
            email="not-an-address",
            role="boss",
            seat=other_seat,
            term_starts=timezone.localdate(),
            term_ends=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert _errors(excinfo) == {"name", "email", "role", "seat", "term_ends"}


def test_member_add_without_email_sends_nothing(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    body = f.working_group(persona)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member = services.member_add(
            actor=persona("oee"),
            body=body,
            name="Sgt. Rivera",
            email="",
            role=Member.Role.DEPARTMENT,
            term_starts=timezone.localdate(),
        )
    assert member.token and member.term_ends == body.concludes_on
    assert mail.outbox == []
    event = _audit("member.add", body)
    assert event.after is not None and event.after["member"] == member.pk


def test_member_end_frees_the_seat_and_needs_a_reason(persona: Persona) -> None:
    body = f.working_group(persona, seats=1)
    [member] = f.members(persona, body, 1)
    with pytest.raises(services.BodyInvalid):
        f.members(persona, body, 1, name="Devon Price", email="devon@example.org")
    with pytest.raises(services.BodyInvalid) as excinfo:
        services.member_end(actor=persona("oee"), member=member, reason="")
    assert _errors(excinfo) == {"reason"}
    ended = services.member_end(actor=persona("oee"), member=member, reason="Stepped down.")
    assert ended.status == Member.Status.ENDED and ended.ended_on == timezone.localdate()
    assert _audit("member.end", member).note == "Stepped down."
    with pytest.raises(IllegalTransition):
        services.member_end(actor=persona("oee"), member=ended, reason="Again.")
    f.members(persona, body, 1, name="Devon Price", email="devon@example.org")


def test_member_who_leaves_is_recorded_as_left(persona: Persona) -> None:
    [member] = f.members(persona, f.working_group(persona), 1)
    left = services.member_end(actor=persona("oee"), member=member, reason="Moved.", left=True)
    assert left.status == Member.Status.LEFT


def test_member_link_send_resends_the_personal_link(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    body = f.working_group(persona)
    [member] = f.members(persona, body, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.member_link_send(actor=persona("oee"), member=member)
    [message] = mail.outbox
    assert message.to == [member.email]
    assert f"/bodies/member/{member.token}/" in message.body
    assert _audit("member.link_send", member).actor == persona("oee")


def test_member_link_is_not_sent_to_a_former_member_or_without_an_address(
    persona: Persona,
) -> None:
    body = f.working_group(persona)
    [member, silent] = f.members(persona, body, 2)
    silent_no_email = services.member_add(
        actor=persona("oee"),
        body=body,
        name="Sgt. Rivera",
        email="",
        role=Member.Role.DEPARTMENT,
        term_starts=timezone.localdate(),
    )
    with pytest.raises(IllegalTransition):
        services.member_link_send(actor=persona("oee"), member=silent_no_email)
    services.member_end(actor=persona("oee"), member=member, reason="Stepped down.")
    member.refresh_from_db()
    with pytest.raises(IllegalTransition):
        services.member_link_send(actor=persona("oee"), member=member)
    services.member_link_send(actor=persona("oee"), member=silent)


def test_members_end_terms_ends_each_past_term_once_V_C_1(persona: Persona) -> None:
    with time_machine.travel(NOON_1_MARCH_2026, tick=False):
        body = f.advisory_committee(persona)
        [done] = f.members(persona, body, 1, term_starts=datetime.date(2024, 2, 1))
        [serving] = f.members(
            persona, body, 1, name="Grace Liu", term_starts=datetime.date(2025, 3, 1)
        )
        assert done.term_ends == datetime.date(2026, 1, 31)
        assert services.members_end_terms() == 1
        assert services.members_end_terms() == 0
    done.refresh_from_db()
    serving.refresh_from_db()
    assert done.status == Member.Status.ENDED and done.ended_on == datetime.date(2026, 1, 31)
    assert serving.status == Member.Status.ACTIVE
    event = _audit("member.term_end", done)
    assert event.actor is None and event.actor_label == "worker"


def test_a_term_ending_today_is_not_ended_yet(persona: Persona) -> None:
    with time_machine.travel(NOON_1_MARCH_2026, tick=False):
        body = f.advisory_committee(persona)
        [member] = f.members(persona, body, 1, term_starts=datetime.date(2024, 3, 2))
        assert member.term_ends == datetime.date(2026, 3, 1)
        assert services.members_end_terms() == 0
        assert services.members_end_terms(today=datetime.date(2026, 3, 2)) == 1


# -- Rotation (V-C-1) ---------------------------------------------------------------------------


def test_rotation_alerts_flag_once_the_terms_ending_within_60_days_V_C_1(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    persona("training")  # the convening unit, to be told
    with time_machine.travel(NOON_1_MARCH_2026, tick=False):
        body = f.advisory_committee(persona)
        starts = {
            "Ana Morales": datetime.date(2024, 3, 1),  # ends 2026-02-28: already over
            "Devon Price": datetime.date(2024, 3, 2),  # ends today
            "Grace Liu": datetime.date(2024, 5, 1),  # ends 2026-04-30: in 60 days
            "Malik Johnson": datetime.date(2024, 5, 2),  # ends 2026-05-01: in 61 days
            "Zofia Kowal": datetime.date(2025, 3, 1),  # ends 2027-02-28
        }
        by_name = {
            name: f.members(persona, body, 1, name=name, term_starts=day)[0]
            for name, day in starts.items()
        }
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.rotation_alerts_send() == 2
        assert len(mail.outbox) == 2
        subjects = sorted(message.subject for message in mail.outbox)
        assert subjects == [
            "Training Community Advisory Committee: a term ends on 2026-03-01",
            "Training Community Advisory Committee: a term ends on 2026-04-30",
        ]
        for message in mail.outbox:
            assert message.to == sorted([persona("training").email, persona("oee").email])
            assert f"/staff/bodies/{body.pk}/" in message.body
        with django_capture_on_commit_callbacks(execute=True):
            assert services.rotation_alerts_send() == 0
        assert len(mail.outbox) == 2
    alerted = {
        name for name, m in by_name.items() if Member.objects.get(pk=m.pk).rotation_alerted_at
    }
    assert alerted == {"Devon Price", "Grace Liu"}
    assert AuditEvent.objects.filter(action="member.rotation_alert").count() == 2


def test_a_working_group_has_no_rotation_alerts_V_C_11(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    body = f.working_group(persona, concludes_on=timezone.localdate() + datetime.timedelta(days=20))
    f.members(persona, body, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rotation_alerts_send() == 0
    assert mail.outbox == []


def test_rotation_alerts_for_a_body_of_an_originating_unit_reach_that_unit_V_C_1(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    persona("originating_unit")
    _detectives()
    with time_machine.travel(NOON_1_MARCH_2026, tick=False):
        body = f.advisory_committee(
            persona,
            convening_role=Role.ORIGINATING_UNIT,
            convening_unit="Bureau of Patrol",
            name="Patrol Advisory Committee",
            slug="patrol-advisory",
        )
        f.members(persona, body, 1, term_starts=datetime.date(2024, 4, 1))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.rotation_alerts_send() == 1
    [message] = mail.outbox
    assert message.to == sorted([persona("originating_unit").email, persona("oee").email])
