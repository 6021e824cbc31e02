"""Continuous input on any directive (seed 002 III-B-3, VII-A-1, V-C-10-c, VII-A-2-b).

Anyone may, at any time, send feedback on a directive in the registry, or propose a revision
of one of its items with the wording they propose, whether or not the directive is posted for
comment. Each input gets a receipt (and an email when an address is given). It joins the
feedback pool of the directive's next engagement: at once when one is under way, otherwise
when one starts (`inputs_pool_pending`, run by the worker). R&D reviews the queue regularly
and records what it made of each input (VII-A-2-b).

No address of the sender is kept; what the public sends is never deleted, and a web
submission writes no audit row (the review does).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
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
from townhall.core.receipts import CROCKFORD, ReceiptFormat
from townhall.core.text import email_problem, one_line
from townhall.directives.models import Directive, DirectiveVersion, Section
from townhall.engagements.models import Engagement
from townhall.outreach import permissions
from townhall.outreach.models import DirectiveInput
from townhall.postings.models import Posting

__all__ = [
    "INPUT_RECEIPTS",
    "InputInvalid",
    "InputResult",
    "ResubmittedChanged",
    "already_received",
    "current_version_of",
    "directive_input_consider",
    "directive_input_review_start",
    "directive_input_submit",
    "input_by_receipt",
    "inputs_pool_pending",
    "next_engagement",
    "normalize_receipt",
    "receipt_url",
]

INPUT_RECEIPTS = ReceiptFormat("I", 12)  # 60 random bits
MAX_NOTE_CHARS = 10_000


class InputInvalid(FieldsInvalid):
    """Field-level problems with feedback or a proposed revision."""


@dataclass(frozen=True)
class InputResult:
    item: DirectiveInput
    created: bool


@dataclass(frozen=True)
class _Clean:
    version: DirectiveVersion
    section_anchor: str
    kind: str
    body: str
    proposed_text: str
    name: str
    email: str
    organization: str


def _text(value: str | None) -> str:
    # NUL characters carry nothing a person typed, and PostgreSQL cannot store them.
    return (value or "").replace("\x00", "").replace("\r\n", "\n").strip()


def current_version_of(directive: Directive) -> DirectiveVersion | None:
    """The version in effect: the one whose items an input refers to."""
    return directive.versions.filter(status=DirectiveVersion.Status.CURRENT).first()


def _too_long(length: int) -> str:
    return _(
        "Your text is %(length)d characters long; the limit is %(limit)d. Shorten it, or send "
        "the rest as a second message."
    ) % {"length": length, "limit": settings.TOWNHALL_COMMENT_MAX_CHARS}


def _validate(
    *,
    directive: Directive,
    section_anchor: str,
    kind: str,
    body: str,
    proposed_text: str,
    name: str,
    email: str,
    organization: str,
) -> _Clean:
    version = current_version_of(directive)
    if version is None:
        raise DomainError(
            _("No version of %(number)s is in effect, so it cannot take feedback here.")
            % {"number": directive.number},
            code="no_current_version",
        )
    errors: dict[str, str] = {}
    limit = settings.TOWNHALL_COMMENT_MAX_CHARS
    if kind not in DirectiveInput.Kind.values:
        errors["kind"] = _("Choose whether you send feedback or propose a revision.")
    anchor = one_line(_text(section_anchor))
    if anchor and not Section.objects.filter(version=version, anchor=anchor).exists():
        errors["section_anchor"] = _(
            "There is no item %(anchor)s in the version of the directive in effect."
        ) % {"anchor": anchor[:80]}
    elif not anchor and kind == DirectiveInput.Kind.REVISION:
        errors["section_anchor"] = _("Choose the item you propose to revise.")
    body = _text(body)
    if not body:
        errors["body"] = (
            _("Say why you propose this revision.")
            if kind == DirectiveInput.Kind.REVISION
            else _("Write your feedback before sending it.")
        )
    elif len(body) > limit:
        errors["body"] = _too_long(len(body))
    proposed_text = _text(proposed_text)
    if kind == DirectiveInput.Kind.REVISION and not proposed_text:
        errors["proposed_text"] = _("Write the wording you propose for the item.")
    elif len(proposed_text) > limit:
        errors["proposed_text"] = _too_long(len(proposed_text))
    if kind == DirectiveInput.Kind.FEEDBACK:
        proposed_text = ""  # a left-over from switching kinds is not part of feedback
    name = one_line(_text(name))
    if len(name) > 200:
        errors["name"] = _("The name is too long (200 characters at most).")
    organization = one_line(_text(organization))
    if len(organization) > 200:
        errors["organization"] = _("The organization is too long (200 characters at most).")
    email = _text(email)
    if email:
        if email_problem(email):
            errors["email"] = _("Enter an email address like name@example.org, or leave it empty.")
    if errors:
        raise InputInvalid(errors)
    return _Clean(
        version=version,
        section_anchor=anchor,
        kind=kind,
        body=body,
        proposed_text=proposed_text,
        name=name,
        email=email,
        organization=organization,
    )


def already_received(
    *, key: str | None, kind: str, body: str, proposed_text: str = "", section_anchor: str = ""
) -> DirectiveInput | None:
    """The input a repeated submission already made (a double click, a retry); raises when
    the same form comes back with something else in it."""
    if not key:
        return None
    existing = DirectiveInput.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if kind != DirectiveInput.Kind.REVISION:
        proposed_text = ""  # feedback keeps no proposed wording (see _validate)
    same = (
        existing.kind == kind
        and existing.body == _text(body)
        and existing.proposed_text == _text(proposed_text)
        and existing.section_anchor == one_line(_text(section_anchor))
    )
    if not same:
        raise ResubmittedChanged(
            _(
                "This form was already sent, with a different text. Your new text is kept "
                "below: send it again and it becomes a second message."
            )
        )
    return existing


def normalize_receipt(value: str) -> str:
    """A receipt as people type it (lower case, O for 0, I or L for 1, without dashes), in its
    stored form. ReceiptFormat.normalize reads the prefix "I" itself as a 1, so the prefix is
    taken off here first; what cannot be a receipt comes back as typed and matches nothing."""
    typed = value.strip().upper()
    symbols = "".join(ch for ch in typed if ch.isascii() and ch.isalnum())
    if len(symbols) == INPUT_RECEIPTS.symbols + 1 and symbols[0] in "I1L":
        symbols = symbols[1:]
    symbols = symbols.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(symbols) != INPUT_RECEIPTS.symbols or any(ch not in CROCKFORD for ch in symbols):
        return typed
    return INPUT_RECEIPTS.format(symbols)


def input_by_receipt(receipt: str) -> DirectiveInput | None:
    return (
        DirectiveInput.objects.select_related("directive", "version")
        .filter(receipt=normalize_receipt(receipt))
        .first()
    )


def receipt_url(receipt: str, language: str = "") -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse("outreach:input-receipt", kwargs={"receipt": receipt})
    return f"{settings.TOWNHALL_BASE_URL}{path}"


def _acknowledge(item: DirectiveInput) -> None:
    if not item.email:
        return
    with translation.override(item.language or settings.LANGUAGE_CODE):
        subject = _("Your input was received: receipt %(receipt)s") % {"receipt": item.receipt}
        if item.kind == DirectiveInput.Kind.REVISION:
            what = _("Your proposed revision of item %(anchor)s of %(number)s “%(title)s”") % {
                "anchor": item.section_anchor,
                "number": item.directive.number,
                "title": item.directive.title,
            }
        else:
            what = _("Your feedback on %(number)s “%(title)s”") % {
                "number": item.directive.number,
                "title": item.directive.title,
            }
        body = _(
            "Thank you. %(what)s was received.\n\nReceipt: %(receipt)s\nSee where it stands at "
            "any time: %(url)s\n\nThe Research and Development Division reviews the input on "
            "directives regularly and considers it when the directive is reviewed. Your input "
            "also joins the feedback of the directive's next community engagement."
        ) % {
            "what": what,
            "receipt": item.receipt,
            "url": receipt_url(item.receipt, item.language),
        }
    mail_on_commit(to=[item.email], subject=subject, body=body)


def directive_input_submit(
    *,
    directive: Directive,
    section_anchor: str = "",
    kind: str,
    body: str,
    proposed_text: str = "",
    name: str = "",
    email: str = "",
    organization: str = "",
    language: str = "",
    idempotency_key: str | None = None,
) -> InputResult:
    """III-B-3, VII-A-1, V-C-10-c: feedback on any directive in effect, or a proposed revision
    of one of its items, at any time. Stored with a random receipt, bound to the version read,
    pooled into the directive's next engagement if one is under way, and acknowledged by email
    after the commit when an address is given. The same `idempotency_key` twice returns the
    first input. No address of the sender is kept."""
    existing = already_received(
        key=idempotency_key,
        kind=kind,
        body=body,
        proposed_text=proposed_text,
        section_anchor=section_anchor,
    )
    if existing is not None:
        return InputResult(existing, created=False)
    clean = _validate(
        directive=directive,
        section_anchor=section_anchor,
        kind=kind,
        body=body,
        proposed_text=proposed_text,
        name=name,
        email=email,
        organization=organization,
    )
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = ""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                now = timezone.now()
                item = DirectiveInput.objects.create(
                    receipt=INPUT_RECEIPTS.new(),
                    idempotency_key=idempotency_key,
                    directive=directive,
                    version=clean.version,
                    section_anchor=clean.section_anchor,
                    kind=clean.kind,
                    body=clean.body,
                    proposed_text=clean.proposed_text,
                    name=clean.name,
                    email=clean.email,
                    organization=clean.organization,
                    language=language,
                    submitted_at=now,
                    received_on=timezone.localdate(now),
                )
                engagement = next_engagement(directive)
                if engagement is not None:
                    _pool(item, engagement)
                _acknowledge(item)
                return InputResult(item, created=True)
        except IntegrityError:
            if idempotency_key:
                again = already_received(
                    key=idempotency_key,
                    kind=kind,
                    body=body,
                    proposed_text=proposed_text,
                    section_anchor=section_anchor,
                )
                if again is not None:  # two copies of one submission raced; the other won
                    return InputResult(again, created=False)
            continue  # a receipt collision: draw another
    raise DomainError(_("Could not issue a receipt; please send again."), code="receipt")


# --- The feedback pool ------------------------------------------------------------------------


def next_engagement(directive: Directive | int) -> Engagement | None:
    """The directive's next engagement: the newest one about it that has not concluded."""
    directive_id = directive if isinstance(directive, int) else directive.pk
    return (
        Engagement.objects.filter(directive_id=directive_id)
        .exclude(status=Engagement.Status.CONCLUDED)
        .order_by("-created_at", "-id")
        .first()
    )


