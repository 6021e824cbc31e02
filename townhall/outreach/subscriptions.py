"""Public subscriptions: anyone may follow all postings, a topic, a district or a directive by
email, with no account (V-B-1, VII-C-3).

- Double opt-in: nothing is sent but the confirmation until the owner of the address clicks
  its link (valid 7 days). Asking again for an address already subscribed sends it a link to
  manage its subscription instead, so nobody can change another person's choices, and the
  page says the same thing whatever the address.
- One signed link manages or cancels everything; every message carries a one-click
  unsubscribe (RFC 8058).
- Immediate subscribers are reached by each announcement whose subject they follow
  (audiences.py); weekly ones get one digest a week of what was announced.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.core.districts import district
from townhall.core.errors import FieldsInvalid
from townhall.core.mail import absolute_url, mail_on_commit
from townhall.core.text import email_problem
from townhall.directives.models import Directive
from townhall.engagements.models import Topic
from townhall.outreach import audiences, tokens
from townhall.outreach.models import (
    Announcement,
    AnnouncementText,
    Channel,
    Contact,
    Dispatch,
    Subscriber,
    Subscription,
    Suppression,
)

__all__ = [
    "Selection",
    "SubscriptionInvalid",
    "confirm_url",
    "digest_mail",
    "digests_due",
    "manage_url",
    "subscriber_for_manage",
    "subscription_confirm",
    "subscription_request",
    "subscription_update",
    "unsubscribe",
    "unsubscribe_target",
]

# One confirmation mail per address in this time: a form sent again and again must not
# turn the site into a way to flood someone's inbox.
RESEND_AFTER = datetime.timedelta(minutes=10)
DIGEST_EVERY = datetime.timedelta(days=7)


class SubscriptionInvalid(FieldsInvalid):
    """Field-level problems with a subscription."""


@dataclass(frozen=True)
class Selection:
    kind: str
    topic_id: int | None = None
    district: int | None = None
    directive_id: int | None = None


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _clean(
    *, email: str | None, language: str, frequency: str, selections: Iterable[Selection]
) -> tuple[str, list[Selection]]:
    errors: dict[str, str] = {}
    address = ""
    if email is not None:
        address = (email or "").strip().lower()
        if not address:
            errors["email"] = _("Give your email address.")
        else:
            problem = email_problem(address)
            if problem:
                errors["email"] = problem
    if language not in _languages():
        errors["language"] = _("Choose a language from the list.")
    if frequency not in Subscriber.Frequency.values:
        errors["frequency"] = _("Choose how often you want mail.")
    chosen: list[Selection] = []
    for sel in selections:
        if sel.kind == Subscription.Kind.ALL:
            chosen = [Selection(Subscription.Kind.ALL)]
            break
        if sel.kind == Subscription.Kind.TOPIC and sel.topic_id is not None:
            if not Topic.objects.filter(pk=sel.topic_id).exists():
                errors["topics"] = _("Choose topics from the list.")
        elif sel.kind == Subscription.Kind.DISTRICT and sel.district is not None:
            if district(sel.district) is None:
                errors["districts"] = _(
                    "Choose districts from the list of the 22 police districts."
                )
        elif sel.kind == Subscription.Kind.DIRECTIVE and sel.directive_id is not None:
            if not Directive.objects.filter(pk=sel.directive_id).exists():
                errors["directives"] = _("Choose directives from the registry.")
        else:
            errors["selections"] = _("Choose what you want to follow.")
            continue
        if sel not in chosen:
            chosen.append(sel)
    if not chosen and "selections" not in errors:
        errors["selections"] = _(
            "Choose what you want to follow: all postings, or at least one topic, district or "
            "directive."
        )
    if errors:
        raise SubscriptionInvalid(errors)
    return address, chosen


def _replace_selections(subscriber: Subscriber, chosen: list[Selection]) -> None:
    # The subscriber's own current choice: selections are preferences, not submissions, so
    # the old ones are replaced (the Subscriber row itself is kept for ever).
    Subscription.objects.filter(subscriber=subscriber).delete()
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=subscriber,
                kind=sel.kind,
                topic_id=sel.topic_id,
                district=sel.district,
                directive_id=sel.directive_id,
            )
            for sel in chosen
        ]
    )


def confirm_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute_url("outreach:confirm", token=tokens.make("confirm", "s", subscriber.pk))


def manage_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute_url("outreach:manage", token=tokens.make("manage", "s", subscriber.pk))


def _mail_confirmation(subscriber: Subscriber) -> None:
    with translation.override(subscriber.language):
        mail_on_commit(
            to=[subscriber.email],
            subject=_("Confirm your subscription"),
            body=render_to_string(
                "outreach/email/confirm.txt",
                {"url": confirm_url(subscriber), "days": tokens.CONFIRM_MAX_AGE.days},
            ),
        )


def _mail_manage_link(subscriber: Subscriber) -> None:
    with translation.override(subscriber.language):
        mail_on_commit(
            to=[subscriber.email],
            subject=_("Your subscription"),
            body=render_to_string(
                "outreach/email/manage_link.txt", {"url": manage_url(subscriber)}
            ),
        )


def subscription_request(
    *, email: str, language: str, frequency: str, selections: Iterable[Selection]
) -> None:
    """Someone asks to follow announcements. The answer is the same whatever the address:
    a new or unconfirmed one gets a confirmation link, a subscribed one a link to manage it."""
    address, chosen = _clean(
        email=email, language=language, frequency=frequency, selections=selections
    )
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=address, defaults={"language": language, "frequency": frequency}
        )
        recently = (
            subscriber.confirmation_sent_at is not None
            and now - subscriber.confirmation_sent_at < RESEND_AFTER
        )
        if subscriber.status == Subscriber.Status.ACTIVE:
            if not recently:
                Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
                _mail_manage_link(subscriber)
            return
        # New, unconfirmed, or unsubscribed: the choices wait for the confirmation.
        Subscriber.objects.filter(pk=subscriber.pk).update(
            language=language,
            frequency=frequency,
            status=Subscriber.Status.PENDING,
            confirmation_sent_at=subscriber.confirmation_sent_at if recently else now,
        )
        _replace_selections(subscriber, chosen)
        subscriber.refresh_from_db()
        if not recently or created:
            _mail_confirmation(subscriber)


def subscription_confirm(*, token: str) -> Subscriber:
    """The link in the confirmation mail: pending -> active. Clicking it again is harmless.
    Raises tokens.BadToken for a link altered or older than 7 days."""
    kind, pk = tokens.read("confirm", token)
    if kind != "s":
        raise tokens.BadToken("not a subscriber")
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
        if subscriber is None:
            raise tokens.BadToken("gone")
        if subscriber.status != Subscriber.Status.ACTIVE:
            Subscriber.objects.filter(pk=pk).update(
                status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now(), unsubscribed_at=None
            )
            # Confirming is a fresh yes: an earlier "stop everything" no longer applies.
            Suppression.objects.filter(
                email=subscriber.email, reason=Suppression.Reason.UNSUBSCRIBED
            ).update(reason="", suppressed_at=None)
        subscriber.refresh_from_db()
    return subscriber


def subscriber_for_manage(*, token: str) -> Subscriber:
    kind, pk = tokens.read("manage", token)
    subscriber = Subscriber.objects.filter(pk=pk).first() if kind == "s" else None
    if subscriber is None:
        raise tokens.BadToken("gone")
    return subscriber


def subscription_update(
    *, subscriber: Subscriber, language: str, frequency: str, selections: Iterable[Selection]
) -> Subscriber:
    """From the manage link: new choices take effect at once (the link proves the address).
    An unsubscribed person who saves their choices is subscribed again."""
    _address, chosen = _clean(
        email=None, language=language, frequency=frequency, selections=selections
    )
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(
            language=language,
            frequency=frequency,
            status=Subscriber.Status.ACTIVE,
            confirmed_at=subscriber.confirmed_at or timezone.now(),
            unsubscribed_at=None,
        )
        _replace_selections(subscriber, chosen)
        subscriber.refresh_from_db()
    return subscriber


def unsubscribe_target(*, token: str) -> Subscriber | Contact:
    kind, pk = tokens.read("unsubscribe", token)
    target: Subscriber | Contact | None
    if kind == "s":
        target = Subscriber.objects.filter(pk=pk).first()
    else:
        target = Contact.objects.select_related("organization").filter(pk=pk).first()
    if target is None:
        raise tokens.BadToken("gone")
    return target


def unsubscribe(*, token: str, everything: bool = False) -> Subscriber | Contact:
    """One click, no sign-in (RFC 8058): a subscriber stops receiving announcements; an
    organisation's contact is withdrawn from outreach mail. `everything` also suppresses the
    address for any outreach mail, whoever it would come as. Repeating it is harmless."""
    target = unsubscribe_target(token=token)
    now = timezone.now()
    with transaction.atomic():
        if isinstance(target, Subscriber):
            Subscriber.objects.filter(pk=target.pk).exclude(
                status=Subscriber.Status.UNSUBSCRIBED
            ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now)
        else:
            Contact.objects.filter(pk=target.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
        if everything and target.email:
            row, _created = Suppression.objects.get_or_create(email=target.email.lower())
            if row.reason != Suppression.Reason.BOUNCED:
                Suppression.objects.filter(pk=row.pk).update(
                    reason=Suppression.Reason.UNSUBSCRIBED, suppressed_at=now
                )
        target.refresh_from_db()
    return target


# --- Weekly digest ----------------------------------------------------------------------------


def digests_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Weekly subscribers whose last digest is a week old (or who never had one)."""
    now = now or timezone.now()
    cutoff = now - DIGEST_EVERY + datetime.timedelta(hours=1)
    qs = Subscriber.objects.filter(
        status=Subscriber.Status.ACTIVE, frequency=Subscriber.Frequency.WEEKLY
    )
    return list(qs.filter(last_digest_at__isnull=True).values_list("pk", flat=True)) + list(
        qs.filter(last_digest_at__lt=cutoff).values_list("pk", flat=True)
    )


