"""Writes of bodies: the body and its seats, the members and their terms (seed 002 V-C-1,
V-C-11). The public call and its applications are in recruitment.py, recommendations and
ballots in voting.py, the Department's responses in responses.py."""

from __future__ import annotations

import dataclasses
import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from townhall.accounts.models import Role, User
from townhall.bodies import permissions, rules
from townhall.bodies.models import Application, Body, Call, Member, Seat
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.districts import district as known_district
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url, emails_for_roles, emails_for_unit, mail_on_commit
from townhall.core.text import one_line
from townhall.directives.models import Directive
from townhall.engagements.models import Engagement, Topic, Training

__all__ = [
    "BodyDetails",
    "BodyInvalid",
    "body_conclude",
    "body_create",
    "body_publish",
    "body_update",
    "member_add",
    "member_end",
    "member_link_send",
    "members_end_terms",
    "rotation_alerts_send",
    "seat_add",
]

#: Units that can convene a body: any unit the directive names, not an individual member.
CONVENING_ROLES = tuple(
    r for r in Role.values if r not in (Role.DEPARTMENT_MEMBER, Role.ADMIN, Role.OCPR_DESIGNEE)
)


class BodyInvalid(FieldsInvalid):
    """Field-level problems with a body's details, seats, call or member."""


def _check(actor: User, body: Body) -> None:
    if not permissions.can_manage_body(actor, body):
        raise NotAllowed(_("Your role cannot manage this body."))


# -- The body -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyDetails:
    """What staff set about a body; the form's fields and the service's arguments."""

    kind: str
    name: str
    purpose: str
    convening_role: str
    seats: int
    slug: str = ""
    other_kind: str = ""
    convening_unit: str = ""
    directive: Directive | None = None
    training: Training | None = None
    district: int | None = None
    concludes_on: datetime.date | None = None
    term_months: int | None = None
    turnover_seats: int | None = None
    turnover_every_months: int | None = None
    quorum_percent: int = 50
    threshold: str = Body.Threshold.SIMPLE_MAJORITY
    votes_openly: bool = False
    comment_total_minutes: int = 30
    comment_speaker_minutes: int = 3
    speak_request_hours: int = 24
    written_comment_hours: int = 1
    engagements: Sequence[Engagement] = ()
    topics: Sequence[Topic] = ()


#: The details stored as columns of Body (the rest are relations).
_COLUMNS = tuple(
    f.name for f in dataclasses.fields(BodyDetails) if f.name not in ("engagements", "topics")
)


