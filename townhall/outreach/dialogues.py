"""Dialogue requests (seed 002 V-C-10-b): anyone, a group or one person, asks for a dialogue
with members of the Department on a topic or a directive. Received from the public form with
a receipt; the Office of Equity and Engagement schedules it into a meeting, refers it to
whoever is better placed to answer, or declines it with a reason. The requester is told at
each step, in the language of the page they wrote from, and follows it by receipt. Kept for
ever; no address of the sender is stored.

Transitions: received -> scheduled | referred | declined; referred -> scheduled. A decided
request is not decided again otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from townhall.accounts.models import Role, User
from townhall.core.audit import audit_record
from townhall.core.districts import district as district_named
from townhall.core.errors import (
    DomainError,
    FieldsInvalid,
    IllegalTransition,
    NotAllowed,
    ResubmittedChanged,
)
from townhall.core.mail import absolute_url, emails_for_roles, mail_on_commit
from townhall.core.receipts import ReceiptFormat
from townhall.core.text import email_problem, one_line
from townhall.directives.models import Directive
from townhall.engagements.models import Topic
from townhall.meetings.models import Meeting
from townhall.outreach import permissions
from townhall.outreach.models import DialogueRequest

__all__ = [
    "DIALOGUE_RECEIPTS",
    "DialogueInvalid",
    "ResubmittedChanged",
    "SubmitResult",
    "already_received",
    "dialogue_request_by_receipt",
    "dialogue_request_check",
    "dialogue_request_decline",
    "dialogue_request_refer",
    "dialogue_request_schedule",
    "dialogue_request_submit",
    "dialogue_requests",
    "dialogue_status_counts",
    "find_by_receipt",
    "meeting_public_path",
    "meetings_to_offer",
    "new_receipt",
    "normalize_receipt",
    "receipt_url",
]

DIALOGUE_RECEIPTS = ReceiptFormat("D", 12)  # 60 random bits
MAX_DETAILS_CHARS = 5000
MAX_DATES_CHARS = 1000
MAX_GROUP_SIZE = 10000

new_receipt = DIALOGUE_RECEIPTS.new
normalize_receipt = DIALOGUE_RECEIPTS.normalize

S = DialogueRequest.Status


class DialogueInvalid(FieldsInvalid):
    """Field-level problems with a dialogue request."""


@dataclass(frozen=True)
class SubmitResult:
    request: DialogueRequest
    created: bool


@dataclass(frozen=True)
class _Clean:
    group_name: str
    contact_name: str
    email: str
    phone: str
    subject: str
    directive: Directive | None
    topic: Topic | None
    group_size: int | None
    district: int | None
    preferred_dates: str
    dialogue_language: str
    details: str


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _validate(
    *,
    group_name: str,
    contact_name: str,
    email: str,
    phone: str,
    subject: str,
    directive_number: str,
    topic: Topic | None,
    group_size: int | None,
    district: int | None,
    preferred_dates: str,
    dialogue_language: str,
    details: str,
) -> _Clean:
    errors: dict[str, str] = {}
    group_name = one_line(group_name)
    if len(group_name) > 200:
        errors["group_name"] = _("The name is too long: at most 200 characters.")
    contact_name = one_line(contact_name)
    if not contact_name:
        errors["contact_name"] = _("Give your name, so we know whom to answer.")
    elif len(contact_name) > 200:
        errors["contact_name"] = _("The name is too long: at most 200 characters.")
    email = (email or "").strip()
    if not email:
        errors["email"] = _("Give an email address, so we can tell you at each step.")
    else:
        problem = email_problem(email)
        if problem:
            errors["email"] = problem
    phone = one_line(phone)
    if len(phone) > 40:
        errors["phone"] = _("The phone number is too long: at most 40 characters.")
    subject = one_line(subject)
    directive = None
    number = one_line(directive_number).upper()
    if number:
        directive = Directive.objects.filter(number=number).first()
        if directive is None:
            errors["directive"] = _(
                "There is no directive %(number)s in the registry. Leave the number out "
                "and name the topic in your own words."
            ) % {"number": number[:80]}
    if not subject and directive is not None:
        subject = f"{directive.number} {directive.title}"
    if not subject and topic is not None:
        subject = topic.name
    if not subject and "directive" not in errors:
        errors["subject"] = _(
            "Tell us what you would like to discuss: a topic in your own words, a directive "
            "number or a topic from the list."
        )
    elif len(subject) > 300:
        errors["subject"] = _("The topic is too long: at most 300 characters.")
    if group_size is not None and not 1 <= group_size <= MAX_GROUP_SIZE:
        errors["group_size"] = _(
            "Give the number of people as a whole number from 1 to %(max)d."
        ) % {"max": MAX_GROUP_SIZE}
    if district is not None and district_named(district) is None:
        errors["district"] = _("Choose a district from the list of the 22 police districts.")
    preferred_dates = _text(preferred_dates)
    if len(preferred_dates) > MAX_DATES_CHARS:
        errors["preferred_dates"] = _(
            "The preferred dates are %(n)d characters long; the limit is %(max)d."
        ) % {"n": len(preferred_dates), "max": MAX_DATES_CHARS}
    if dialogue_language not in _language_codes():
        errors["dialogue_language"] = _("Choose a language from the list.")
    details = _text(details)
    if len(details) > MAX_DETAILS_CHARS:
        errors["details"] = _(
            "Your text is %(n)d characters long; the limit is %(max)d. Please shorten it."
        ) % {"n": len(details), "max": MAX_DETAILS_CHARS}
    if errors:
        raise DialogueInvalid(errors)
    return _Clean(
        group_name=group_name,
        contact_name=contact_name,
        email=email,
        phone=phone,
        subject=subject[:300],
        directive=directive,
        topic=topic,
        group_size=group_size,
        district=district,
        preferred_dates=preferred_dates,
        dialogue_language=dialogue_language,
        details=details,
    )


def dialogue_request_check(
    *,
    contact_name: str,
    email: str,
    group_name: str = "",
    phone: str = "",
    subject: str = "",
    directive_number: str = "",
    topic: Topic | None = None,
    group_size: int | None = None,
    district: int | None = None,
    preferred_dates: str = "",
    dialogue_language: str = "en",
    details: str = "",
) -> None:
    """The submission's own checks without storing anything, so a form refused for one
    field can list every other problem at once. Raises DialogueInvalid."""
    _validate(
        group_name=group_name,
        contact_name=contact_name,
        email=email,
        phone=phone,
        subject=subject,
        directive_number=directive_number,
        topic=topic,
        group_size=group_size,
        district=district,
        preferred_dates=preferred_dates,
        dialogue_language=dialogue_language,
        details=details,
    )


def already_received(
    *, key: str | None, contact_name: str, email: str, details: str
) -> DialogueRequest | None:
    """The request a repeated submission already made (a double click, a retry); raises
    ResubmittedChanged when the same form comes back with another request in it."""
    if not key:
        return None
    existing = DialogueRequest.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    same = (
        existing.contact_name == one_line(contact_name)
        and existing.email.lower() == (email or "").strip().lower()
        and existing.details == _text(details)
    )
    if not same:
        raise ResubmittedChanged(
            _(
                "This form was already sent, with a different request. Your new text is kept "
                "below: send it again and it becomes a second request."
            )
        )
    return existing


# --- Mail -----------------------------------------------------------------------------------


def receipt_url(receipt: str, language: str = "") -> str:
    """The receipt page, as a link for the requester's mail, in the language they used."""
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse("outreach:dialogue-receipt", kwargs={"receipt": receipt})
    return f"{settings.TOWNHALL_BASE_URL.rstrip('/')}{path}"