def _announced_since(since: datetime.datetime) -> list[Announcement]:
    ids = (
        Dispatch.objects.filter(
            status__in=(Dispatch.Status.SENDING, Dispatch.Status.SENT),
            started_at__gte=since,
        )
        .values_list("announcement_id", flat=True)
        .distinct()
    )
    found = (
        Announcement.objects.filter(pk__in=list(ids))
        .select_related("audience", "posting__version", "engagement")
        .order_by("created_at")
    )
    # JSON containment is not portable to SQLite: the few announcements of a week are
    # filtered here.
    return [a for a in found if Channel.EMAIL in a.channels]


def digest_mail(*, subscriber_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one weekly digest: the week's announcements the subscriber follows. Claims the
    week first (last_digest_at), so a task run twice sends once. False if nothing to send."""
    now = now or timezone.now()
    cutoff = now - DIGEST_EVERY + datetime.timedelta(hours=1)
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=subscriber_id, status=Subscriber.Status.ACTIVE)
            .first()
        )
        if subscriber is None or (
            subscriber.last_digest_at is not None and subscriber.last_digest_at >= cutoff
        ):
            return False
        since = subscriber.last_digest_at or (subscriber.confirmed_at or now) - DIGEST_EVERY
        Subscriber.objects.filter(pk=subscriber.pk).update(last_digest_at=now)
    if Suppression.objects.filter(email=subscriber.email).exclude(reason="").exists():
        return False
    follows = list(subscriber.subscriptions.all())
    items: list[tuple[Announcement, AnnouncementText]] = []
    for announcement in _announced_since(since):
        if not audiences.subscriber_follows(follows, audiences.announcement_subject(announcement)):
            continue
        texts = {t.language: t for t in announcement.texts.filter(channel=Channel.EMAIL)}
        text = texts.get(subscriber.language) or texts.get(settings.LANGUAGE_CODE)
        if text is not None:
            items.append((announcement, text))
    if not items:
        return False
    unsubscribe_link = ""
    with translation.override(subscriber.language):
        unsubscribe_link = absolute_url(
            "outreach:unsubscribe", token=tokens.make("unsubscribe", "s", subscriber.pk)
        )
        context = {
            "items": items,
            "manage": manage_url(subscriber),
            "unsubscribe": unsubscribe_link,
        }
        subject = _("This week: %(n)d announcements you follow") % {"n": len(items)}
        body = render_to_string("outreach/email/digest.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.send()
    return True
