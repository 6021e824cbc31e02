"""Sending announcements: throttled, resumable, and honest about each recipient (VII-C).

When a dispatch is due the worker *starts* it: in one transaction its status becomes
"sending" and one Delivery row is written per recipient (the audience resolved at that
moment, and the Department for an AMC message). From then on the list is fixed and the
dispatch is sent in chunks, each under a lease:

- a chunk claims a row (status "sending"), sends it, and marks it sent: a crash leaves at most
  the one row in flight, and the next chunk sends that row again *with the same Message-ID*,
  so a mailbox that saw it keeps one copy; nobody is skipped and nobody gets two different
  messages;
- a chunk that ends on time hands over to the next one; a worker that died leaves a lease
  that lapses, and the minute job resumes the dispatch;
- every message is checked against the suppression list at the moment it is sent;
- a recipient refused permanently (5xx) counts a bounce; two bounces suppress the address.

Throttling: at most settings.TOWNHALL_OUTREACH_RATE messages a second (0: no limit).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks, urlize
from django.utils.translation import gettext as _

from townhall.accounts.models import Role, RoleAssignment
from townhall.core.mail import absolute_url, emails_for_roles, mail_on_commit
from townhall.outreach import audiences, social, tokens
from townhall.outreach.models import (
    Announcement,
    AnnouncementText,
    Channel,
    Delivery,
    Dispatch,
    Suppression,
)
from townhall.postings.models import Posting

__all__ = [
    "BOUNCES_TO_SUPPRESS",
    "ChunkResult",
    "bounces_process",
    "dispatch_send",
    "dispatch_start",
    "dispatches_resume",
    "dispatches_start_due",
    "message_for",
    "record_bounce",
    "unsubscribe_url",
]

logger = logging.getLogger("townhall.outreach")

BOUNCES_TO_SUPPRESS = 2
MAX_ATTEMPTS = 5
LEASE = datetime.timedelta(minutes=2)
# The minute job resumes a dispatch nobody has touched for this long (its worker died).
STALE = datetime.timedelta(minutes=1)
_RENEW_EVERY = 50


@dataclass
class ChunkResult:
    sent: int = 0
    failed: int = 0
    bounced: int = 0
    skipped: int = 0
    resent: int = 0
    remaining: int = 0
    stopped: str = ""  # why the chunk stopped early: "lease", "smtp"
    finished: bool = False


# --- Starting ---------------------------------------------------------------------------------


def _sync_moments() -> None:
    """A posting extended or moved keeps its announcements on its period: dispatches tied to
    a moment follow the posting's current dates until they start."""
    from townhall.outreach.announcements import moment_time

    due = Dispatch.objects.filter(
        status=Dispatch.Status.SCHEDULED,
        announcement__status=Announcement.Status.SCHEDULED,
        announcement__posting__isnull=False,
    ).exclude(moment=Dispatch.Moment.CUSTOM)
    for dispatch in due.select_related("announcement__posting"):
        posting = dispatch.announcement.posting
        assert posting is not None
        when = moment_time(posting, dispatch.moment)
        if when is not None and when != dispatch.send_at:
            Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SCHEDULED).update(
                send_at=when
            )


def dispatches_start_due(*, now: datetime.datetime | None = None) -> int:
    """Start every dispatch whose time has come (idempotent: each start claims its row).
    A posting's announcement waits until the posting is open (VII-C: "upon the posting"),
    and is cancelled if the posting closed first."""
    now = now or timezone.now()
    _sync_moments()
    started = 0
    due = Dispatch.objects.filter(
        status=Dispatch.Status.SCHEDULED,
        announcement__status=Announcement.Status.SCHEDULED,
        send_at__lte=now,
    ).select_related("announcement__posting")
    for dispatch in due:
        posting = dispatch.announcement.posting
        if posting is not None and posting.status != Posting.Status.OPEN:
            if posting.status in (Posting.Status.CLOSED, Posting.Status.COMPILED):
                Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SCHEDULED).update(
                    status=Dispatch.Status.CANCELLED
                )
                _finish_announcement(dispatch.announcement_id)
            continue
        if dispatch_start(dispatch_id=dispatch.pk, now=now):
            started += 1
    return started


