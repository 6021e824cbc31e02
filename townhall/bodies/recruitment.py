"""Recruitment: a body's public call for volunteers, the applications, and the selection
recorded with its reasons and told to each applicant (seed 000: "the initial solicitation of
volunteers"; seed 002 V-C-1, V-C-11)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from townhall.accounts.models import User
from townhall.bodies.models import Application, Body, Call, Member, Seat
from townhall.bodies.services import BodyInvalid, _check, member_add
from townhall.core.audit import audit_record
from townhall.core.districts import district as known_district
from townhall.core.errors import FieldsInvalid, IllegalTransition
from townhall.core.mail import absolute_url, mail_on_commit
from townhall.core.receipts import ReceiptFormat
from townhall.core.text import one_line
from townhall.meetings.models import AttendeeProfile

__all__ = [
    "APPLICATION_RECEIPT",
    "ApplicationInvalid",
    "Applied",
    "application_decide",
    "application_submit",
    "call_close",
    "call_create",
    "call_open",
    "calls_close_due",
]

APPLICATION_RECEIPT = ReceiptFormat("A", 8)


class ApplicationInvalid(FieldsInvalid):
    """Field-level problems with a volunteer's application."""


def call_create(
    *,
    actor: User,
    body: Body,
    title: str,
    text: str,
    seats_sought: int,
    closes_at: datetime.datetime,
) -> Call:
    _check(actor, body)
    if body.status == Body.Status.CONCLUDED:
        raise IllegalTransition(_("This body has concluded; it recruits no one."))
    errors: dict[str, str] = {}
    title = one_line(title)
    if not title:
        errors["title"] = _("Give the call a title.")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        errors["text"] = _("Say who the body is looking for and what members commit to.")
    if not 1 <= seats_sought <= body.seats:
        errors["seats_sought"] = _("Between 1 and the body's %(seats)d seats.") % {
            "seats": body.seats
        }
    if closes_at <= timezone.now():
        errors["closes_at"] = _("Applications must close in the future.")
    if errors:
        raise BodyInvalid(errors)
    with transaction.atomic():
        call = Call.objects.create(
            body=body,
            title=title[:300],
            text=text,
            seats_sought=seats_sought,
            closes_at=closes_at,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="call.create",
            obj=call,
            after={"title": call.title, "closes_at": closes_at.isoformat()},
        )
    return call


def call_open(*, actor: User, call: Call) -> Call:
    """The call goes on the body's public page with its application form."""
    _check(actor, call.body)
    with transaction.atomic():
        locked = Call.objects.select_for_update().select_related("body").get(pk=call.pk)
        if locked.status != Call.Status.DRAFT:
            raise IllegalTransition(_("This call has already been opened."))
        if locked.body.status != Body.Status.ACTIVE:
            raise IllegalTransition(
                _("Publish the body first: a call is shown on the body's public page.")
            )
        if locked.closes_at <= timezone.now():
            raise IllegalTransition(_("The closing time has passed: set a later one."))
        locked.status = Call.Status.OPEN
        locked.opened_at = timezone.now()
        locked.save(update_fields=["status", "opened_at"])
        audit_record(actor=actor, action="call.open", obj=locked, after={"status": "open"})
    return locked


def _close(call: Call, *, actor: User | None) -> None:
    call.status = Call.Status.CLOSED
    call.closed_at = timezone.now()
    call.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        actor_label=None if actor else "worker",
        action="call.close",
        obj=call,
        after={"status": "closed"},
    )


def call_close(*, actor: User, call: Call) -> Call:
    _check(actor, call.body)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status != Call.Status.OPEN:
            raise IllegalTransition(_("This call is not open."))
        _close(locked, actor=actor)
    return locked


