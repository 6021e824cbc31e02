"""Registration: places, the waiting list promoted automatically, one-link cancellation and
the reminder the day before."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from townhall.core.errors import IllegalTransition
from townhall.meetings import registration as reg
from townhall.meetings import services
from townhall.meetings.models import Registration
from townhall.meetings.tests.factories import details, scheduled_meeting

pytestmark = pytest.mark.django_db


def _register(meeting, name: str, **kw):  # type: ignore[no-untyped-def]
    email = kw.pop("email", name.split()[0].lower() + "@example.org")
    return reg.registration_submit(
        meeting=meeting, name=name, email=email, needs=kw.pop("needs", []), **kw
    ).registration


def test_places_then_waiting_list_in_order(persona) -> None:
    meeting = scheduled_meeting(persona, capacity=2)
    first = _register(meeting, "Ana Torres", needs=["asl", "childcare"])
    second = _register(meeting, "Ben Okoye")
    third = _register(meeting, "Chen Wei")
    fourth = _register(meeting, "Dorota Nowak")
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert reg.waiting_position(third) == 1 and reg.waiting_position(fourth) == 2
    assert first.needs == ["asl", "childcare"]


def test_cancellation_promotes_the_first_waiting_and_tells_them(
    persona, django_capture_on_commit_callbacks
) -> None:
    meeting = scheduled_meeting(persona, capacity=1)
    first = _register(meeting, "Ana Torres")
    waiting = _register(meeting, "Ben Okoye", language="es")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reg.registration_cancel(registration=first)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED and waiting.promoted_at
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]
    assert waiting.token in mail.outbox[0].body
    # Cancelling twice changes nothing.
    assert reg.registration_cancel(registration=first).status == "cancelled"


def test_raising_capacity_promotes_the_waiting_list(persona) -> None:
    meeting = scheduled_meeting(persona, capacity=1)
    _register(meeting, "Ana Torres")
    waiting = _register(meeting, "Ben Okoye")
    services.meeting_update(
        actor=persona("oee"),
        meeting=meeting,
        details=details(
            capacity=5,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
        ),
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_one_registration_per_email_and_same_form_twice_is_one(persona) -> None:
    meeting = scheduled_meeting(persona)
    first = reg.registration_submit(
        meeting=meeting, name="Ana", email="Ana@Example.org", needs=[], idempotency_key="k1"
    )
    again = reg.registration_submit(
        meeting=meeting, name="Ana", email="Ana@Example.org", needs=[], idempotency_key="k1"
    )
    assert again.registration.pk == first.registration.pk and not again.created
    with pytest.raises(reg.RegistrationInvalid) as exc:
        reg.registration_submit(meeting=meeting, name="Ana", email="ana@example.org", needs=[])
    assert "already registered" in exc.value.errors["email"]


def test_bad_input_is_named_field_by_field(persona) -> None:
    meeting = scheduled_meeting(persona)
    with pytest.raises(reg.RegistrationInvalid) as exc:
        reg.registration_submit(meeting=meeting, name="", email="not-an-email", needs=["pony"])
    assert set(exc.value.errors) == {"name", "email", "needs"}


def test_registration_closes_at_the_start(persona) -> None:
    meeting = scheduled_meeting(persona)
    with time_machine.travel(meeting.starts_at, tick=False):
        with pytest.raises(IllegalTransition):
            _register(meeting, "Ana Torres")


def test_reminder_the_day_before_once_each(persona, django_capture_on_commit_callbacks) -> None:
    meeting = scheduled_meeting(persona, capacity=1)
    _register(meeting, "Ana Torres")
    _register(meeting, "Ben Okoye")  # waiting: no reminder
    mail.outbox.clear()
    assert reg.registrations_remind(now=meeting.starts_at - datetime.timedelta(hours=25)) == 0
    day_before = meeting.starts_at - datetime.timedelta(hours=23, minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert reg.registrations_remind(now=day_before) == 1
        assert reg.registrations_remind(now=day_before) == 0
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Reminder" in mail.outbox[0].subject


def test_registrations_are_never_deleted(persona) -> None:
    meeting = scheduled_meeting(persona)
    registration = _register(meeting, "Ana Torres")
    with pytest.raises(TypeError):
        registration.delete()
