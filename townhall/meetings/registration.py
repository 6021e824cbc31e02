"""Registration for a meeting: a place while there are places, then the waiting list, which
is promoted in order, automatically, whenever a place frees up. Each registrant can cancel
with the one link in their email, and hears from us the day before."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.core.audit import audit_record
from townhall.core.errors import FieldsInvalid, IllegalTransition
from townhall.core.mail import absolute_url, mail_on_commit
from townhall.core.text import one_line
from townhall.meetings.models import Meeting, Registration

__all__ = [
    "RegistrationInvalid",
    "can_cancel",
    "meeting_lines",
    "promote_waiting",
    "registration_cancel",
    "registration_closed",
    "registration_submit",
    "registrations_remind",
]


class RegistrationInvalid(FieldsInvalid):
    """Field-level problems with a registration."""


@dataclass(frozen=True)
class Registered:
    registration: Registration
    created: bool


def meeting_lines(meeting: Meeting) -> list[str]:
    """What every email about a meeting says of it: when, where, how to join."""
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    lines = [
        meeting.title,
        _("When: %(day)s, %(start)s to %(end)s (Chicago time)")
        % {
            "day": start.strftime("%Y-%m-%d"),
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
        },
    ]
    if meeting.place:
        lines.append(_("Where: %(place)s") % {"place": meeting.place})
    if meeting.online_url:
        lines.append(_("Join online: %(url)s") % {"url": meeting.online_url})
    if meeting.call_in:
        lines.append(_("By phone: %(call_in)s") % {"call_in": meeting.call_in})
    lines.append(
        _("Meeting page: %(url)s") % {"url": absolute_url("meetings:detail", pk=meeting.pk)}
    )
    return lines


def is_open_for_registration(meeting: Meeting, now: datetime.datetime) -> bool:
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and not meeting.is_internal
        and (now < meeting.starts_at)
    )


def registration_closed(meeting: Meeting, now: datetime.datetime) -> str:
    """Why the meeting takes no registration now ("" while it does): what the service
    refuses with and the form page says before anyone types."""
    if is_open_for_registration(meeting, now):
        return ""
    return _("Registration for this meeting is closed.")


def registration_submit(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    needs: list[str],
    needs_note: str = "",
    language: str = "",
    follow_up_ok: bool = False,
    idempotency_key: str | None = None,
) -> Registered:
    """RSVP: a place while the meeting has one, else the waiting list. One registration per
    email address; the same form sent twice gives the same registration."""
    now = timezone.now()
    if idempotency_key:
        existing = Registration.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return Registered(existing, created=False)
    closed = registration_closed(meeting, now)
    if closed:
        raise IllegalTransition(closed)
    errors: dict[str, str] = {}
    name = one_line(name)
    if not name:
        errors["name"] = _("Give your name, so we can welcome you.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    email = email.strip()
    if not email:
        errors["email"] = _("Give an email address for your confirmation and reminder.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, like name@example.org.")
    unknown = [n for n in needs if n not in Registration.Need.values]
    if unknown:
        errors["needs"] = _("Choose from the accommodations listed.")
    needs_note = needs_note.replace("\r\n", "\n").strip()
    if len(needs_note) > 500:
        errors["needs_note"] = _("Please keep this to 500 characters.")
    if errors:
        raise RegistrationInvalid(errors)
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            taken = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
            waiting = locked.registrations.filter(status=Registration.Status.WAITLISTED).exists()
            full = locked.capacity is not None and (taken >= locked.capacity or waiting)
            registration = Registration.objects.create(
                meeting=locked,
                name=name,
                email=email,
                email_key=email.lower(),
                language=language,
                needs=sorted(set(needs)),
                needs_note=needs_note,
                follow_up_ok=follow_up_ok,
                status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
                token=secrets.token_urlsafe(24),
                idempotency_key=idempotency_key,
            )
            audit_record(
                actor=None,
                actor_label="public",
                action="registration.submit",
                obj=registration,
                after={"status": registration.status, "needs": registration.needs},
            )
            _tell(registration, locked)
    except IntegrityError:
        if idempotency_key:
            existing = Registration.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return Registered(existing, created=False)
        raise RegistrationInvalid(
            {"email": _("This email address is already registered for this meeting.")}
        ) from None
    return Registered(registration, created=True)


def waiting_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        registration.meeting.registrations.filter(
            status=Registration.Status.WAITLISTED, created_at__lte=registration.created_at
        )
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
        .count()
    )


def _tell(registration: Registration, meeting: Meeting) -> None:
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        cancel = absolute_url("meetings:registration-cancel", token=registration.token)
        calendar = absolute_url("meetings:ical", pk=meeting.pk)
        if registration.status == Registration.Status.CONFIRMED:
            subject = _("You are registered: %(title)s") % {"title": meeting.title}
            opening = _("Thank you, %(name)s. Your place is booked.") % {"name": registration.name}
        else:
            subject = _("You are on the waiting list: %(title)s") % {"title": meeting.title}
            opening = _(
                "Thank you, %(name)s. The meeting is full, so you are on the waiting list. "
                "If a place frees up, you get it automatically and we email you."
            ) % {"name": registration.name}
        body = "\n\n".join(
            [
                opening,
                *meeting_lines(meeting),
                _("Add it to your calendar: %(url)s") % {"url": calendar},
                _(
                    "Cannot come? Cancel with this link, so someone else can have your place: "
                    "%(url)s"
                )
                % {"url": cancel},
            ]
        )
        mail_on_commit(to=[registration.email], subject=subject, body=body)


def promote_waiting(*, meeting: Meeting) -> list[Registration]:
    """Give every free place to the waiting list in the order people registered, telling
    each. Called inside the transaction that frees the place (or raises the capacity)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.SCHEDULED or timezone.now() >= locked.starts_at:
        return []
    waiting = locked.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "created_at", "id"
    )
    if locked.capacity is None:
        free = waiting.count()
    else:
        taken = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
        free = max(0, locked.capacity - taken)
    promoted = []
    now = timezone.now()
    for registration in list(waiting[:free]):
        Registration.objects.filter(pk=registration.pk).update(
            status=Registration.Status.CONFIRMED, promoted_at=now
        )
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        audit_record(
            actor=None,
            action="registration.promote",
            obj=registration,
            before={"status": Registration.Status.WAITLISTED},
            after={"status": Registration.Status.CONFIRMED},
        )
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            mail_on_commit(
                to=[registration.email],
                subject=_("A place is yours: %(title)s") % {"title": locked.title},
                body="\n\n".join(
                    [
                        _("Good news, %(name)s: a place freed up and it is now yours.")
                        % {"name": registration.name},
                        *meeting_lines(locked),
                        _("Cannot come after all? Cancel with this link: %(url)s")
                        % {
                            "url": absolute_url(
                                "meetings:registration-cancel", token=registration.token
                            )
                        },
                    ]
                ),
            )
        promoted.append(registration)
    return promoted


