"""Comment intake and moderation (seed 002 VII-B-2, VII-D-3, V-C-10, VI-B-4).

A comment is committed before its receipt is shown; a form or API call sent twice yields one
comment and the same receipt; bad input is refused with a clear message and nothing stored.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import (
    DomainError,
    FieldsInvalid,
    IllegalTransition,
    NotAllowed,
    ResubmittedChanged,
)
from townhall.core.mail import mail_on_commit
from townhall.core.receipts import ReceiptFormat
from townhall.feedback.models import Attachment, Comment
from townhall.feedback.pii import redact
from townhall.postings import permissions
from townhall.postings.models import Posting

COMMENT_RECEIPTS = ReceiptFormat("TH", 8)


class CommentInvalid(FieldsInvalid):
    """Field-level problems with a comment."""


def fingerprint(*, body: str, section: str) -> str:
    cleaned = (body or "").replace("\r\n", "\n").strip()
    return hashlib.sha256(f"{cleaned}\x1f{(section or '').strip()}".encode()).hexdigest()


def already_received(*, key: str | None, body: str, section: str) -> Comment | None:
    """The comment a repeated submission already made, if it carried the same text; raises
    when the same key comes back with different text (it is not the same comment)."""
    if not key:
        return None
    existing = Comment.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.fingerprint and existing.fingerprint != fingerprint(body=body, section=section):
        raise ResubmittedChanged(
            _(
                "This form was already sent, with different text. Your new text is kept "
                "below: send it again and it becomes a second comment."
            )
        )
    return existing


class PeriodNotOpen(DomainError):
    """The posting does not accept comments now; the message says when it opens or closed."""

    code = "not_open"


@dataclass(frozen=True)
class CleanComment:
    body: str
    section: str
    name: str = ""
    email: str = ""
    organization: str = ""


@dataclass(frozen=True)
class SubmitResult:
    comment: Comment
    created: bool
    attachments: list[Attachment] = field(default_factory=list)


new_receipt = COMMENT_RECEIPTS.new
normalize_receipt = COMMENT_RECEIPTS.normalize


def _when(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def continuous_channel_for(posting: Posting) -> Posting | None:
    """V-C-10-c, VII-A-1: another posting of the same directive that is always open."""
    return (
        Posting.objects.filter(
            version__directive_id=posting.version.directive_id,
            kind=Posting.Kind.CONTINUOUS,
            status=Posting.Status.OPEN,
        )
        .exclude(pk=posting.pk)
        .first()
    )


def ensure_accepting(posting: Posting, *, internal: bool) -> None:
    """Refuse, with when it opens or closed, a comment outside the open period. The clock
    decides, not only the status: between `closes_at` and the worker's next tick the period
    is already over (V-C-10)."""
    now = timezone.now()
    past_closing = posting.closes_at is not None and now >= posting.closes_at
    if posting.status != Posting.Status.OPEN or past_closing:
        closed = posting.closes_at or posting.closed_at
        if (
            past_closing or posting.status in (Posting.Status.CLOSED, Posting.Status.COMPILED)
        ) and closed:
            message = _("The comment period closed on %(when)s.") % {"when": _when(closed)}
        elif posting.opens_at and posting.status == Posting.Status.SCHEDULED:
            message = _("The comment period opens on %(when)s.") % {"when": _when(posting.opens_at)}
        else:
            message = _("This posting is not open for comment.")
        other = continuous_channel_for(posting)
        if other is not None:
            message += " " + _("You can still comment on this directive at any time: %(url)s") % {
                "url": other.get_absolute_url()
            }
        else:
            message += " " + _(
                "You can send feedback on any directive at any time to the Research and "
                "Development Division at %(email)s."
            ) % {"email": settings.TOWNHALL_RD_EMAIL}
        raise PeriodNotOpen(message)
    if internal and not posting.accepts_internal:
        raise PeriodNotOpen(_("This posting is open to the public only."))
    if not internal and not posting.accepts_public:
        raise PeriodNotOpen(_("This posting is open to Department members only."))


def validate_comment(
    *,
    posting: Posting,
    body: str,
    section: str = "",
    name: str = "",
    email: str = "",
    organization: str = "",
) -> CleanComment:
    errors: dict[str, str] = {}
    # NUL characters carry nothing a person typed, and PostgreSQL cannot store them.
    body, section, name, email, organization = (
        (value or "").replace("\x00", "") for value in (body, section, name, email, organization)
    )
    body = body.replace("\r\n", "\n").strip()
    limit = settings.TOWNHALL_COMMENT_MAX_CHARS
    if not body:
        errors["body"] = _("Write your comment before sending it.")
    elif len(body) > limit:
        errors["body"] = _(
            "Your comment is %(length)d characters long; the limit is %(limit)d. "
            "Shorten it, or send the rest as a second comment or an attachment."
        ) % {"length": len(body), "limit": limit}
    section = (section or "").strip()
    if section and not posting.version.sections.filter(anchor=section).exists():
        errors["section"] = _("There is no item %(anchor)s in this version of the directive.") % {
            "anchor": section
        }
    email = (email or "").strip()
    if len(email) > 254:
        errors["email"] = _("Enter an email address like name@example.org, or leave it empty.")
    elif email:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter an email address like name@example.org, or leave it empty.")
    if len(name or "") > 200:
        errors["name"] = _("The name is too long (200 characters at most).")
    if len(organization or "") > 200:
        errors["organization"] = _("The organization is too long (200 characters at most).")
    if errors:
        raise CommentInvalid(errors)
    return CleanComment(
        body=body,
        section=section,
        name=(name or "").strip(),
        email=email,
        organization=(organization or "").strip(),
    )


def create_comment_record(
    *,
    posting: Posting,
    clean: CleanComment,
    channel: str,
    origin: str = Comment.Origin.EXTERNAL,
    language: str = "",
    idempotency_key: str | None = None,
    entered_by: User | None = None,
    received_on: datetime.date | None = None,
) -> Comment:
    """The insert itself, shared by every channel. Bound to the version posted, forever."""
    redacted, kinds = redact(clean.body)
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Comment.objects.create(
                    receipt=new_receipt(),
                    posting=posting,
                    version_id=posting.version_id,
                    section_anchor=clean.section,
                    body=clean.body,
                    redacted_body=redacted if kinds else "",
                    pii_kinds=kinds,
                    name=clean.name,
                    email=clean.email,
                    organization=clean.organization,
                    origin=origin,
                    channel=channel,
                    language=language[:10],
                    submitted_at=now,
                    received_on=received_on or timezone.localdate(now),
                    idempotency_key=idempotency_key,
                    fingerprint=fingerprint(body=clean.body, section=clean.section),
                    entered_by=entered_by,
                )
        except IntegrityError:
            if idempotency_key and Comment.objects.filter(idempotency_key=idempotency_key).exists():
                raise
            continue  # a receipt collision: draw another
    raise DomainError(_("Could not issue a receipt; please send again."), code="receipt")


def _store_attachments(comment: Comment, files: Sequence[UploadedFile]) -> list[Attachment]:
    from townhall.feedback.uploads import validate_upload

    stored = []
    for upload in files:
        checked = validate_upload(upload)
        attachment = Attachment(
            comment=comment,
            original_name=(upload.name or "attachment")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        # Stored under a random name outside the web root; served only as a download.
        attachment.file.save(checked.random_name(), upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def _receipt_mail(comment: Comment) -> None:
    if not comment.email:
        return
    with translation.override(comment.language or "en"):
        subject = _("Your comment was received: receipt %(receipt)s") % {"receipt": comment.receipt}
        body = _(
            "Thank you. Your comment on %(number)s “%(title)s” was received on %(when)s.\n\n"
            "Receipt: %(receipt)s\nLook it up at any time: %(url)s\n\n"
            "Comments are public records. The Department reviews every comment before it "
            "finalizes the policy."
        ) % {
            "number": comment.posting.version.directive.number,
            "title": comment.posting.title,
            "when": _when(comment.submitted_at),
            "receipt": comment.receipt,
            "url": f"{settings.TOWNHALL_BASE_URL}/receipts/{comment.receipt}/",
        }
    mail_on_commit(to=[comment.email], subject=subject, body=body)


def comment_submit(
    *,
    posting: Posting,
    body: str,
    section: str = "",
    name: str = "",
    email: str = "",
    organization: str = "",
    internal: bool = False,
    channel: str = Comment.Channel.WEB,
    language: str = "",
    idempotency_key: str | None = None,
    attachments: Sequence[UploadedFile] = (),
) -> SubmitResult:
    """A resident or Department member comments (VII-B-2, V-C-10-a). Internal when a signed-in
    Department member sends it. The same `idempotency_key` twice returns the first comment."""
    existing = already_received(key=idempotency_key, body=body, section=section)
    if existing is not None:
        return SubmitResult(existing, created=False)
    ensure_accepting(posting, internal=internal)
    clean = validate_comment(
        posting=posting,
        body=body,
        section=section,
        name=name,
        email=email,
        organization=organization,
    )
    if len(attachments) > settings.TOWNHALL_ATTACHMENT_MAX_COUNT:
        raise CommentInvalid(
            {
                "attachments": _("Attach %(n)d files at most.")
                % {"n": settings.TOWNHALL_ATTACHMENT_MAX_COUNT}
            }
        )
    try:
        with transaction.atomic():
            comment = create_comment_record(
                posting=posting,
                clean=clean,
                channel=channel,
                origin=Comment.Origin.INTERNAL if internal else Comment.Origin.EXTERNAL,
                language=language,
                idempotency_key=idempotency_key,
            )
            stored = _store_attachments(comment, attachments)
            _receipt_mail(comment)
    except IntegrityError:
        # Two copies of one submission raced; the other one won.
        existing = already_received(key=idempotency_key, body=body, section=section)
        if existing is None:
            raise
        return SubmitResult(existing, created=False)
    return SubmitResult(comment, created=True, attachments=stored)


@transaction.atomic
def comment_enter(
    *,
    actor: User,
    posting: Posting,
    body: str,
    channel: str,
    received_on: datetime.date,
    section: str = "",
    name: str = "",
    email: str = "",
    organization: str = "",
    origin: str = Comment.Origin.EXTERNAL,
) -> Comment:
    """Staff enter a comment that arrived by email, on paper or at a meeting (VII-D-3,
    V-C-10-c, VI-C-3); it joins the posting with its channel and the date it was received."""
    if not permissions.can_enter_comments(actor):
        raise NotAllowed(_("Your role cannot enter comments."))
    if posting.status in (Posting.Status.DRAFT, Posting.Status.IN_REVIEW):
        raise IllegalTransition(
            _("This posting has not been authorized; it takes no comments yet.")
        )
    if channel not in Comment.Channel.values or channel in (
        Comment.Channel.WEB,
        Comment.Channel.API,
    ):
        raise CommentInvalid({"channel": _("Choose how the comment arrived.")})
    if received_on > timezone.localdate():
        raise CommentInvalid({"received_on": _("The date received cannot be in the future.")})
    clean = validate_comment(
        posting=posting,
        body=body,
        section=section,
        name=name,
        email=email,
        organization=organization,
    )
    comment = create_comment_record(
        posting=posting,
        clean=clean,
        channel=channel,
        origin=origin,
        entered_by=actor,
        received_on=received_on,
    )
    audit_record(
        actor=actor,
        action="comment.enter",
        obj=comment,
        after={"channel": channel, "received_on": received_on, "origin": origin},
    )
    return comment


def _require_moderator(actor: User) -> None:
    if not permissions.can_moderate_comments(actor):
        raise NotAllowed(_("Your role cannot moderate comments."))


@transaction.atomic
def comment_publish(*, actor: User, comment: Comment) -> Comment:
    """Show a comment on the public posting page, with personal information redacted."""
    _require_moderator(actor)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.PUBLISHED:
        raise IllegalTransition(_("This comment is already published."))
    before = comment.status
    comment.status = Comment.Status.PUBLISHED
    comment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="comment.publish",
        obj=comment,
        before={"status": before},
        after={"status": comment.status},
    )
    return comment


@transaction.atomic
def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """Take a comment off the public page. It stays in the record and in every compilation."""
    _require_moderator(actor)
    if not reason.strip():
        raise DomainError(_("Say why the comment is hidden."), code="required")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.HIDDEN:
        raise IllegalTransition(_("This comment is already hidden."))
    before = comment.status
    comment.status = Comment.Status.HIDDEN
    comment.moderation_note = reason.strip()
    comment.save(update_fields=["status", "moderation_note"])
    audit_record(
        actor=actor,
        action="comment.hide",
        obj=comment,
        before={"status": before},
        after={"status": comment.status},
        note=reason.strip(),
    )
    return comment


@transaction.atomic
def comments_mark(
    *,
    actor: User,
    comments: Iterable[Comment],
    read: bool | None = None,
    flagged: bool | None = None,
) -> int:
    """Mark comments read/unread or flagged/unflagged in the inbox."""
    if not permissions.can_read_comments(actor):
        raise NotAllowed(_("Your role cannot review comments."))
    changed = 0
    for comment in comments:
        before = {"is_read": comment.is_read, "is_flagged": comment.is_flagged}
        if read is not None:
            comment.is_read = read
        if flagged is not None:
            comment.is_flagged = flagged
        after = {"is_read": comment.is_read, "is_flagged": comment.is_flagged}
        if before != after:
            comment.save(update_fields=["is_read", "is_flagged"])
            audit_record(
                actor=actor, action="comment.mark", obj=comment, before=before, after=after
            )
            changed += 1
    return changed