def _open_posting(engagement: Engagement, directive_id: int) -> Posting | None:
    """The engagement's public posting (V-C-10) of this directive that is open for comment,
    so the posting's analysis reads the input too."""
    return (
        Posting.objects.filter(
            pk__in=engagement.activities.filter(posting__isnull=False).values("posting"),
            version__directive_id=directive_id,
            status=Posting.Status.OPEN,
        )
        .order_by("-opened_at", "-id")
        .first()
    )


def _pool_text(item: DirectiveInput) -> str:
    if item.kind != DirectiveInput.Kind.REVISION:
        return item.body
    with translation.override(settings.LANGUAGE_CODE):
        label = _("Proposed wording for %(anchor)s") % {"anchor": item.section_anchor}
    return f"{item.body}\n\n{label}:\n{item.proposed_text}"


def _pool(item: DirectiveInput, engagement: Engagement) -> None:
    """Add one input to the engagement's pool (pool_add redacts personal information, and
    adding the same input twice finds the first item), then record where it went."""
    from townhall.feedback.analysis import pool_add
    from townhall.feedback.analysis_models import FeedbackItem

    pool_add(
        posting=_open_posting(engagement, item.directive_id),
        engagement=engagement,
        source=FeedbackItem.Source.PROPOSAL,
        source_ref=f"outreach.DirectiveInput:{item.pk}",
        text=_pool_text(item),
        received_at=item.submitted_at,
        section=item.section_anchor,
        origin="external",
        channel="web",
    )
    pooled_at = timezone.now()
    DirectiveInput.objects.filter(pk=item.pk, engagement__isnull=True).update(
        engagement=engagement, pooled_at=pooled_at
    )
    item.engagement = engagement
    item.pooled_at = pooled_at