def _validate(
    details: BodyDetails, *, body: Body | None, today: datetime.date
) -> dict[str, object]:
    """V-C-1: an advisory committee has no conclusion date and may rotate on a set timeline.
    V-C-11: a working group has a set number of participants and an agreed conclusion date."""
    errors: dict[str, str] = {}
    name = one_line(details.name)
    if not name:
        errors["name"] = _("Give the body a name.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    slug = slugify(details.slug or name)[:80]
    if not slug:
        errors["slug"] = _("Give a short name for links, in letters, digits and dashes.")
    elif Body.objects.filter(slug=slug).exclude(pk=body.pk if body else 0).exists():
        errors["slug"] = _("Another body already uses this short name.")
    purpose = details.purpose.replace("\r\n", "\n").strip()
    if not purpose:
        errors["purpose"] = _("Say what the body is for.")
    if details.kind not in Body.Kind.values:
        errors["kind"] = _("Choose the kind of body.")
    other_kind = one_line(details.other_kind)
    if details.kind == Body.Kind.OTHER and not other_kind:
        errors["other_kind"] = _("Name the kind of group.")
    if details.convening_role not in CONVENING_ROLES:
        errors["convening_role"] = _("Choose the unit that convenes the body.")
    unit = one_line(details.convening_unit)
    if details.convening_role == Role.ORIGINATING_UNIT and not unit:
        errors["convening_unit"] = _("Name the originating unit that convenes the body.")
    if not 1 <= details.seats <= 500:
        errors["seats"] = _("A body has between 1 and 500 seats.")
    if details.kind == Body.Kind.WORKING_GROUP:
        if details.concludes_on is None:
            errors["concludes_on"] = _("A working group has an agreed conclusion date (V-C-11).")
        elif details.concludes_on <= today and (
            body is None or body.concludes_on != details.concludes_on
        ):
            errors["concludes_on"] = _("The conclusion date must be in the future.")
        if details.term_months:
            errors["term_months"] = _(
                "A working group's members serve until it concludes; it has no rotation."
            )
    if details.kind == Body.Kind.ADVISORY_COMMITTEE and details.concludes_on is not None:
        errors["concludes_on"] = _("An advisory committee has no conclusion date (V-C-1).")
    if details.term_months is not None and not 1 <= details.term_months <= 120:
        errors["term_months"] = _("A term is between 1 and 120 months.")
    if details.turnover_seats is not None:
        if not details.term_months:
            errors["turnover_seats"] = _("Set the term length before the rotation.")
        elif not 1 <= details.turnover_seats <= details.seats:
            errors["turnover_seats"] = _("The seats that turn over are at most all the seats.")
    if details.turnover_every_months is not None and not 1 <= details.turnover_every_months <= 120:
        errors["turnover_every_months"] = _("Rotations are between 1 and 120 months apart.")
    if not 1 <= details.quorum_percent <= 100:
        errors["quorum_percent"] = _("The quorum is a share between 1 and 100 per cent.")
    if details.threshold not in Body.Threshold.values:
        errors["threshold"] = _("Choose the threshold to forward a recommendation.")
    if details.comment_speaker_minutes < 1:
        errors["comment_speaker_minutes"] = _("Each speaker has at least one minute.")
    elif details.comment_total_minutes < details.comment_speaker_minutes:
        errors["comment_total_minutes"] = _(
            "The whole period must hold at least one speaker's time."
        )
    if details.district is not None and known_district(details.district) is None:
        errors["district"] = _("Choose a police district from the list.")
    if errors:
        raise BodyInvalid(errors)
    values: dict[str, object] = {c: getattr(details, c) for c in _COLUMNS}
    values.update(
        name=name,
        slug=slug,
        purpose=purpose,
        other_kind=other_kind if details.kind == Body.Kind.OTHER else "",
        convening_unit=unit if details.convening_role == Role.ORIGINATING_UNIT else "",
    )
    return values


def body_create(*, actor: User, details: BodyDetails) -> Body:
    if not permissions.can_create_bodies(actor):
        raise NotAllowed(_("Your role cannot create bodies."))
    values = _validate(details, body=None, today=timezone.localdate())
    probe = Body(**values)
    if not permissions.can_manage_body(actor, probe):
        raise BodyInvalid(
            {"convening_role": _("Your unit can only create bodies that it convenes.")}
        )
    with transaction.atomic():
        body = Body.objects.create(created_by=actor, **values)
        body.engagements.set(details.engagements)
        body.topics.set(details.topics)
        audit_record(actor=actor, action="body.create", obj=body, after=snapshot(body, _COLUMNS))
    return body


def body_update(*, actor: User, body: Body, details: BodyDetails) -> Body:
    _check(actor, body)
    if body.status == Body.Status.CONCLUDED:
        raise IllegalTransition(_("This body has concluded; its record is kept as it was."))
    values = _validate(details, body=body, today=timezone.localdate())
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        before = snapshot(locked, _COLUMNS)
        for name, value in values.items():
            setattr(locked, name, value)
        if not permissions.can_manage_body(actor, locked):
            raise BodyInvalid(
                {"convening_role": _("Your unit can only manage bodies that it convenes.")}
            )
        locked.save()
        locked.engagements.set(details.engagements)
        locked.topics.set(details.topics)
        changed = changed_only(before, snapshot(locked, _COLUMNS))
        if changed[0]:
            audit_record(
                actor=actor, action="body.update", obj=locked, before=changed[0], after=changed[1]
            )
    return locked


def body_publish(*, actor: User, body: Body) -> Body:
    """Puts the body, its purpose, seats and roster on the public pages."""
    _check(actor, body)
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        if locked.status != Body.Status.FORMING:
            raise IllegalTransition(_("This body is already on the public pages."))
        locked.status = Body.Status.ACTIVE
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action="body.publish", obj=locked, after={"status": "active"})
    return locked