def _department() -> list[audiences.Recipient]:
    """VII-C-1: the AMC message reaches the Department: its message desk when configured,
    and every Department member with an account."""
    found: list[audiences.Recipient] = []
    desk = getattr(settings, "TOWNHALL_AMC_ADDRESS", "")
    if desk:
        found.append(
            audiences.Recipient(desk.lower(), settings.LANGUAGE_CODE, Delivery.Kind.DEPARTMENT)
        )
    members = (
        RoleAssignment.objects.filter(role=Role.DEPARTMENT_MEMBER, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )
    seen = {r.email for r in found}
    for email in members:
        address = email.strip().lower()
        if address not in seen:
            seen.add(address)
            found.append(
                audiences.Recipient(address, settings.LANGUAGE_CODE, Delivery.Kind.DEPARTMENT)
            )
    return found


def dispatch_start(*, dispatch_id: int, now: datetime.datetime | None = None) -> bool:
    """Scheduled -> sending, with its recipients fixed. False if someone else started it."""
    now = now or timezone.now()
    with transaction.atomic():
        dispatch = (
            # Lock the dispatch row only: PostgreSQL refuses FOR UPDATE on the nullable side
            # of the joins (an announcement without an audience or a posting).
            Dispatch.objects.select_for_update(of=("self",))
            .select_related("announcement__audience", "announcement__posting")
            .filter(pk=dispatch_id, status=Dispatch.Status.SCHEDULED)
            .first()
        )
        if dispatch is None:
            return False
        announcement = dispatch.announcement
        recipients: list[audiences.Recipient] = []
        if Channel.EMAIL in announcement.channels and announcement.audience is not None:
            subject = audiences.announcement_subject(announcement)
            recipients += audiences.recipients(announcement.audience.criteria, subject)
        if Channel.AMC in announcement.channels:
            recipients += _department()
        Delivery.objects.bulk_create(
            [
                Delivery(
                    dispatch=dispatch,
                    email=r.email,
                    language=r.language,
                    kind=r.kind,
                    contact_id=r.contact_id,
                    subscriber_id=r.subscriber_id,
                )
                for r in recipients
            ],
            batch_size=1000,
            ignore_conflicts=True,  # an address both a contact and a Department member: once
        )
        total = Delivery.objects.filter(dispatch=dispatch).count()
        Dispatch.objects.filter(pk=dispatch.pk).update(
            status=Dispatch.Status.SENDING, started_at=now, total=total, lease_until=None
        )
        _ask_communications(announcement, dispatch)
        if total:
            transaction.on_commit(lambda: _enqueue_send(dispatch.pk), robust=True)
        else:
            transaction.on_commit(lambda: dispatch_send(dispatch_id=dispatch.pk), robust=True)
    return True


def _enqueue_send(dispatch_id: int) -> None:
    from townhall.outreach.tasks import send_dispatch_task

    send_dispatch_task.enqueue(dispatch_id)


def _ask_communications(announcement: Announcement, dispatch: Dispatch) -> None:
    """VII-C-2, VII-C-3-c: the social posts and the press release are published by people;
    the Communications Division gets them ready to paste, fitted to each platform."""
    wanted = [c for c in announcement.channels if c in social.PLATFORMS or c == Channel.PRESS]
    if not wanted:
        return
    texts = {
        (t.channel, t.language): t
        for t in AnnouncementText.objects.filter(announcement=announcement, channel__in=wanted)
    }
    with translation.override(settings.LANGUAGE_CODE):
        parts = []
        for channel in wanted:
            for (c, language), text in sorted(texts.items()):
                if c != channel:
                    continue
                if channel == Channel.PRESS:
                    body = f"{text.subject}\n\n{text.body}\n\n{announcement.link}"
                else:
                    body = social.fit(channel, text.body, announcement.link).text
                parts.append(f"--- {Channel(channel).label} [{language}] ---\n{body}")
        subject = _("Ready to post: %(title)s") % {"title": announcement.title}
        body = _(
            "The announcement “%(title)s” goes out now. Please post these texts on the "
            "Department's accounts and record each post here: %(url)s\n\n%(texts)s"
        ) % {
            "title": announcement.title,
            "url": absolute_url("staff:outreach:announcement", pk=announcement.pk),
            "texts": "\n\n".join(parts),
        }
    mail_on_commit(to=emails_for_roles(Role.COMMUNICATIONS), subject=subject, body=body)


# --- Sending ----------------------------------------------------------------------------------


def unsubscribe_url(delivery: Delivery) -> str:
    kind, pk = ("c", delivery.contact_id) if delivery.contact_id else ("s", delivery.subscriber_id)
    assert pk is not None
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        return absolute_url("outreach:unsubscribe", token=tokens.make("unsubscribe", kind, pk))


def _manage_url(delivery: Delivery) -> str:
    assert delivery.subscriber_id is not None
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        return absolute_url(
            "outreach:manage", token=tokens.make("manage", "s", delivery.subscriber_id)
        )


def _message_id(delivery: Delivery) -> str:
    domain = getattr(settings, "TOWNHALL_MAIL_DOMAIN", "") or "townhall.localhost"
    return f"<outreach.{delivery.dispatch_id}.{delivery.pk}@{domain}>"


def _text_for(
    cache: dict[tuple[str, str], AnnouncementText], channel: str, language: str
) -> AnnouncementText | None:
    return cache.get((channel, language)) or cache.get((channel, settings.LANGUAGE_CODE))


def message_for(
    delivery: Delivery,
    announcement: Announcement,
    texts: dict[tuple[str, str], AnnouncementText],
    connection: Any = None,
) -> EmailMultiAlternatives:
    """The message one recipient gets: their language's text, the link, why they get it,
    and (for the public) a one-click unsubscribe (RFC 8058) and a link to manage it."""
    channel = Channel.AMC if delivery.kind == Delivery.Kind.DEPARTMENT else Channel.EMAIL
    text = _text_for(texts, channel, delivery.language)
    if text is None:
        raise LookupError(f"no {channel} text for announcement {announcement.pk}")
    language = text.language
    headers = {
        "Message-ID": _message_id(delivery),
        "X-Townhall-Delivery": str(delivery.pk),
        "Auto-Submitted": "auto-generated",
    }
    context: dict[str, Any] = {
        "text": text,
        "link": announcement.link,
        "delivery": delivery,
        "organization": delivery.contact.organization.name if delivery.contact else "",
        "unsubscribe": "",
        "manage": "",
    }
    if delivery.kind != Delivery.Kind.DEPARTMENT:
        context["unsubscribe"] = unsubscribe_url(delivery)
        headers["List-Unsubscribe"] = f"<{context['unsubscribe']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        headers["Precedence"] = "bulk"
        if delivery.subscriber_id:
            context["manage"] = _manage_url(delivery)
    with translation.override(language):
        body = render_to_string("outreach/email/announcement.txt", context)
        html = render_to_string(
            "outreach/email/announcement.html",
            {**context, "body_html": linebreaks(urlize(escape(text.body)), autoescape=False)},
        )
    message = EmailMultiAlternatives(
        subject=text.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim_lease(dispatch_id: int, now: datetime.datetime) -> bool:
    lapsed = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return bool(
        Dispatch.objects.filter(lapsed, pk=dispatch_id, status=Dispatch.Status.SENDING).update(
            lease_until=now + LEASE
        )
    )


def _refresh_counts(dispatch_id: int) -> dict[str, int]:
    counts = dict(
        Delivery.objects.filter(dispatch_id=dispatch_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    Dispatch.objects.filter(pk=dispatch_id).update(
        sent=counts.get(Delivery.Status.SENT, 0),
        failed=counts.get(Delivery.Status.FAILED, 0) + counts.get(Delivery.Status.BOUNCED, 0),
        skipped=counts.get(Delivery.Status.SKIPPED, 0),
    )
    return counts


def _finish_announcement(announcement_id: int) -> None:
    open_ = Dispatch.objects.filter(
        announcement_id=announcement_id,
        status__in=(Dispatch.Status.SCHEDULED, Dispatch.Status.SENDING),
    ).exists()
    if not open_:
        Announcement.objects.filter(
            pk=announcement_id, status=Announcement.Status.SCHEDULED
        ).update(status=Announcement.Status.DONE)


def _mark(delivery: Delivery, status: str, error: str = "") -> None:
    values: dict[str, Any] = {"status": status, "error": error[:300]}
    if status == Delivery.Status.SENT:
        values["sent_at"] = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(**values)


def _refused_code(exc: smtplib.SMTPRecipientsRefused) -> tuple[int, str]:
    for code, detail in exc.recipients.values():
        text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        return int(code), text
    return 550, "refused"


def dispatch_send(
    *,
    dispatch_id: int,
    max_seconds: float = 50.0,
    max_messages: int | None = None,
    rate: float | None = None,
) -> ChunkResult:
    """Send the next part of a dispatch under its lease; True in `finished` when no one is
    left. Safe to call from any number of workers at once: only the lease holder sends."""
    result = ChunkResult()
    started = time.monotonic()
    now = timezone.now()
    if not _claim_lease(dispatch_id, now):
        result.stopped = "lease"
        return result
    rate = float(settings.TOWNHALL_OUTREACH_RATE) if rate is None else rate
    interval = 1.0 / rate if rate > 0 else 0.0
    dispatch = Dispatch.objects.select_related("announcement").get(pk=dispatch_id)
    announcement = dispatch.announcement
    texts = {(t.channel, t.language): t for t in announcement.texts.all()}
    suppressed = set(Suppression.objects.exclude(reason="").values_list("email", flat=True))
    connection = get_connection(fail_silently=False)
    handled = 0
    next_at = time.monotonic()
    try:
        connection.open()
        while True:
            batch = list(
                Delivery.objects.filter(
                    dispatch_id=dispatch_id,
                    status__in=(Delivery.Status.SENDING, Delivery.Status.QUEUED),
                )
                .select_related("contact__organization")
                .order_by("-status", "pk")[:100]  # "sending" (in flight at a crash) first
            )
            if not batch:
                break
            for delivery in batch:
                if max_messages is not None and handled >= max_messages:
                    raise _Pause
                if time.monotonic() - started > max_seconds:
                    raise _Pause
                handled += 1
                if handled % _RENEW_EVERY == 0:
                    Dispatch.objects.filter(pk=dispatch_id).update(
                        lease_until=timezone.now() + LEASE
                    )
                if delivery.email in suppressed:
                    _mark(delivery, Delivery.Status.SKIPPED, "suppressed")
                    result.skipped += 1
                    continue
                if delivery.status == Delivery.Status.SENDING:
                    result.resent += 1
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Delivery.Status.SENDING, attempts=delivery.attempts + 1
                )
                if interval:
                    pause = next_at - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                    next_at = max(next_at, time.monotonic() - interval) + interval
                try:
                    message_for(delivery, announcement, texts, connection).send()
                except smtplib.SMTPRecipientsRefused as exc:
                    code, detail = _refused_code(exc)
                    if code >= 500:
                        record_bounce(email=delivery.email, detail=f"{code} {detail}")
                        _mark(delivery, Delivery.Status.BOUNCED, f"{code} {detail}")
                        result.bounced += 1
                    elif delivery.attempts + 1 >= MAX_ATTEMPTS:
                        _mark(delivery, Delivery.Status.FAILED, f"{code} {detail}")
                        result.failed += 1
                    else:
                        _mark(delivery, Delivery.Status.QUEUED, f"{code} {detail}")
                except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
                    # The server went away: this one stays "sending" (it may have gone) and
                    # is sent again, with the same Message-ID, when the dispatch resumes.
                    logger.warning(
                        "outreach: SMTP unavailable for dispatch %s: %s", dispatch_id, exc
                    )
                    result.stopped = "smtp"
                    raise _Pause from exc
                except (smtplib.SMTPException, LookupError, ValueError) as exc:
                    # This message alone was refused (e.g. 554 at DATA): it fails, the rest
                    # go on. Every SMTPException is an OSError: this comes before the next.
                    _mark(delivery, Delivery.Status.FAILED, str(exc))
                    result.failed += 1
                except OSError as exc:
                    # The network went away (reset, timeout): as above, resumed later.
                    logger.warning(
                        "outreach: SMTP unavailable for dispatch %s: %s", dispatch_id, exc
                    )
                    result.stopped = "smtp"
                    raise _Pause from exc
                else:
                    _mark(delivery, Delivery.Status.SENT)
                    result.sent += 1
    except _Pause:
        pass
    finally:
        try:
            connection.close()
        except Exception:  # a dead connection cannot be closed politely
            logger.debug("outreach: closing a dead SMTP connection", exc_info=True)
        counts = _refresh_counts(dispatch_id)
        result.remaining = counts.get(Delivery.Status.QUEUED, 0) + counts.get(
            Delivery.Status.SENDING, 0
        )
        finished = result.remaining == 0
        with transaction.atomic():
            if finished:
                updated = Dispatch.objects.filter(
                    pk=dispatch_id, status=Dispatch.Status.SENDING
                ).update(status=Dispatch.Status.SENT, finished_at=timezone.now(), lease_until=None)
                if updated:
                    _finish_announcement(announcement.pk)
            else:
                # Handed over: the lease ends now, so the next chunk may start at once.
                Dispatch.objects.filter(pk=dispatch_id).update(lease_until=timezone.now())
        result.finished = finished
    return result


class _Pause(Exception):
    """End this chunk; the rest is sent by the next one."""


def dispatches_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Dispatches left sending by a worker that stopped: nobody has held them for a minute.
    Returns their ids for the caller to send."""
    now = now or timezone.now()
    stale = Q(lease_until__isnull=True, started_at__lt=now - STALE) | Q(lease_until__lt=now - STALE)
    return list(
        Dispatch.objects.filter(stale, status=Dispatch.Status.SENDING).values_list("pk", flat=True)
    )


# --- Bounces ----------------------------------------------------------------------------------


def record_bounce(*, email: str, detail: str = "") -> Suppression:
    """One more permanent failure for an address; the second suppresses it everywhere."""
    address = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        row, _created = Suppression.objects.select_for_update().get_or_create(email=address)
        bounces = row.bounces + 1
        values: dict[str, Any] = {
            "bounces": bounces,
            "last_bounce_at": now,
            "last_bounce_detail": detail[:300],
        }
        if bounces >= BOUNCES_TO_SUPPRESS and not row.reason:
            values["reason"] = Suppression.Reason.BOUNCED
            values["suppressed_at"] = now
        Suppression.objects.filter(pk=row.pk).update(**values)
        row.refresh_from_db()
    return row


def _reports(message: Message) -> Iterable[tuple[str, str, str]]:
    """(recipient, action, status) from each message/delivery-status part (RFC 3464)."""
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks: list[Message] = (
            [b for b in payload if isinstance(b, Message)] if isinstance(payload, list) else []
        )
        for block in blocks[1:]:  # the first block is about the reporting MTA
            recipient = str(block.get("Final-Recipient", "")).split(";")[-1].strip()
            yield (
                recipient,
                str(block.get("Action", "")).strip().lower(),
                str(block.get("Status", "")).strip(),
            )


def _delivery_header(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() in ("text/rfc822-headers", "message/rfc822"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                value = payload[0].get("X-Townhall-Delivery", "")
                if value:
                    return str(value)
            elif isinstance(payload, str):
                for line in payload.splitlines():
                    if line.lower().startswith("x-townhall-delivery:"):
                        return line.split(":", 1)[1].strip()
    return ""


def bounces_process(raw: bytes) -> int:
    """A delivery status notification returned to the sender: each recipient that failed
    permanently (Action: failed, Status 5.x.x) counts a bounce; the delivery it answers, when
    it names one, is marked bounced. Returns the bounces counted."""
    message = message_from_bytes(raw, policy=policy.compat32)
    counted = 0
    delivery_id = _delivery_header(message)
    for recipient, action, status in _reports(message):
        if action != "failed" or not status.startswith("5") or "@" not in recipient:
            continue
        record_bounce(email=recipient, detail=f"DSN {status}")
        counted += 1
        if delivery_id.isdigit():
            Delivery.objects.filter(pk=int(delivery_id), email=recipient.lower()).update(
                status=Delivery.Status.BOUNCED, error=f"DSN {status}"
            )
    return counted
