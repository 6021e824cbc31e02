"""Community requests (IV-B-7 and its NOTE): a community group asks to lead or co-produce an
engagement on a policy or training. Received from the public form with a receipt, reviewed,
then accepted (linked to an engagement, where the request becomes a factor of the level) or
declined with a written reason. The requester hears of each decision by email. Kept for ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.districts import district
from townhall.core.errors import (
    DomainError,
    FieldsInvalid,
    IllegalTransition,
    NotAllowed,
    ResubmittedChanged,
)
from townhall.core.mail import mail_on_commit
from townhall.core.receipts import ReceiptFormat
from townhall.core.text import email_problem, one_line
from townhall.directives.models import Directive
from townhall.engagements import permissions, services
from townhall.engagements.models import CommunityRequest, Engagement, Topic, Training

__all__ = [
    "RequestInvalid",
    "ResubmittedChanged",
    "SubmitResult",
    "already_received",
    "community_request_accept",
    "community_request_decline",
    "community_request_review",
    "community_request_submit",
    "new_receipt",
    "normalize_receipt",
]

REQUEST_RECEIPTS = ReceiptFormat("R", 12)  # 60 random bits
MAX_DESCRIPTION_CHARS = 5000


class RequestInvalid(FieldsInvalid):
    """Field-level problems with a community request."""


@dataclass(frozen=True)
class SubmitResult:
    request: CommunityRequest
    created: bool


new_receipt = REQUEST_RECEIPTS.new
normalize_receipt = REQUEST_RECEIPTS.normalize


@dataclass(frozen=True)
class _Clean:
    kind: str
    organization: str
    contact_name: str
    email: str
    phone: str
    subject: str
    directive: Directive | None
    description: str
    districts: list[int]


def _validate(
    *,
    kind: str,
    organization: str,
    contact_name: str,
    email: str,
    phone: str,
    subject: str,
    directive_number: str,
    description: str,
    districts: Iterable[int],
) -> _Clean:
    errors: dict[str, str] = {}
    if kind not in CommunityRequest.Kind.values:
        errors["kind"] = _("Choose whether your group would lead or co-produce the engagement.")
    organization = one_line(organization)
    if not organization:
        errors["organization"] = _("Give the name of your organization or group.")
    elif len(organization) > 200:
        errors["organization"] = _("The name is too long: at most 200 characters.")
    contact_name = one_line(contact_name)
    if not contact_name:
        errors["contact_name"] = _("Give the name of a person we can contact.")
    elif len(contact_name) > 200:
        errors["contact_name"] = _("The name is too long: at most 200 characters.")
    email = (email or "").strip()
    if not email:
        errors["email"] = _("Give an email address, so we can answer your request.")
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
                "and name the policy in your own words."
            ) % {"number": number[:80]}
    if not subject and directive is not None:
        subject = f"{directive.number} {directive.title}"
    if not subject:
        errors["subject"] = _("Name the policy or training your request is about.")
    elif len(subject) > 300:
        errors["subject"] = _("The name is too long: at most 300 characters.")
    description = (description or "").replace("\r\n", "\n").strip()
    if not description:
        errors["description"] = _("Tell us what you propose.")
    elif len(description) > MAX_DESCRIPTION_CHARS:
        errors["description"] = _(
            "Your proposal is %(n)d characters long; the limit is %(max)d. Please shorten it."
        ) % {"n": len(description), "max": MAX_DESCRIPTION_CHARS}
    numbers = sorted(set(districts))
    if any(district(n) is None for n in numbers):
        errors["districts"] = _("Choose districts from the list of the 22 police districts.")
    if errors:
        raise RequestInvalid(errors)
    return _Clean(
        kind=kind,
        organization=organization,
        contact_name=contact_name,
        email=email,
        phone=phone,
        subject=subject[:300],
        directive=directive,
        description=description,
        districts=numbers,
    )


def already_received(
    *, key: str | None, organization: str, description: str
) -> CommunityRequest | None:
    """The request a repeated submission already made (a double click, a retry); raises when
    the same form comes back with another request in it."""
    if not key:
        return None
    existing = CommunityRequest.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    same = (
        existing.organization == one_line(organization)
        and existing.description == (description or "").replace("\r\n", "\n").strip()
    )
    if not same:
        raise ResubmittedChanged(
            _(
                "This form was already sent, with a different request. Your new text is kept "
                "below: send it again and it becomes a second request."
            )
        )
    return existing


def receipt_url(receipt: str, language: str = "") -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse("engagements:request-receipt", kwargs={"receipt": receipt})
    return f"{settings.TOWNHALL_BASE_URL}{path}"


def _acknowledge(item: CommunityRequest) -> None:
    with translation.override(item.language or "en"):
        subject = _("Your request was received: receipt %(receipt)s") % {"receipt": item.receipt}
        body = _(
            "Thank you. The request of %(organization)s for a %(kind)s on “%(subject)s” was "
            "received.\n\nReceipt: %(receipt)s\nSee where it stands at any time: %(url)s\n\n"
            "The Office of Equity and Engagement reviews every request and will write to you "
            "with its decision."
        ) % {
            "organization": item.organization,
            "kind": item.get_kind_display().lower(),
            "subject": item.subject,
            "receipt": item.receipt,
            "url": receipt_url(item.receipt, item.language),
        }
    mail_on_commit(to=[item.email], subject=subject, body=body)


def community_request_submit(
    *,
    kind: str,
    organization: str,
    contact_name: str,
    email: str,
    subject: str = "",
    phone: str = "",
    directive_number: str = "",
    description: str,
    districts: Iterable[int] = (),
    language: str = "",
    idempotency_key: str | None = None,
) -> SubmitResult:
    """IV-B-7 NOTE: a community group asks to lead or co-produce an engagement. Stored with a
    random receipt and acknowledged by email once committed. The same `idempotency_key` twice
    returns the first request. No address of the sender is kept."""
    existing = already_received(
        key=idempotency_key, organization=organization, description=description
    )
    if existing is not None:
        return SubmitResult(existing, created=False)
    clean = _validate(
        kind=kind,
        organization=organization,
        contact_name=contact_name,
        email=email,
        phone=phone,
        subject=subject,
        directive_number=directive_number,
        description=description,
        districts=districts,
    )
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = ""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                item = CommunityRequest.objects.create(
                    receipt=new_receipt(),
                    idempotency_key=idempotency_key,
                    kind=clean.kind,
                    organization=clean.organization,
                    contact_name=clean.contact_name,
                    email=clean.email,
                    phone=clean.phone,
                    subject=clean.subject,
                    directive=clean.directive,
                    description=clean.description,
                    districts=clean.districts,
                    language=language,
                )
                # The trail names no person: the organization is public on the receipt page.
                audit_record(
                    actor=None,
                    action="community_request.receive",
                    obj=item,
                    after={"kind": item.kind, "status": item.status},
                    actor_label="public form",
                )
                _acknowledge(item)
                return SubmitResult(item, created=True)
        except IntegrityError:
            if idempotency_key:
                again = already_received(
                    key=idempotency_key, organization=organization, description=description
                )
                if again is not None:  # two copies of one submission raced; the other won
                    return SubmitResult(again, created=False)
            continue  # a receipt collision: draw another
    raise DomainError(_("Could not issue a receipt; please send again."), code="receipt")


# --- Staff decisions ------------------------------------------------------------------------


def _check_decider(actor: User) -> None:
    if not permissions.can_decide_community_requests(actor):
        raise NotAllowed(_("Only OEE and OCPR decide on community requests."))


def _move(
    *,
    actor: User,
    item: CommunityRequest,
    allowed: set[str],
    target: str,
    action: str,
    reason: str = "",
    engagement: Engagement | None = None,
) -> CommunityRequest:
    """Change the status under a row lock, so two people deciding at once cannot both win."""
    with transaction.atomic():
        locked = CommunityRequest.objects.select_for_update().get(pk=item.pk)
        if locked.status not in allowed:
            raise IllegalTransition(
                _("This request is %(status)s; it cannot be changed that way.")
                % {"status": locked.get_status_display().lower()}
            )
        values: dict[str, object] = {"status": target}
        if target in (CommunityRequest.Status.ACCEPTED, CommunityRequest.Status.DECLINED):
            values.update(decision_reason=reason, decided_by=actor, decided_at=timezone.now())
        if engagement is not None:
            values["engagement"] = engagement
        CommunityRequest.objects.filter(pk=item.pk).update(**values)
        audit_record(
            actor=actor,
            action=f"community_request.{action}",
            obj=locked,
            before={"status": locked.status},
            after={
                "status": target,
                "reason": reason,
                "engagement": engagement.pk if engagement else None,
            },
        )
        item.refresh_from_db()
        if target in (CommunityRequest.Status.ACCEPTED, CommunityRequest.Status.DECLINED):
            _decision_mail(item)
    return item


def _decision_mail(item: CommunityRequest) -> None:
    with translation.override(item.language or "en"):
        url = receipt_url(item.receipt, item.language)
        if item.status == CommunityRequest.Status.ACCEPTED:
            subject = _("Your request %(receipt)s was accepted") % {"receipt": item.receipt}
            body = _(
                "The Department accepted the request of %(organization)s for a %(kind)s on "
                "“%(subject)s”.\n\n%(reason)s\n\nThe Office of Equity and Engagement will "
                "contact you to plan the engagement together.\n\nReceipt: %(receipt)s\n%(url)s"
            )
        else:
            subject = _("Your request %(receipt)s was declined") % {"receipt": item.receipt}
            body = _(
                "The Department declined the request of %(organization)s for a %(kind)s on "
                "“%(subject)s”, for this reason:\n\n%(reason)s\n\nYou can still send comments on "
                "any policy, and send a new request at any time.\n\nReceipt: %(receipt)s\n%(url)s"
            )
        body = body % {
            "organization": item.organization,
            "kind": item.get_kind_display().lower(),
            "subject": item.subject,
            "reason": item.decision_reason,
            "receipt": item.receipt,
            "url": url,
        }
    mail_on_commit(to=[item.email], subject=subject, body=body)


def community_request_review(
    *, actor: User, community_request: CommunityRequest
) -> CommunityRequest:
    """Received → under review: someone in OEE or OCPR has taken it up."""
    _check_decider(actor)
    return _move(
        actor=actor,
        item=community_request,
        allowed={CommunityRequest.Status.RECEIVED},
        target=CommunityRequest.Status.UNDER_REVIEW,
        action="review",
    )


def _note_the_factor(actor: User, engagement: Engagement) -> None:
    """IV-B-7: the community's request counts toward the level while it is being assessed.
    An assessed engagement is assessed again, so its recommendation says so too; a
    determined one keeps its level (the assessment is closed) and the request is linked."""
    if engagement.status != Engagement.Status.ASSESSING or engagement.community_request:
        return
    if engagement.assessed_at is None:
        Engagement.objects.filter(pk=engagement.pk).update(community_request=True)
        audit_record(
            actor=actor,
            action="engagement.community_request",
            obj=engagement,
            before={"community_request": False},
            after={"community_request": True},
        )
        return
    services.engagement_assess(
        actor=actor,
        engagement=engagement,
        is_new=engagement.is_new,
        populations=list(engagement.populations or []),
        prior_engagement_note=engagement.prior_engagement_note,
        national_attention=engagement.national_attention,
        command_request=engagement.command_request,
        community_request=True,
        consent_decree=engagement.consent_decree,
        consent_decree_paragraph=engagement.consent_decree_paragraph,
    )


def community_request_accept(
    *,
    actor: User,
    community_request: CommunityRequest,
    reason: str,
    engagement: Engagement | None = None,
    title: str = "",
    originating_unit: str = "",
    directive: Directive | None = None,
    training: Training | None = None,
    training_title: str = "",
    topics: Iterable[Topic] = (),
) -> CommunityRequest:
    """Under review → accepted (IV-B-7 NOTE: the Department works with the group to
    co-produce, or coordinates with it to take part in a community-led engagement). Linked to
    an existing engagement, or a new one made for it; either way the community's request is
    noted as a factor of the level."""
    _check_decider(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the request is accepted; the requester is told."))
    if community_request.status != CommunityRequest.Status.UNDER_REVIEW:
        raise IllegalTransition(_("Take the request under review before deciding on it."))
    with transaction.atomic():
        if engagement is None:
            engagement = services.engagement_create(
                actor=actor,
                title=title or community_request.subject,
                originating_unit=originating_unit,
                directive=directive,
                training=training,
                training_title=training_title,
                topics=topics,
            )
        _note_the_factor(actor, engagement)
        return _move(
            actor=actor,
            item=community_request,
            allowed={CommunityRequest.Status.UNDER_REVIEW},
            target=CommunityRequest.Status.ACCEPTED,
            action="accept",
            reason=reason,
            engagement=engagement,
        )


def community_request_decline(
    *, actor: User, community_request: CommunityRequest, reason: str
) -> CommunityRequest:
    """Received or under review → declined, with a written reason the requester receives."""
    _check_decider(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the request is declined; the requester is told."))
    return _move(
        actor=actor,
        item=community_request,
        allowed={CommunityRequest.Status.RECEIVED, CommunityRequest.Status.UNDER_REVIEW},
        target=CommunityRequest.Status.DECLINED,
        action="decline",
        reason=reason,
    )