def body_conclude(*, actor: User, body: Body, reason: str) -> Body:
    """V-C-11: a working group concludes. Its open call closes and its members' terms end;
    its record, recommendations and responses stay public."""
    _check(actor, body)
    reason = reason.strip()
    if not reason:
        raise BodyInvalid({"reason": _("Say why the body concludes.")})
    today = timezone.localdate()
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        if locked.status != Body.Status.ACTIVE:
            raise IllegalTransition(_("Only an active body can conclude."))
        if locked.recommendations.filter(status="voting").exists():
            raise IllegalTransition(_("A ballot is still open: close it first."))
        locked.status = Body.Status.CONCLUDED
        locked.concluded_at = timezone.now()
        locked.save(update_fields=["status", "concluded_at"])
        locked.calls.filter(status=Call.Status.OPEN).update(
            status=Call.Status.CLOSED, closed_at=locked.concluded_at
        )
        locked.members.filter(status=Member.Status.ACTIVE).update(
            status=Member.Status.ENDED, ended_on=today, end_reason=reason
        )
        audit_record(
            actor=actor,
            action="body.conclude",
            obj=locked,
            after={"status": "concluded"},
            note=reason,
        )
    return locked


def seat_add(*, actor: User, body: Body, label: str, reserved_for: str, count: int) -> Seat:
    """A group of seats, open or reserved (youth, lived experience): never more seats in the
    groups than the body has."""
    _check(actor, body)
    label = one_line(label)
    errors: dict[str, str] = {}
    if not label:
        errors["label"] = _("Name the seats, e.g. “Youth (ages 16 to 24)”.")
    if count < 1:
        errors["count"] = _("At least one seat.")
    if errors:
        raise BodyInvalid(errors)
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        taken = locked.seat_groups.aggregate(n=Sum("count"))["n"] or 0
        if taken + count > locked.seats:
            raise BodyInvalid(
                {
                    "count": _("The body has %(seats)d seats and %(free)d are not yet grouped.")
                    % {"seats": locked.seats, "free": locked.seats - taken}
                }
            )
        seat = Seat.objects.create(
            body=locked, label=label[:200], reserved_for=one_line(reserved_for)[:300], count=count
        )
        audit_record(
            actor=actor,
            action="body.seat_add",
            obj=locked,
            after={"seat": seat.label, "count": count, "reserved_for": seat.reserved_for},
        )
    return seat


# -- Members ---------------------------------------------------------------------------------


def _seat_free(body: Body, seat: Seat | None) -> str | None:
    """Why the seat (or the body) has no room for another serving member, or None."""
    serving = body.members.filter(status=Member.Status.ACTIVE)
    if serving.count() >= body.seats:
        return str(_("All %(seats)d seats are filled.") % {"seats": body.seats})
    if seat is not None and serving.filter(seat=seat).count() >= seat.count:
        return str(_("The seats “%(seat)s” are all filled.") % {"seat": seat.label})
    return None


def member_add(
    *,
    actor: User,
    body: Body,
    name: str,
    email: str,
    role: str,
    term_starts: datetime.date,
    organisation: str = "",
    seat: Seat | None = None,
    term_ends: datetime.date | None = None,
    publish_name: bool = False,
    publish_organisation: bool = False,
    application: Application | None = None,
    language: str = "",
) -> Member:
    """A member takes a seat for a term: an advisory committee's set length (V-C-1), a working
    group's until it concludes (V-C-11). The member gets a personal link to draft and vote."""
    _check(actor, body)
    errors: dict[str, str] = {}
    name = one_line(name)
    if not name:
        errors["name"] = _("Give the member's name.")
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, like name@example.org.")
    if role not in Member.Role.values:
        errors["role"] = _("Choose the member's role.")
    if seat is not None and seat.body_id != body.pk:
        errors["seat"] = _("Choose one of this body's seats.")
    ends = term_ends or rules.term_end(
        starts=term_starts, term_months=body.term_months, concludes_on=body.concludes_on
    )
    if ends is not None and ends < term_starts:
        errors["term_ends"] = _("The term must end after it starts.")
    if errors:
        raise BodyInvalid(errors)
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        if locked.status == Body.Status.CONCLUDED:
            raise IllegalTransition(_("This body has concluded; it takes no new members."))
        full = _seat_free(locked, seat)
        if full:
            raise BodyInvalid({"seat": full})
        member = Member.objects.create(
            body=locked,
            application=application,
            name=name[:200],
            email=email,
            organisation=one_line(organisation)[:200],
            seat=seat,
            role=role,
            term_starts=term_starts,
            term_ends=ends,
            publish_name=publish_name,
            publish_organisation=publish_organisation,
            token=secrets.token_urlsafe(24),
        )
        audit_record(
            actor=actor,
            action="member.add",
            obj=locked,
            after={
                "member": member.pk,
                "role": role,
                "seat": seat.label if seat else "",
                "term_starts": term_starts.isoformat(),
                "term_ends": ends.isoformat() if ends else None,
            },
        )
        _tell_link(member, language=language)
    return member