def inputs_pool_pending() -> int:
    """The worker's job: every input not yet in a pool joins its directive's next engagement
    once there is one. Idempotent: an input is pooled once, and run twice adds nothing.
    Returns how many inputs were pooled."""
    waiting = (
        Engagement.objects.exclude(status=Engagement.Status.CONCLUDED)
        .filter(directive__isnull=False)
        .values("directive_id")
    )
    pending = list(
        DirectiveInput.objects.filter(engagement__isnull=True, directive_id__in=waiting)
        .select_related("directive")
        .order_by("submitted_at", "id")
    )
    engagements: dict[int, Engagement | None] = {}
    pooled = 0
    for item in pending:
        if item.directive_id not in engagements:
            engagements[item.directive_id] = next_engagement(item.directive_id)
        engagement = engagements[item.directive_id]
        if engagement is None:
            continue
        with transaction.atomic():
            locked = (
                DirectiveInput.objects.select_for_update()
                .filter(pk=item.pk, engagement__isnull=True)
                .first()
            )
            if locked is None:  # another run pooled it meanwhile
                continue
            _pool(locked, engagement)
        pooled += 1
    return pooled


# --- R&D's review (VII-A-2-b) ----------------------------------------------------------------


def _check_reviewer(actor: User) -> None:
    if not permissions.can_review_inputs(actor):
        raise NotAllowed(_("Only the Research and Development Division reviews this input."))