def calls_close_due(*, now: datetime.datetime | None = None) -> int:
    """The worker closes every open call past its closing time; running it twice closes
    nothing twice."""
    now = now or timezone.now()
    closed = 0
    for pk in Call.objects.filter(status=Call.Status.OPEN, closes_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = Call.objects.select_for_update().filter(pk=pk, status=Call.Status.OPEN).first()
            if locked is None:
                continue
            _close(locked, actor=None)
            closed += 1
    return closed


@dataclass(frozen=True)
class Applied:
    application: Application
    created: bool


def application_submit(
    *,
    call: Call,
    name: str,
    email: str,
    why: str,
    phone: str = "",
    district: int | None = None,
    organisation: str = "",
    seat: Seat | None = None,
    lived_experience: str = "",
    age_band: str = "",
    race: str = "",
    language: str = "",
    idempotency_key: str | None = None,
) -> Applied:
    """A volunteer applies while the call is open. The receipt is sent (and shown) only once
    the application is stored; the same form sent twice gives the same application."""
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return Applied(existing, created=False)
    now = timezone.now()
    if call.status != Call.Status.OPEN or call.closes_at <= now:
        raise IllegalTransition(
            _("Applications to this call closed on %(when)s. What you wrote is kept below.")
            % {"when": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    errors: dict[str, str] = {}
    name = one_line(name)
    if not name:
        errors["name"] = _("Give your name.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    email = email.strip()
    if not email:
        errors["email"] = _("Give an email address: we will tell you the decision there.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, like name@example.org.")
    why = why.replace("\r\n", "\n").strip()
    if not why:
        errors["why"] = _("Tell us why you would like to take part.")
    elif len(why) > 5000:
        errors["why"] = _("Please keep this to 5,000 characters.")
    lived_experience = lived_experience.replace("\r\n", "\n").strip()
    if len(lived_experience) > 5000:
        errors["lived_experience"] = _("Please keep this to 5,000 characters.")
    if district is not None and known_district(district) is None:
        errors["district"] = _("Choose a police district from the list.")
    if seat is not None and seat.body_id != call.body_id:
        errors["seat"] = _("Choose one of this body's seats.")
    if age_band not in AttendeeProfile.AgeBand.values:
        errors["age_band"] = _("Choose from the list.")
    if race not in AttendeeProfile.Race.values:
        errors["race"] = _("Choose from the list.")
    if errors:
        raise ApplicationInvalid(errors)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                receipt=APPLICATION_RECEIPT.new(),
                name=name,
                email=email,
                phone=one_line(phone)[:40],
                district=district,
                organisation=one_line(organisation)[:200],
                seat=seat,
                lived_experience=lived_experience,
                why=why,
                age_band=age_band,
                race=race,
                language=language,
                idempotency_key=idempotency_key,
            )
            audit_record(
                actor=None,
                actor_label="public",
                action="application.submit",
                obj=application,
                after={"call": call.pk, "receipt": application.receipt},
            )
            _tell_received(application, call)
    except IntegrityError:
        if idempotency_key:
            existing = Application.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return Applied(existing, created=False)
        raise ApplicationInvalid(
            {"email": _("This email address has already applied to this call.")}
        ) from None
    return Applied(application, created=True)


def _tell_received(application: Application, call: Call) -> None:
    # The address is not verified: the message names only the body and the receipt, never
    # what was typed, so it cannot carry someone else's words to a stranger.
    with override(application.language or None):
        mail_on_commit(
            to=[application.email],
            subject=_("Your application to %(body)s") % {"body": call.body.name},
            body=_(
                "We received your application to %(body)s.\n\nYour receipt: %(receipt)s\n\n"
                "We will write to you at this address when the selection is made.\n%(url)s"
            )
            % {
                "body": call.body.name,
                "receipt": application.receipt,
                "url": absolute_url("bodies:detail", slug=call.body.slug),
            },
        )


def application_decide(
    *,
    actor: User,
    application: Application,
    decision: str,
    reason: str,
    seat: Seat | None = None,
    role: str = Member.Role.COMMUNITY,
    term_starts: datetime.date | None = None,
    publish_name: bool = False,
    publish_organisation: bool = False,
) -> Application:
    """The selection, recorded with its reason and told to the applicant. Selecting makes the
    applicant a member with a term, on a free seat; the waiting list can be selected later."""
    body = application.call.body
    _check(actor, body)
    if decision not in (
        Application.Status.SELECTED,
        Application.Status.WAITLISTED,
        Application.Status.NOT_SELECTED,
    ):
        raise BodyInvalid({"decision": _("Choose selected, waiting list or not selected.")})
    reason = reason.replace("\r\n", "\n").strip()
    if not reason:
        raise BodyInvalid({"reason": _("Record the reason for the decision.")})
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("call__body")
            .get(pk=application.pk)
        )
        if locked.status not in (Application.Status.SUBMITTED, Application.Status.WAITLISTED):
            raise IllegalTransition(_("This application has already been decided."))
        if locked.status == decision:
            raise IllegalTransition(_("This application is already on the waiting list."))
        if decision == Application.Status.SELECTED:
            member_add(
                actor=actor,
                body=locked.call.body,
                name=locked.name,
                email=locked.email,
                organisation=locked.organisation,
                seat=seat or locked.seat,
                role=role,
                term_starts=term_starts or timezone.localdate(),
                publish_name=publish_name,
                publish_organisation=publish_organisation,
                application=locked,
                language=locked.language,
            )
        before = {"status": locked.status}
        locked.status = decision
        locked.decision_reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="application.decide",
            obj=locked,
            before=before,
            after={"status": decision},
            note=reason,
        )
        if decision != Application.Status.SELECTED:
            _tell_decision(locked)
    return locked


def _tell_decision(application: Application) -> None:
    body = application.call.body
    with override(application.language or None):
        if application.status == Application.Status.WAITLISTED:
            text = _(
                "Thank you for applying to %(body)s (receipt %(receipt)s). All the seats are "
                "filled for now, and you are on the waiting list: we will write to you if a "
                "seat frees."
            )
        else:
            text = _(
                "Thank you for applying to %(body)s (receipt %(receipt)s). You were not "
                "selected this time. We will tell you of the next call and of the body's public "
                "meetings, where anyone may speak."
            )
        mail_on_commit(
            to=[application.email],
            subject=_("Your application to %(body)s") % {"body": body.name},
            body=text % {"body": body.name, "receipt": application.receipt},
        )
