"""The public comment period at a meeting (seed 000): requests to speak, the order of
speakers (first come, first served, or a recorded lottery), and the clerk's running of the
period: 30 minutes overall, 3 minutes each, one opportunity per speaker, on the agenda."""

from __future__ import annotations

import datetime
import random
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import mail_on_commit
from townhall.core.receipts import ReceiptFormat
from townhall.core.text import one_line
from townhall.meetings import permissions, rules
from townhall.meetings.models import AgendaItem, Meeting, SpeakerRequest
from townhall.meetings.registration import meeting_lines

__all__ = [
    "SpeakerInvalid",
    "ahead_of",
    "beyond_period",
    "lottery_order",
    "period_end",
    "period_start",
    "speak_closed",
    "speaker_absent",
    "speaker_call",
    "speaker_finish",
    "speaker_presence_set",
    "speaker_request_submit",
    "speaker_skip",
    "speakers_draw",
]

SPEAKER_RECEIPTS = ReceiptFormat("S", 8)


class SpeakerInvalid(FieldsInvalid):
    """Field-level problems with a request to speak."""


@dataclass(frozen=True)
class SpeakerResult:
    request: SpeakerRequest
    created: bool
    # Seed 000: more asked than the period holds; no assurance this speaker is reached.
    beyond_period: bool


def person_key(email: str, phone: str) -> str:
    """One request per person per meeting: the email, or failing that the phone's digits."""
    if email.strip():
        return email.strip().lower()
    return "tel:" + re.sub(r"\D", "", phone)


def is_public_comment_open(meeting: Meeting) -> bool:
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and meeting.has_public_comment
        and not meeting.is_internal
    )


def request_deadline(meeting: Meeting) -> datetime.datetime:
    return rules.speak_request_deadline(
        starts_at=meeting.starts_at, hours=meeting.speak_request_hours
    )


def written_deadline(meeting: Meeting) -> datetime.datetime:
    return rules.written_comment_deadline(
        starts_at=meeting.starts_at, hours=meeting.written_comment_hours
    )


def speak_closed(meeting: Meeting, now: datetime.datetime) -> str:
    """Seed 000: why the meeting takes no request to speak now ("" while it does): no less
    than 24 hours before the start, saying what is still open. What the service refuses with
    and the form page says before anyone types."""
    if not is_public_comment_open(meeting):
        return _("This meeting takes no requests to speak.")
    deadline = request_deadline(meeting)
    if rules.in_time(now, deadline):
        return ""
    if rules.in_time(now, written_deadline(meeting)):
        return _(
            "Requests to speak closed at %(deadline)s, %(hours)d hours before the meeting "
            "starts. You can still send a written comment until %(written)s."
        ) % {
            "deadline": rules.local_text(deadline),
            "hours": meeting.speak_request_hours,
            "written": rules.local_text(written_deadline(meeting)),
        }
    return _(
        "Requests to speak closed at %(deadline)s, %(hours)d hours before the meeting starts."
    ) % {"deadline": rules.local_text(deadline), "hours": meeting.speak_request_hours}


