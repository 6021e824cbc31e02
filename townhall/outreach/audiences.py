"""Target audiences (VII-B-4, VII-C-3-a): who an announcement reaches, resolved when it is sent.

An audience's `criteria` select organisations (AND across kinds of criteria, OR within one):
kinds, districts (an organisation serving no listed district is citywide and matches any),
topics, languages, those engaged before on the same directive or engagement, those reaching
hard-to-reach communities (V-A); plus organisations always in and never in. Their contacts
who consented and have not withdrawn are mailed. Subscribers join when `subscribers` is on:
those following everything, the directive, one of the topics, or one of the districts (a
citywide announcement reaches every district's subscribers). Suppressed addresses (bounced
twice, unsubscribed from everything) are never reached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record, changed_only
from townhall.core.districts import district
from townhall.core.errors import FieldsInvalid, NotAllowed
from townhall.engagements.models import CommunityRequest, Engagement, Topic
from townhall.feedback.models import Comment
from townhall.outreach import permissions
from townhall.outreach.models import (
    Announcement,
    Audience,
    Contact,
    ContactLog,
    Delivery,
    Organization,
    Subscriber,
    Subscription,
    Suppression,
)
from townhall.postings.models import Posting

__all__ = [
    "AudienceInvalid",
    "Recipient",
    "Subject",
    "audience_create",
    "audience_update",
    "clean_criteria",
    "matching_organizations",
    "preview",
    "recipients",
    "subject_of",
    "subscriber_follows",
]

CRITERIA_LISTS = ("kinds", "districts", "topics", "languages", "organizations", "excluded")
CRITERIA_FLAGS = ("engaged_before", "hard_to_reach", "subscribers")


class AudienceInvalid(FieldsInvalid):
    """Field-level problems with an audience."""


@dataclass(frozen=True)
class Subject:
    """What an announcement is about, for matching subscriptions and "engaged before"."""

    directive_id: int | None
    engagement_id: int | None
    topic_ids: frozenset[int]
    districts: frozenset[int]  # empty: citywide


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    kind: str  # Delivery.Kind
    contact_id: int | None = None
    subscriber_id: int | None = None


@dataclass
class Preview:
    organizations: list[Organization]
    contacts: int
    subscribers: int
    suppressed: int
    no_consent: int
    by_language: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.contacts + self.subscribers


def _engagement_for(posting: Posting | None, engagement: Engagement | None) -> Engagement | None:
    if engagement is not None or posting is None:
        return engagement
    return (
        Engagement.objects.filter(directive_id=posting.version.directive_id)
        .exclude(status=Engagement.Status.CONCLUDED)
        .order_by("-created_at")
        .first()
    )


def subject_of(
    *, posting: Posting | None, engagement: Engagement | None, criteria: dict[str, Any]
) -> Subject:
    engagement = _engagement_for(posting, engagement)
    directive_id = posting.version.directive_id if posting is not None else None
    if directive_id is None and engagement is not None:
        directive_id = engagement.directive_id
    topics = set(int(t) for t in criteria.get("topics", []))
    if engagement is not None:
        topics |= set(engagement.topics.values_list("pk", flat=True))
    return Subject(
        directive_id=directive_id,
        engagement_id=engagement.pk if engagement is not None else None,
        topic_ids=frozenset(topics),
        districts=frozenset(int(d) for d in criteria.get("districts", [])),
    )


def announcement_subject(announcement: Announcement) -> Subject:
    criteria = announcement.audience.criteria if announcement.audience else {}
    return subject_of(
        posting=announcement.posting, engagement=announcement.engagement, criteria=criteria
    )


def subscriber_follows(subscriptions: Iterable[Subscription], subject: Subject) -> bool:
    """A subscriber follows the subject through any one of their subscriptions."""
    for sub in subscriptions:
        if sub.kind == Subscription.Kind.ALL:
            return True
        if sub.kind == Subscription.Kind.DIRECTIVE and sub.directive_id == subject.directive_id:
            return True
        if sub.kind == Subscription.Kind.TOPIC and sub.topic_id in subject.topic_ids:
            return True
        if sub.kind == Subscription.Kind.DISTRICT and (
            not subject.districts or sub.district in subject.districts
        ):
            return True
    return False


def clean_criteria(raw: dict[str, Any]) -> dict[str, Any]:
    """Criteria as stored: sorted lists of known values and booleans; raises AudienceInvalid."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    kinds = sorted({str(k) for k in raw.get("kinds", [])})
    if any(k not in Organization.Kind.values for k in kinds):
        errors["kinds"] = _("Choose kinds of organization from the list.")
    clean["kinds"] = kinds
    try:
        districts = sorted({int(d) for d in raw.get("districts", [])})
    except (TypeError, ValueError):
        districts = [0]
    if any(district(n) is None for n in districts):
        errors["districts"] = _("Choose districts from the list of the 22 police districts.")
    clean["districts"] = districts
    codes = {code for code, _name in settings.LANGUAGES}
    languages = sorted({str(code) for code in raw.get("languages", [])})
    if any(code not in codes for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    clean["languages"] = languages
    for key, model in (
        ("topics", Topic),
        ("organizations", Organization),
        ("excluded", Organization),
    ):
        try:
            ids = sorted({int(v) for v in raw.get(key, [])})
        except (TypeError, ValueError):
            ids = [-1]
        if len(ids) != model.objects.filter(pk__in=ids).count():
            errors[key] = _("Some of the chosen entries no longer exist; choose again.")
        clean[key] = ids
    for flag in CRITERIA_FLAGS:
        clean[flag] = bool(raw.get(flag, flag == "subscribers"))
    if errors:
        raise AudienceInvalid(errors)
    return clean


def _engaged_before(subject: Subject) -> set[int]:
    """VII-C-3-a: organisations previously engaged in the development of the policy: logged
    contacts on its engagements, earlier announcements reaching their people, comments or
    community requests in their name on the same directive."""
    engagements: set[int] = set()
    if subject.engagement_id:
        engagements.add(subject.engagement_id)
    if subject.directive_id:
        engagements |= set(
            Engagement.objects.filter(directive_id=subject.directive_id).values_list(
                "pk", flat=True
            )
        )
    found = set(
        ContactLog.objects.filter(engagement_id__in=engagements).values_list(
            "organization_id", flat=True
        )
    )
    announced = Q(dispatch__announcement__engagement_id__in=engagements)
    if subject.directive_id:
        announced |= Q(dispatch__announcement__posting__version__directive_id=subject.directive_id)
    found |= set(
        Delivery.objects.filter(announced, status=Delivery.Status.SENT, contact__isnull=False)
        .values_list("contact__organization_id", flat=True)
        .distinct()
    )
    names: set[str] = set()
    if subject.directive_id:
        names |= {
            n.casefold()
            for n in Comment.objects.filter(posting__version__directive_id=subject.directive_id)
            .exclude(organization="")
            .values_list("organization", flat=True)
            .distinct()
        }
        names |= {
            n.casefold()
            for n in CommunityRequest.objects.filter(directive_id=subject.directive_id)
            .values_list("organization", flat=True)
            .distinct()
        }
    if names:
        found |= {
            pk
            for pk, name in Organization.objects.values_list("pk", "name")
            if name.casefold() in names
        }
    return found


def matching_organizations(criteria: dict[str, Any], subject: Subject) -> list[Organization]:
    kinds = set(criteria.get("kinds", []))
    districts = set(criteria.get("districts", []))
    topics = set(criteria.get("topics", []))
    languages = set(criteria.get("languages", []))
    always = set(criteria.get("organizations", []))
    never = set(criteria.get("excluded", []))
    engaged = _engaged_before(subject) if criteria.get("engaged_before") else None
    selecting = bool(kinds or districts or topics or languages or engaged is not None) or bool(
        criteria.get("hard_to_reach")
    )
    chosen: list[Organization] = []
    for org in Organization.objects.filter(is_archived=False).prefetch_related("topics"):
        if org.pk in never:
            continue
        if org.pk in always:
            chosen.append(org)
            continue
        if not selecting:
            continue
        if kinds and org.kind not in kinds:
            continue
        if districts and org.districts and not districts & set(org.districts):
            continue
        if topics and not topics & {t.pk for t in org.topics.all()}:
            continue
        if languages and not languages & set(org.languages):
            continue
        if criteria.get("hard_to_reach") and not org.reaches_hard_to_reach:
            continue
        if engaged is not None and org.pk not in engaged:
            continue
        chosen.append(org)
    return chosen


def _suppressed() -> set[str]:
    return set(Suppression.objects.exclude(reason="").values_list("email", flat=True))


def _walk(criteria: dict[str, Any], subject: Subject) -> Iterator[tuple[str, Any]]:
    """Every candidate, in order: ("org", Organization), then ("contact", Contact) or
    ("no_consent", Contact), then ("subscriber", Subscriber)."""
    orgs = matching_organizations(criteria, subject)
    for org in orgs:
        yield "org", org
    contacts = Contact.objects.filter(organization__in=orgs).exclude(email="").order_by("pk")
    for contact in contacts:
        yield ("contact" if contact.mailable else "no_consent"), contact
    if criteria.get("subscribers", True):
        subscribers = (
            Subscriber.objects.filter(
                status=Subscriber.Status.ACTIVE, frequency=Subscriber.Frequency.IMMEDIATE
            )
            .prefetch_related("subscriptions")
            .order_by("pk")
        )
        for subscriber in subscribers:
            if subscriber_follows(subscriber.subscriptions.all(), subject):
                yield "subscriber", subscriber


def recipients(criteria: dict[str, Any], subject: Subject) -> list[Recipient]:
    """The addresses to mail, one each, suppressed ones left out. A person who is both a
    contact and a subscriber gets one message, as a contact."""
    suppressed = _suppressed()
    seen: set[str] = set()
    found: list[Recipient] = []
    for kind, item in _walk(criteria, subject):
        if kind not in ("contact", "subscriber"):
            continue
        email = item.email.strip().lower()
        if email in seen or email in suppressed:
            continue
        seen.add(email)
        if kind == "contact":
            found.append(Recipient(email, item.language, Delivery.Kind.CONTACT, contact_id=item.pk))
        else:
            found.append(
                Recipient(email, item.language, Delivery.Kind.SUBSCRIBER, subscriber_id=item.pk)
            )
    return found


def preview(criteria: dict[str, Any], subject: Subject) -> Preview:
    """What the audience would reach now: organisations by name, counts of people (never
    their addresses), and who is left out and why."""
    suppressed = _suppressed()
    result = Preview(organizations=[], contacts=0, subscribers=0, suppressed=0, no_consent=0)
    languages: Counter[str] = Counter()
    seen: set[str] = set()
    for kind, item in _walk(criteria, subject):
        if kind == "org":
            result.organizations.append(item)
            continue
        if kind == "no_consent":
            result.no_consent += 1
            continue
        email = item.email.strip().lower()
        if email in seen:
            continue
        seen.add(email)
        if email in suppressed:
            result.suppressed += 1
            continue
        languages[item.language] += 1
        if kind == "contact":
            result.contacts += 1
        else:
            result.subscribers += 1
    result.by_language = dict(sorted(languages.items()))
    return result


def _validate_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise AudienceInvalid({"name": _("Give the audience a name.")})
    if len(name) > 200:
        raise AudienceInvalid({"name": _("The name is too long: at most 200 characters.")})
    return name


def audience_create(
    *,
    actor: User,
    name: str,
    criteria: dict[str, Any],
    posting: Posting | None = None,
    engagement: Engagement | None = None,
) -> Audience:
    """VII-B-4: R&D, OEE and Communications agree a list of target audiences for outreach."""
    if not permissions.can_manage_audiences(actor):
        raise NotAllowed(_("Your role cannot build audiences."))
    clean_name = _validate_name(name)
    clean = clean_criteria(criteria)
    with transaction.atomic():
        audience = Audience.objects.create(
            name=clean_name,
            criteria=clean,
            posting=posting,
            engagement=engagement,
            created_by=actor,
        )
        audit_record(
            actor=actor, action="outreach.audience_create", obj=audience, after={"criteria": clean}
        )
    return audience


def audience_update(
    *, actor: User, audience: Audience, name: str, criteria: dict[str, Any]
) -> Audience:
    """Changes reach the dispatches not yet sent; sent ones keep the list they were sent to."""
    if not permissions.can_manage_audiences(actor):
        raise NotAllowed(_("Your role cannot build audiences."))
    clean_name = _validate_name(name)
    clean = clean_criteria(criteria)
    with transaction.atomic():
        locked = Audience.objects.select_for_update().get(pk=audience.pk)
        before = {"name": locked.name, "criteria": locked.criteria}
        after = {"name": clean_name, "criteria": clean}
        Audience.objects.filter(pk=locked.pk).update(name=clean_name, criteria=clean)
        old, new = changed_only(before, after)
        if new:
            audit_record(
                actor=actor, action="outreach.audience_update", obj=locked, before=old, after=new
            )
        locked.refresh_from_db()
    return locked