def meeting_public_path(meeting: Meeting | None, language: str = "") -> str:
    """The path of the meeting's public page, when the public may see it (its agenda posted,
    on a public activity of a published engagement); empty otherwise. In `language`, or in
    the language active now."""
    if meeting is None:
        return ""
    from townhall.meetings.selectors import is_public

    if not is_public(meeting):
        return ""
    with translation.override(language or translation.get_language()):
        getter = getattr(meeting, "get_absolute_url", None)
        if callable(getter):
            return str(getter())
        return reverse("meetings:detail", kwargs={"pk": meeting.pk})


def _when(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return (
        f"{formats.date_format(local, 'DATE_FORMAT')}, {formats.time_format(local, 'TIME_FORMAT')}"
    )


def _acknowledge(item: DialogueRequest) -> None:
    with translation.override(item.language or settings.LANGUAGE_CODE):
        subject = _("Your request for a dialogue was received: receipt %(receipt)s") % {
            "receipt": item.receipt
        }
        body = _(
            "Thank you, %(name)s. Your request for a dialogue with the Chicago Police "
            "Department on “%(subject)s” was received.\n\nReceipt: %(receipt)s\nSee where it "
            "stands at any time: %(url)s\n\nThe Office of Equity and Engagement reads every "
            "request. It will write to you when a meeting is scheduled, when your request is "
            "referred to someone better placed to answer it, or if it cannot be taken up."
        ) % {
            "name": item.contact_name,
            "subject": item.subject,
            "receipt": item.receipt,
            "url": receipt_url(item.receipt, item.language),
        }
    mail_on_commit(to=[item.email], subject=subject, body=body)


def _tell_oee(item: DialogueRequest) -> None:
    """OEE answers dialogue requests (V-C-10-b, VI-B-3): its members hear of each new one,
    in the site's language, with a link to the staff page (no personal details in the mail)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New request for a dialogue: %(subject)s") % {"subject": item.subject}
        body = _(
            "A request for a dialogue (V-C-10-b) was received.\n\nTopic: %(subject)s\n"
            "Group: %(group)s\nPolice district: %(district)s\nLanguage of the dialogue: "
            "%(language)s\n\nAnswer it here: %(url)s"
        ) % {
            "subject": item.subject,
            "group": item.group_name or _("an individual"),
            "district": item.district or _("not given"),
            "language": item.get_dialogue_language_display(),
            "url": absolute_url("staff:outreach:dialogue", pk=item.pk),
        }
    mail_on_commit(to=emails_for_roles(Role.OEE), subject=subject, body=body)


def _decision_mail(item: DialogueRequest) -> None:
    with translation.override(item.language or settings.LANGUAGE_CODE):
        values: dict[str, Any] = {
            "name": item.contact_name,
            "subject": item.subject,
            "receipt": item.receipt,
            "url": receipt_url(item.receipt, item.language),
            "note": item.decision_note,
        }
        if item.status == S.SCHEDULED and item.meeting is not None:
            meeting = item.meeting
            values.update(
                meeting=meeting.title,
                when=_when(meeting.starts_at),
                where=meeting.place or meeting.get_mode_display(),
            )
            link = meeting_public_path(meeting, item.language or settings.LANGUAGE_CODE)
            values["meeting_url"] = (
                f"{settings.TOWNHALL_BASE_URL.rstrip('/')}{link}" if link else _("sent to you soon")
            )
            subject = _("A meeting is scheduled for your dialogue request %(receipt)s") % values
            body = (
                _(
                    "Dear %(name)s,\n\nThe Office of Equity and Engagement scheduled your request "
                    "for a dialogue on “%(subject)s” into this meeting:\n\n%(meeting)s\n%(when)s "
                    "(Chicago time)\n%(where)s\nDetails: %(meeting_url)s\n\n%(note)s\n\n"
                    "Receipt: %(receipt)s\n%(url)s"
                )
                % values
            )
        elif item.status == S.REFERRED:
            values["referred_to"] = item.referred_to
            subject = _("Your dialogue request %(receipt)s was referred") % values
            body = (
                _(
                    "Dear %(name)s,\n\nThe Office of Equity and Engagement referred your request "
                    "for a dialogue on “%(subject)s” to %(referred_to)s, who is better placed to "
                    "take it up.\n\n%(note)s\n\nReceipt: %(receipt)s\n%(url)s"
                )
                % values
            )
        else:
            subject = _("Your dialogue request %(receipt)s was declined") % values
            body = (
                _(
                    "Dear %(name)s,\n\nThe Office of Equity and Engagement cannot take up your "
                    "request for a dialogue on “%(subject)s”, for this reason:\n\n%(note)s\n\n"
                    "You can still comment on any directive, and send a new request at any "
                    "time.\n\nReceipt: %(receipt)s\n%(url)s"
                )
                % values
            )
    mail_on_commit(to=[item.email], subject=subject, body=body.replace("\n\n\n\n", "\n\n"))


# --- Submission -----------------------------------------------------------------------------


def dialogue_request_submit(
    *,
    contact_name: str,
    email: str,
    group_name: str = "",
    phone: str = "",
    subject: str = "",
    directive_number: str = "",
    topic: Topic | None = None,
    group_size: int | None = None,
    district: int | None = None,
    preferred_dates: str = "",
    dialogue_language: str = "en",
    details: str = "",
    language: str = "",
    idempotency_key: str | None = None,
) -> SubmitResult:
    """V-C-10-b: a request for a dialogue on a topic or a directive. Stored with a random
    receipt; acknowledged to the requester and announced to OEE once committed. The same
    `idempotency_key` twice returns the first request. What the public sends writes no audit
    row and keeps no address of the sender."""
    existing = already_received(
        key=idempotency_key, contact_name=contact_name, email=email, details=details
    )
    if existing is not None:
        return SubmitResult(existing, created=False)
    clean = _validate(
        group_name=group_name,
        contact_name=contact_name,
        email=email,
        phone=phone,
        subject=subject,
        directive_number=directive_number,
        topic=topic,
        group_size=group_size,
        district=district,
        preferred_dates=preferred_dates,
        dialogue_language=dialogue_language,
        details=details,
    )
    if language not in _language_codes():
        language = ""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                item = DialogueRequest.objects.create(
                    receipt=new_receipt(),
                    idempotency_key=idempotency_key,
                    group_name=clean.group_name,
                    contact_name=clean.contact_name,
                    email=clean.email,
                    phone=clean.phone,
                    subject=clean.subject,
                    directive=clean.directive,
                    topic=clean.topic,
                    group_size=clean.group_size,
                    district=clean.district,
                    preferred_dates=clean.preferred_dates,
                    dialogue_language=clean.dialogue_language,
                    details=clean.details,
                    language=language,
                )
                _acknowledge(item)
                _tell_oee(item)
                return SubmitResult(item, created=True)
        except IntegrityError:
            if idempotency_key:
                again = already_received(
                    key=idempotency_key, contact_name=contact_name, email=email, details=details
                )
                if again is not None:  # two copies of one submission raced; the other won
                    return SubmitResult(again, created=False)
            continue  # a receipt collision: draw another
    raise DomainError(_("Could not issue a receipt; please send again."), code="receipt")


# --- Triage by OEE --------------------------------------------------------------------------


def _check_triager(actor: User) -> None:
    if not permissions.can_triage_dialogues(actor):
        raise NotAllowed(_("Only the Office of Equity and Engagement answers dialogue requests."))


def _decide(
    *,
    actor: User,
    item: DialogueRequest,
    allowed: set[str],
    target: str,
    action: str,
    values: dict[str, Any],
) -> DialogueRequest:
    """Change the status under a row lock, so two people deciding at once cannot both win;
    audited, and the requester is mailed once it commits."""
    with transaction.atomic():
        locked = DialogueRequest.objects.select_for_update().get(pk=item.pk)
        if locked.status not in allowed:
            raise IllegalTransition(
                _("This request is already %(status)s; it cannot be changed that way.")
                % {"status": locked.get_status_display().lower()}
            )
        before = {
            "status": locked.status,
            "meeting": locked.meeting_id,
            "referred_to": locked.referred_to,
            "decision_note": locked.decision_note,
        }
        values = {**values, "status": target, "decided_by": actor, "decided_at": timezone.now()}
        DialogueRequest.objects.filter(pk=item.pk).update(**values)
        audit_record(
            actor=actor,
            action=f"dialogue_request.{action}",
            obj=locked,
            before=before,
            after={
                "status": target,
                "meeting": getattr(values.get("meeting"), "pk", before["meeting"]),
                "referred_to": values.get("referred_to", before["referred_to"]),
                "decision_note": values.get("decision_note", ""),
            },
        )
        item.refresh_from_db()
        _decision_mail(item)
    return item


def dialogue_request_schedule(
    *, actor: User, dialogue_request: DialogueRequest, meeting: Meeting, note: str = ""
) -> DialogueRequest:
    """Received (or referred) -> scheduled: the dialogue takes place at an existing meeting
    that is not cancelled, has not ended and is open to the community (V-C-10-b)."""
    _check_triager(actor)
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("That meeting is cancelled: choose another one."), code="meeting")
    if meeting.ends_at <= timezone.now():
        raise DomainError(_("That meeting is over: choose an upcoming one."), code="meeting")
    if meeting.is_internal:
        raise DomainError(
            _("An internal focus group is for Department members only: choose another meeting."),
            code="meeting",
        )
    return _decide(
        actor=actor,
        item=dialogue_request,
        allowed={S.RECEIVED, S.REFERRED},
        target=S.SCHEDULED,
        action="schedule",
        values={"meeting": meeting, "decision_note": _text(note)},
    )


def dialogue_request_refer(
    *, actor: User, dialogue_request: DialogueRequest, referred_to: str, note: str = ""
) -> DialogueRequest:
    """Received -> referred: someone else is better placed to take it up (a district's
    community policing office, the Training Division, the CCPSA, ...), named for the
    requester."""
    _check_triager(actor)
    referred_to = one_line(referred_to)
    if not referred_to:
        raise DialogueInvalid(
            {"referred_to": _("Say to whom the request is referred; the requester is told.")}
        )
    if len(referred_to) > 300:
        raise DialogueInvalid({"referred_to": _("At most 300 characters.")})
    return _decide(
        actor=actor,
        item=dialogue_request,
        allowed={S.RECEIVED},
        target=S.REFERRED,
        action="refer",
        values={"referred_to": referred_to, "decision_note": _text(note)},
    )


def dialogue_request_decline(
    *, actor: User, dialogue_request: DialogueRequest, reason: str
) -> DialogueRequest:
    """Received -> declined, with a written reason the requester receives."""
    _check_triager(actor)
    reason = _text(reason)
    if not reason:
        raise DialogueInvalid(
            {"reason": _("Say why the request is declined; the requester is told.")}
        )
    return _decide(
        actor=actor,
        item=dialogue_request,
        allowed={S.RECEIVED},
        target=S.DECLINED,
        action="decline",
        values={"decision_note": reason},
    )


# --- Reads ----------------------------------------------------------------------------------


def dialogue_request_by_receipt(receipt: str) -> DialogueRequest:
    """The request behind a receipt, or 404: what the public receipt page reads."""
    return get_object_or_404(
        DialogueRequest.objects.select_related("meeting"), receipt=normalize_receipt(receipt)
    )


def find_by_receipt(receipt: str) -> DialogueRequest | None:
    return DialogueRequest.objects.filter(receipt=normalize_receipt(receipt)).first()


def dialogue_requests(*, status: str = "") -> QuerySet[DialogueRequest]:
    qs = DialogueRequest.objects.select_related("directive", "topic", "meeting")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def dialogue_status_counts() -> dict[str, int]:
    """How many requests are in each status (every status listed, zeros included)."""
    found = dict(
        DialogueRequest.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {value: int(found.get(value, 0)) for value in S.values}


def meetings_to_offer(*, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """The meetings a request can be scheduled into: upcoming, not cancelled, not internal."""
    now = now or timezone.now()
    return (
        Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
        .exclude(kind=Meeting.Kind.INTERNAL_FOCUS_GROUP)
        .filter(ends_at__gt=now)
        .order_by("starts_at", "id")
    )