def speaker_request_submit(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    phone: str,
    agenda_item_id: int | None,
    interpretation: str = "",
    language: str = "",
    idempotency_key: str | None = None,
) -> SpeakerResult:
    """Seed 000: a request to speak, no less than 24 hours before the start, on an item of
    the agenda, one per person; accepted with a confirmation email. When more have asked than
    the period holds, the answer says plainly that not everyone may be reached."""
    if idempotency_key:
        existing = SpeakerRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return SpeakerResult(existing, False, beyond_period(existing, ahead_of(existing)))
    now = timezone.now()
    closed = speak_closed(meeting, now)
    if closed:
        raise IllegalTransition(closed)
    errors: dict[str, str] = {}
    name = one_line(name)
    if not name:
        errors["name"] = _("Give the name the chair will call you by.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    email = email.strip()
    phone = one_line(phone)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, like name@example.org.")
    if not email and len(re.sub(r"\D", "", phone)) < 7:
        errors["email"] = _("Give an email address or a phone number, so we can confirm.")
    if len(phone) > 40:
        errors["phone"] = _("The phone number is too long: at most 40 characters.")
    item = None
    if agenda_item_id is None:
        errors["agenda_item"] = _(
            "Choose the agenda item you will speak to: speakers keep to the subjects on the agenda."
        )
    else:
        item = AgendaItem.objects.filter(
            pk=agenda_item_id, meeting=meeting, withdrawn=False
        ).first()
        if item is None:
            errors["agenda_item"] = _("Choose an item of this meeting's agenda.")
    interpretation = one_line(interpretation)
    if len(interpretation) > 100:
        errors["interpretation"] = _("Please keep this to %(limit)d characters.") % {"limit": 100}
    if errors:
        raise SpeakerInvalid(errors)
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            last = locked.speakers.aggregate(m=Max("position"))["m"] or 0
            request = SpeakerRequest.objects.create(
                meeting=locked,
                name=name,
                email=email,
                phone=phone,
                person_key=person_key(email, phone),
                agenda_item=item,
                language=language,
                interpretation=interpretation,
                position=last + 1,
                receipt=SPEAKER_RECEIPTS.new(),
                idempotency_key=idempotency_key,
            )
            ahead = ahead_of(request)
            beyond = beyond_period(request, ahead)
            audit_record(
                actor=None,
                actor_label="public",
                action="speaker.request",
                obj=request,
                after={"position": request.position, "item": item.pk if item else None},
            )
            _confirm(request, locked, ahead=ahead, beyond=beyond)
    except IntegrityError:
        if idempotency_key:
            existing = SpeakerRequest.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return SpeakerResult(existing, False, beyond_period(existing, ahead_of(existing)))
        raise SpeakerInvalid(
            {
                "email": _(
                    "A request to speak from this email address or phone number is already on "
                    "the list. Each person has one opportunity to speak."
                )
            }
        ) from None
    return SpeakerResult(request, created=True, beyond_period=beyond)


def ahead_of(request: SpeakerRequest) -> int:
    """How many are waiting before this speaker in the order."""
    return SpeakerRequest.objects.filter(
        meeting_id=request.meeting_id,
        status=SpeakerRequest.Status.WAITING,
        position__lt=request.position,
    ).count()


def beyond_period(request: SpeakerRequest, ahead: int) -> bool:
    """Seed 000's "no assurance" for this speaker: waiting with as many before them as the
    period holds, or, before a lottery is drawn, when more have asked than it holds (anyone
    may be drawn last)."""
    if request.status != SpeakerRequest.Status.WAITING:
        return False
    meeting = request.meeting
    if ahead >= meeting.speaker_slots:
        return True
    return (
        meeting.speaker_order == Meeting.SpeakerOrder.LOTTERY
        and meeting.lottery_drawn_at is None
        and meeting.speakers.filter(status=SpeakerRequest.Status.WAITING).count()
        > meeting.speaker_slots
    )


def no_assurance_text(meeting: Meeting) -> str:
    return _(
        "The public comment period is limited to %(total)d minutes overall, with each speaker "
        "limited to %(each)d minutes, so there is no assurance that every person who asks will "
        "have an opportunity to speak."
    ) % {"total": meeting.comment_total_minutes, "each": meeting.comment_speaker_minutes}


def _confirm(request: SpeakerRequest, meeting: Meeting, *, ahead: int, beyond: bool) -> None:
    if not request.email:
        return
    with translation.override(request.language or settings.LANGUAGE_CODE):
        lines = [
            _("Thank you, %(name)s. Your request to speak is accepted.") % {"name": request.name},
            _("You will speak to: %(item)s") % {"item": request.agenda_item},
            _("Your receipt: %(receipt)s") % {"receipt": request.receipt},
        ]
        if meeting.speaker_order == Meeting.SpeakerOrder.LOTTERY:
            lines.append(
                _("The order of speakers is drawn by lottery after requests close at %(when)s.")
                % {"when": rules.local_text(request_deadline(meeting))}
            )
        else:
            lines.append(
                _("Speakers are called first come, first served; %(ahead)d asked before you.")
                % {"ahead": ahead}
            )
        if beyond:
            lines.append(no_assurance_text(meeting))
        lines.append(
            _(
                "Be available at the scheduled start of the meeting. Each speaker has "
                "%(each)d minutes and one opportunity to speak, on the subject of the agenda."
            )
            % {"each": meeting.comment_speaker_minutes}
        )
        mail_on_commit(
            to=[request.email],
            subject=_("Request to speak accepted: %(title)s") % {"title": meeting.title},
            body="\n\n".join([*lines, *meeting_lines(meeting)]),
        )


def lottery_order(seed: int, ids: list[int]) -> list[int]:
    """The lottery's order from its seed: anyone holding the seed and the list of requests
    (in the order they arrived) gets the same order."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)  # noqa: S311  (fairness, not secrecy: seed is published)
    return order


def _check_clerk(actor: User, meeting: Meeting) -> None:
    if not permissions.can_manage_meeting(actor, meeting):
        raise NotAllowed(_("Your role cannot run this meeting."))


def speakers_draw(*, actor: User | None, meeting: Meeting) -> list[SpeakerRequest]:
    """The lottery, once, after requests close: a random seed is drawn and recorded, and the
    order follows from it (lottery_order), so it can be checked by anyone."""
    if actor is not None:
        _check_clerk(actor, meeting)
    if meeting.speaker_order != Meeting.SpeakerOrder.LOTTERY:
        raise IllegalTransition(_("This meeting calls speakers first come, first served."))
    if meeting.lottery_drawn_at is not None:
        raise IllegalTransition(_("The lottery was already drawn."))
    now = timezone.now()
    if rules.in_time(now, request_deadline(meeting)):
        raise IllegalTransition(
            _("The lottery is drawn after requests to speak close, at %(when)s.")
            % {"when": rules.local_text(request_deadline(meeting))}
        )
    seed = secrets.randbits(62)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.lottery_drawn_at is not None:
            raise IllegalTransition(_("The lottery was already drawn."))
        waiting = list(locked.speakers.filter(status=SpeakerRequest.Status.WAITING))
        order = lottery_order(seed, [s.pk for s in waiting])
        by_id = {s.pk: s for s in waiting}
        for position, pk in enumerate(order, start=1):
            SpeakerRequest.objects.filter(pk=pk).update(position=position)
            by_id[pk].position = position
        Meeting.objects.filter(pk=locked.pk).update(lottery_seed=seed, lottery_drawn_at=now)
        meeting.lottery_seed, meeting.lottery_drawn_at = seed, now
        audit_record(
            actor=actor,
            action="meeting.lottery",
            obj=meeting,
            after={"seed": seed, "order": [by_id[pk].receipt for pk in order]},
        )
    return sorted(waiting, key=lambda s: s.position)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _clock(
    meeting: Meeting, now: datetime.datetime, called_at: datetime.datetime | None
) -> rules.Clock:
    return rules.period_clock(
        now=now,
        started_at=meeting.period_started_at,
        ended_at=meeting.period_ended_at,
        total_minutes=meeting.comment_total_minutes,
        speaker_minutes=meeting.comment_speaker_minutes,
        speaker_called_at=called_at,
    )


def period_start(*, actor: User, meeting: Meeting) -> Meeting:
    """The chair opens the public comment period; its 30 minutes run from now. A lottery not
    yet drawn is drawn first."""
    _check_clerk(actor, meeting)
    if not meeting.has_public_comment:
        raise IllegalTransition(_("This meeting has no public comment period."))
    if meeting.status != Meeting.Status.SCHEDULED:
        raise IllegalTransition(_("Only a scheduled meeting holds its public comment period."))
    now = timezone.now()
    if now < meeting.starts_at:
        raise IllegalTransition(_("The public comment period opens once the meeting starts."))
    if meeting.period_started_at is not None:
        raise IllegalTransition(_("The public comment period has already begun."))
    if meeting.speaker_order == Meeting.SpeakerOrder.LOTTERY and meeting.lottery_drawn_at is None:
        speakers_draw(actor=actor, meeting=meeting)
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, period_started_at__isnull=True).update(
            period_started_at=now
        )
        if not updated:
            raise IllegalTransition(_("The public comment period has already begun."))
        audit_record(actor=actor, action="period.start", obj=meeting, after={"at": now})
    meeting.period_started_at = now
    return meeting


def _check_running(meeting: Meeting) -> None:
    if meeting.period_started_at is None:
        raise IllegalTransition(_("Open the public comment period first."))
    if meeting.period_ended_at is not None:
        raise IllegalTransition(_("The public comment period has ended."))


def _finish_current(meeting: Meeting, now: datetime.datetime, actor: User) -> None:
    for current in meeting.speakers.filter(status=SpeakerRequest.Status.SPEAKING):
        SpeakerRequest.objects.filter(pk=current.pk).update(
            status=SpeakerRequest.Status.SPOKE, finished_at=now
        )
        audit_record(
            actor=actor,
            action="speaker.finish",
            obj=current,
            before={"status": SpeakerRequest.Status.SPEAKING},
            after={"status": SpeakerRequest.Status.SPOKE, "at": now},
        )


def speaker_call(
    *, actor: User, meeting: Meeting, speaker: SpeakerRequest | None = None
) -> SpeakerRequest:
    """Call the next speaker in order (or a named one who is waiting). Whoever was speaking
    has finished. Refused once the period's time is used up: seed 000, one opportunity each,
    and no assurance everyone is reached."""
    _check_clerk(actor, meeting)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(meeting)
        _check_running(locked)
        if _clock(locked, now, None).over:
            raise IllegalTransition(
                _("The %(total)d minutes of public comment are used up; end the period.")
                % {"total": locked.comment_total_minutes}
            )
        waiting = locked.speakers.filter(status=SpeakerRequest.Status.WAITING)
        chosen = waiting.filter(pk=speaker.pk).first() if speaker is not None else waiting.first()
        if chosen is None:
            raise IllegalTransition(
                _("Nobody is waiting to speak.")
                if speaker is None
                else _("This speaker is not waiting: each person has one opportunity to speak.")
            )
        _finish_current(locked, now, actor)
        SpeakerRequest.objects.filter(pk=chosen.pk).update(
            status=SpeakerRequest.Status.SPEAKING, called_at=now
        )
        audit_record(
            actor=actor,
            action="speaker.call",
            obj=chosen,
            before={"status": SpeakerRequest.Status.WAITING},
            after={"status": SpeakerRequest.Status.SPEAKING, "at": now},
        )
    chosen.refresh_from_db()
    return chosen


def speaker_finish(*, actor: User, speaker: SpeakerRequest) -> SpeakerRequest:
    """The speaker is done (or their time is up); how long they spoke is recorded."""
    _check_clerk(actor, speaker.meeting)
    with transaction.atomic():
        locked = _locked(speaker.meeting)
        current = locked.speakers.filter(pk=speaker.pk).first()
        if current is None or current.status != SpeakerRequest.Status.SPEAKING:
            raise IllegalTransition(_("This speaker is not speaking."))
        _finish_current(locked, timezone.now(), actor)
    speaker.refresh_from_db()
    return speaker


def speaker_skip(*, actor: User, speaker: SpeakerRequest) -> SpeakerRequest:
    """Pass over a waiting speaker for now (not yet in the room, connection trouble): they go
    to the end of the queue, once. A second time, the clerk marks them absent."""
    _check_clerk(actor, speaker.meeting)
    with transaction.atomic():
        locked = _locked(speaker.meeting)
        _check_running(locked)
        current = locked.speakers.filter(pk=speaker.pk).first()
        if current is None or current.status != SpeakerRequest.Status.WAITING:
            raise IllegalTransition(_("Only a waiting speaker can be passed over."))
        if current.skipped:
            raise IllegalTransition(
                _("This speaker was already passed over once; call them or mark them absent.")
            )
        last = locked.speakers.aggregate(m=Max("position"))["m"] or 0
        SpeakerRequest.objects.filter(pk=current.pk).update(position=last + 1, skipped=1)
        audit_record(
            actor=actor,
            action="speaker.skip",
            obj=current,
            before={"position": current.position},
            after={"position": last + 1},
        )
    speaker.refresh_from_db()
    return speaker


def speaker_absent(*, actor: User, speaker: SpeakerRequest) -> SpeakerRequest:
    """Called and not there: their one opportunity has passed."""
    _check_clerk(actor, speaker.meeting)
    with transaction.atomic():
        locked = _locked(speaker.meeting)
        _check_running(locked)
        current = locked.speakers.filter(pk=speaker.pk).first()
        if current is None or current.status not in (
            SpeakerRequest.Status.WAITING,
            SpeakerRequest.Status.SPEAKING,
        ):
            raise IllegalTransition(_("Only a waiting or called speaker can be marked absent."))
        SpeakerRequest.objects.filter(pk=current.pk).update(
            status=SpeakerRequest.Status.ABSENT, called_at=None, finished_at=None
        )
        audit_record(
            actor=actor,
            action="speaker.absent",
            obj=current,
            before={"status": current.status},
            after={"status": SpeakerRequest.Status.ABSENT},
        )
    speaker.refresh_from_db()
    return speaker


def speaker_presence_set(*, actor: User, speaker: SpeakerRequest, presence: str) -> SpeakerRequest:
    """The record of the meeting notes whether each speaker took part in person or remotely."""
    _check_clerk(actor, speaker.meeting)
    if presence not in SpeakerRequest.Presence.values:
        raise DomainError(_("Choose in person or remotely."))
    with transaction.atomic():
        SpeakerRequest.objects.filter(pk=speaker.pk).update(presence=presence)
        audit_record(
            actor=actor,
            action="speaker.presence",
            obj=speaker,
            before={"presence": speaker.presence},
            after={"presence": presence},
        )
    speaker.presence = presence
    return speaker


def period_end(*, actor: User, meeting: Meeting) -> Meeting:
    """Close the period: whoever speaks has finished, and everyone still waiting is recorded
    as not reached in the time (seed 000: no assurance every person speaks)."""
    _check_clerk(actor, meeting)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(meeting)
        _check_running(locked)
        _finish_current(locked, now, actor)
        not_reached = list(
            locked.speakers.filter(status=SpeakerRequest.Status.WAITING).values_list(
                "receipt", flat=True
            )
        )
        locked.speakers.filter(status=SpeakerRequest.Status.WAITING).update(
            status=SpeakerRequest.Status.NOT_REACHED
        )
        Meeting.objects.filter(pk=locked.pk).update(period_ended_at=now)
        audit_record(
            actor=actor,
            action="period.end",
            obj=meeting,
            after={"at": now, "not_reached": not_reached},
        )
    meeting.period_ended_at = now
    return meeting