def can_cancel(registration: Registration, now: datetime.datetime) -> bool:
    """A live registration of a meeting not yet over: what registration_cancel allows."""
    meeting = registration.meeting
    return (
        registration.status != Registration.Status.CANCELLED
        and meeting.status == Meeting.Status.SCHEDULED
        and now < meeting.ends_at
    )


def registration_cancel(*, registration: Registration) -> Registration:
    """The registrant cancels with their link; the first on the waiting list gets the place.
    Cancelling twice changes nothing."""
    if registration.status == Registration.Status.CANCELLED:
        return registration
    meeting = registration.meeting
    if not can_cancel(registration, timezone.now()):
        raise IllegalTransition(_("This meeting is over; there is nothing to cancel."))
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        updated = Registration.objects.filter(
            pk=registration.pk, status=registration.status
        ).update(status=Registration.Status.CANCELLED, cancelled_at=timezone.now())
        if not updated:
            registration.refresh_from_db()
            return registration
        audit_record(
            actor=None,
            actor_label="public",
            action="registration.cancel",
            obj=registration,
            before={"status": registration.status},
            after={"status": Registration.Status.CANCELLED},
        )
        promote_waiting(meeting=meeting)
    registration.refresh_from_db()
    return registration


def registrations_remind(*, now: datetime.datetime | None = None) -> int:
    """The reminder the day before: to everyone with a place in a meeting that starts within
    the next 24 hours, once each (claimed by the reminded_at stamp, so the worker can run this
    as often as it likes)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + datetime.timedelta(hours=24),
    ).select_related("meeting")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            meeting = registration.meeting
            with translation.override(registration.language or settings.LANGUAGE_CODE):
                mail_on_commit(
                    to=[registration.email],
                    subject=_("Reminder: %(title)s") % {"title": meeting.title},
                    body="\n\n".join(
                        [
                            _("See you soon, %(name)s.") % {"name": registration.name},
                            *meeting_lines(meeting),
                            _("Cannot come? Cancel with this link: %(url)s")
                            % {
                                "url": absolute_url(
                                    "meetings:registration-cancel", token=registration.token
                                )
                            },
                        ]
                    ),
                )
            sent += 1
    return sent