def _tell_link(member: Member, *, language: str = "") -> None:
    if not member.email:
        return
    with override(language or None):
        mail_on_commit(
            to=[member.email],
            subject=_("Welcome to %(body)s") % {"body": member.body.name},
            body=_(
                "You are a member of %(body)s.\n\nYour personal page, where you draft "
                "recommendations with the other members and vote, is at this link. Keep it to "
                "yourself: it acts as you.\n%(url)s"
            )
            % {
                "body": member.body.name,
                "url": absolute_url("bodies:member", token=member.token),
            },
        )


def member_link_send(*, actor: User, member: Member) -> None:
    """Sends the member their personal link again (a lost email)."""
    _check(actor, member.body)
    if member.status != Member.Status.ACTIVE:
        raise IllegalTransition(_("This member no longer serves."))
    if not member.email:
        raise IllegalTransition(_("This member has no email address."))
    with transaction.atomic():
        audit_record(actor=actor, action="member.link_send", obj=member)
        _tell_link(member)


def member_end(*, actor: User, member: Member, reason: str, left: bool = False) -> Member:
    """A member steps down (left) or their term is ended early; the seat frees."""
    _check(actor, member.body)
    reason = reason.strip()
    if not reason:
        raise BodyInvalid({"reason": _("Record why the membership ends.")})
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        if locked.status != Member.Status.ACTIVE:
            raise IllegalTransition(_("This member no longer serves."))
        locked.status = Member.Status.LEFT if left else Member.Status.ENDED
        locked.ended_on = timezone.localdate()
        locked.end_reason = reason
        locked.save(update_fields=["status", "ended_on", "end_reason"])
        audit_record(
            actor=actor,
            action="member.end",
            obj=locked,
            after={"status": locked.status},
            note=reason,
        )
    return locked


def members_end_terms(*, today: datetime.date | None = None) -> int:
    """The worker ends every term whose last day has passed; idempotent."""
    today = today or timezone.localdate()
    ended = 0
    for pk in Member.objects.filter(status=Member.Status.ACTIVE, term_ends__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = (
                Member.objects.select_for_update()
                .filter(pk=pk, status=Member.Status.ACTIVE)
                .first()
            )
            if locked is None:
                continue
            locked.status = Member.Status.ENDED
            locked.ended_on = locked.term_ends
            locked.end_reason = "term ended"
            locked.save(update_fields=["status", "ended_on", "end_reason"])
            audit_record(
                actor=None,
                actor_label="worker",
                action="member.term_end",
                obj=locked,
                after={"status": "ended"},
            )
            ended += 1
    return ended


def _convening_emails(body: Body) -> list[str]:
    """The convening unit and OEE, which conducts the engagements (VI-B-3)."""
    unit = emails_for_unit(body.convening_role, body.convening_unit)
    return sorted(set(unit) | set(emails_for_roles(Role.OEE)))


def rotation_alerts_send(*, today: datetime.date | None = None) -> int:
    """V-C-1: membership rotates on a set timeline. 60 days before a term ends, the convening
    unit and OEE are told, once per member, so the next call can open in time."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=rules.ROTATION_NOTICE_DAYS)
    sent = 0
    due = Member.objects.filter(
        status=Member.Status.ACTIVE,
        rotation_alerted_at__isnull=True,
        term_ends__gte=today,
        term_ends__lte=horizon,
        body__term_months__isnull=False,
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            member = (
                Member.objects.select_for_update()
                .select_related("body")
                .filter(pk=pk, rotation_alerted_at__isnull=True)
                .first()
            )
            if member is None:
                continue
            member.rotation_alerted_at = timezone.now()
            member.save(update_fields=["rotation_alerted_at"])
            audit_record(
                actor=None,
                actor_label="worker",
                action="member.rotation_alert",
                obj=member,
                after={"term_ends": member.term_ends.isoformat() if member.term_ends else None},
            )
            mail_on_commit(
                to=_convening_emails(member.body),
                subject=_("%(body)s: a term ends on %(date)s")
                % {"body": member.body.name, "date": member.term_ends},
                body=_(
                    "The term of %(name)s on %(body)s ends on %(date)s. Plan the rotation: "
                    "open a call for volunteers or renew the term.\n%(url)s"
                )
                % {
                    "name": member.name,
                    "body": member.body.name,
                    "date": member.term_ends,
                    "url": absolute_url("staff:bodies:detail", pk=member.body_id),
                },
            )
            sent += 1
    return sent