def _move(
    *,
    actor: User,
    item: DirectiveInput,
    allowed: set[str],
    target: str,
    action: str,
    note: str = "",
) -> DirectiveInput:
    """Change the status under a row lock, so two reviewers at once cannot both win."""
    with transaction.atomic():
        locked = DirectiveInput.objects.select_for_update().get(pk=item.pk)
        if locked.status not in allowed:
            raise IllegalTransition(
                _("This input is %(status)s; it cannot be changed that way.")
                % {"status": locked.get_status_display().lower()}
            )
        now: datetime.datetime = timezone.now()
        values: dict[str, object] = {"status": target, "reviewed_by": actor, "reviewed_at": now}
        if note:
            values["review_note"] = note
        DirectiveInput.objects.filter(pk=item.pk).update(**values)
        audit_record(
            actor=actor,
            action=f"directive_input.{action}",
            obj=locked,
            before={"status": locked.status},
            after={"status": target, **({"note": note} if note else {})},
        )
    item.refresh_from_db()
    return item


def directive_input_review_start(*, actor: User, directive_input: DirectiveInput) -> DirectiveInput:
    """Received → in review: someone in R&D has taken it up (VII-A-2-b)."""
    _check_reviewer(actor)
    return _move(
        actor=actor,
        item=directive_input,
        allowed={DirectiveInput.Status.RECEIVED},
        target=DirectiveInput.Status.IN_REVIEW,
        action="review",
    )


def directive_input_consider(
    *, actor: User, directive_input: DirectiveInput, note: str
) -> DirectiveInput:
    """Received or in review → considered, with a note of what R&D made of it for the
    directive's review and development (VII-A-2-b)."""
    _check_reviewer(actor)
    note = _text(note)
    if not note:
        raise InputInvalid({"note": _("Write what was made of this input.")})
    if len(note) > MAX_NOTE_CHARS:
        raise InputInvalid(
            {
                "note": _("The note is too long (%(max)d characters at most).")
                % {"max": MAX_NOTE_CHARS}
            }
        )
    return _move(
        actor=actor,
        item=directive_input,
        allowed={DirectiveInput.Status.RECEIVED, DirectiveInput.Status.IN_REVIEW},
        target=DirectiveInput.Status.CONSIDERED,
        action="consider",
        note=note,
    )
