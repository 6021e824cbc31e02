"""The stakeholder directory (seed 002 V-B-3, V-B-4, V-D-2, VI-B-2, VI-B-6, IV-B-4).

OEE identifies the groups, organisations and stakeholders (VI-B-2) and keeps in touch with them
(V-D-2 "a member of the Office of Equity and Engagement will remain in contact with the
organization", VI-B-6): organisations, their contact people, and the log of every contact with
its follow-up, with a daily reminder of the follow-ups that fell due.

Contact people are personal information: only OEE and administrators write or export them.
The audit trail, which every staff member reads, records which contact changed and which of
their fields, never their name, address or phone number. A contact who withdraws is never
mailed again (`Contact.mailable`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from townhall.accounts.models import Role, User
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.districts import district, districts_of
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url, emails_for_roles, mail_on_commit
from townhall.core.text import email_problem, one_line, spreadsheet_safe
from townhall.engagements.models import Engagement, ExternalComment, Topic
from townhall.outreach import permissions
from townhall.outreach.models import Contact, ContactLog, Organization

__all__ = [
    "COMMUNITY_AREAS",
    "EXPORT_FORMATS",
    "ContactDetails",
    "DirectoryInvalid",
    "LogDetails",
    "OrganizationDetails",
    "community_area_name",
    "contact_add",
    "contact_log_add",
    "contact_log_follow_up_done",
    "contact_update",
    "contact_withdraw",
    "contacts_withdraw_address",
    "directory_export",
    "directory_rows",
    "follow_up_reminders",
    "language_name",
    "organization_archive",
    "organization_create",
    "organization_restore",
    "organization_update",
]

MAX_DESCRIPTION_CHARS = 5000
MAX_SUMMARY_CHARS = 5000
EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

# The 77 community areas of Chicago, by number (proper nouns: not translated). Names as in the
# CMAP Community Data Snapshot (shared/data/demographics/cmap_cca_profiles_2016_2020).
# fmt: off
_AREA_NAMES = (
    "Rogers Park", "West Ridge", "Uptown", "Lincoln Square", "North Center", "Lake View",
    "Lincoln Park", "Near North Side", "Edison Park", "Norwood Park", "Jefferson Park",
    "Forest Glen", "North Park", "Albany Park", "Portage Park", "Irving Park", "Dunning",
    "Montclare", "Belmont Cragin", "Hermosa", "Avondale", "Logan Square", "Humboldt Park",
    "West Town", "Austin", "West Garfield Park", "East Garfield Park", "Near West Side",
    "North Lawndale", "South Lawndale", "Lower West Side", "The Loop", "Near South Side",
    "Armour Square", "Douglas", "Oakland", "Fuller Park", "Grand Boulevard", "Kenwood",
    "Washington Park", "Hyde Park", "Woodlawn", "South Shore", "Chatham", "Avalon Park",
    "South Chicago", "Burnside", "Calumet Heights", "Roseland", "Pullman", "South Deering",
    "East Side", "West Pullman", "Riverdale", "Hegewisch", "Garfield Ridge", "Archer Heights",
    "Brighton Park", "McKinley Park", "Bridgeport", "New City", "West Elsdon", "Gage Park",
    "Clearing", "West Lawn", "Chicago Lawn", "West Englewood", "Englewood",
    "Greater Grand Crossing", "Ashburn", "Auburn Gresham", "Beverly", "Washington Heights",
    "Mount Greenwood", "Morgan Park", "O'Hare", "Edgewater",
)
# fmt: on
COMMUNITY_AREAS: dict[int, str] = dict(enumerate(_AREA_NAMES, start=1))


def community_area_name(number: int) -> str:
    return COMMUNITY_AREAS.get(number, str(number))


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Polish", "polaco")."""
    return str(settings.LANGUAGE_NAMES_EN.get(code, code))


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


class DirectoryInvalid(FieldsInvalid):
    """Field-level problems with an organisation, a contact or a log entry."""


# --- Who may ------------------------------------------------------------------------------


def _check_editor(actor: User) -> None:
    if not permissions.can_edit_directory(actor):
        raise NotAllowed(_("Only the Office of Equity and Engagement keeps the directory."))


def _check_contacts(actor: User) -> None:
    if not permissions.can_see_contacts(actor):
        raise NotAllowed(
            _("Contact details are personal information: only OEE and administrators see them.")
        )


# --- Organisations ------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationDetails:
    name: str
    kind: str
    entity: str = ""
    districts: Sequence[int] = ()
    community_areas: Sequence[int] = ()
    topics: Sequence[int] = ()  # Topic ids
    languages: Sequence[str] = ()
    website: str = ""
    description: str = ""
    reaches_hard_to_reach: bool = False


@dataclass(frozen=True)
class _CleanOrganization:
    name: str
    kind: str
    entity: str
    districts: list[int]
    community_areas: list[int]
    topics: list[int]
    languages: list[str]
    website: str
    description: str
    reaches_hard_to_reach: bool


_ORG_FIELDS = (
    "name",
    "kind",
    "entity",
    "districts",
    "community_areas",
    "languages",
    "website",
    "description",
    "reaches_hard_to_reach",
    "is_archived",
)


def _org_snapshot(organization: Organization) -> dict[str, Any]:
    data = snapshot(organization, _ORG_FIELDS)
    data["topics"] = sorted(organization.topics.values_list("pk", flat=True))
    return data


def _numbers(values: Iterable[Any]) -> list[int] | None:
    out: set[int] = set()
    for value in values:
        try:
            out.add(int(value))
        except (TypeError, ValueError):
            return None
    return sorted(out)


def _validate_organization(
    details: OrganizationDetails, *, instance: Organization | None = None
) -> _CleanOrganization:
    errors: dict[str, str] = {}
    name = one_line(details.name)
    if not name:
        errors["name"] = _("Give the organization's name.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    else:
        same = Organization.objects.filter(name__iexact=name)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            errors["name"] = _(
                "The directory already has an organization named “%(name)s”: open it instead "
                "of adding it twice."
            ) % {"name": name}
    if details.kind not in Organization.Kind.values:
        errors["kind"] = _("Choose what kind of organization it is.")
    entity = details.entity or ""
    if entity and entity not in ExternalComment.Entity.values:
        errors["entity"] = _("Choose one of the external entities of IV-B-4, or none.")
    districts = _numbers(details.districts)
    if districts is None or any(district(n) is None for n in districts):
        errors["districts"] = _("Choose districts from the list of the 22 police districts.")
    areas = _numbers(details.community_areas)
    if areas is None or any(n not in COMMUNITY_AREAS for n in areas):
        errors["community_areas"] = _("Choose community areas from the list of the 77.")
    topic_ids = _numbers(details.topics)
    if topic_ids is None or Topic.objects.filter(pk__in=topic_ids).count() != len(topic_ids):
        errors["topics"] = _("Choose topics from the list.")
    codes = _language_codes()
    languages = [code for code in dict.fromkeys(details.languages)]
    if any(code not in codes for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    website = (details.website or "").strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = _(
                "Enter the full address of the website, like https://example.org."
            )
        else:
            if len(website) > 200:
                errors["website"] = _("The address is too long: at most 200 characters.")
    description = (details.description or "").replace("\r\n", "\n").strip()
    if len(description) > MAX_DESCRIPTION_CHARS:
        errors["description"] = _(
            "The description is %(n)d characters long; the limit is %(max)d."
        ) % {"n": len(description), "max": MAX_DESCRIPTION_CHARS}
    if errors:
        raise DirectoryInvalid(errors)
    ordered = [code for code, _name in settings.LANGUAGES if code in languages]
    return _CleanOrganization(
        name=name,
        kind=details.kind,
        entity=entity,
        districts=districts or [],
        community_areas=areas or [],
        topics=topic_ids or [],
        languages=ordered,
        website=website,
        description=description,
        reaches_hard_to_reach=bool(details.reaches_hard_to_reach),
    )


def _duplicate_name(name: str) -> DirectoryInvalid:
    return DirectoryInvalid(
        {
            "name": _(
                "The directory already has an organization named “%(name)s”: open it instead "
                "of adding it twice."
            )
            % {"name": name}
        }
    )


def _apply(organization: Organization, clean: _CleanOrganization) -> None:
    for field in (
        "name",
        "kind",
        "entity",
        "districts",
        "community_areas",
        "languages",
        "website",
        "description",
        "reaches_hard_to_reach",
    ):
        setattr(organization, field, getattr(clean, field))


def organization_create(*, actor: User, details: OrganizationDetails) -> Organization:
    """VI-B-2: OEE adds a group, organisation or stakeholder to the directory."""
    _check_editor(actor)
    clean = _validate_organization(details)
    organization = Organization(created_by=actor)
    _apply(organization, clean)
    try:
        with transaction.atomic():
            organization.save()
            organization.topics.set(clean.topics)
            audit_record(
                actor=actor,
                action="outreach.organization_create",
                obj=organization,
                after=_org_snapshot(organization),
            )
    except IntegrityError:
        raise _duplicate_name(clean.name) from None
    return organization


def organization_update(
    *, actor: User, organization: Organization, details: OrganizationDetails
) -> Organization:
    _check_editor(actor)
    clean = _validate_organization(details, instance=organization)
    try:
        with transaction.atomic():
            locked = Organization.objects.select_for_update().get(pk=organization.pk)
            before = _org_snapshot(locked)
            _apply(locked, clean)
            locked.save()
            locked.topics.set(clean.topics)
            old, new = changed_only(before, _org_snapshot(locked))
            if new:
                audit_record(
                    actor=actor,
                    action="outreach.organization_update",
                    obj=locked,
                    before=old,
                    after=new,
                )
    except IntegrityError:
        raise _duplicate_name(clean.name) from None
    return locked


def _set_archived(*, actor: User, organization: Organization, archived: bool) -> Organization:
    _check_editor(actor)
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        if locked.is_archived == archived:
            raise IllegalTransition(
                _("This organization is already archived.")
                if archived
                else _("This organization is not archived.")
            )
        locked.is_archived = archived
        locked.save(update_fields=["is_archived", "updated_at"])
        audit_record(
            actor=actor,
            action="outreach.organization_archive" if archived else "outreach.organization_restore",
            obj=locked,
            before={"is_archived": not archived},
            after={"is_archived": archived},
        )
    return locked


def organization_archive(*, actor: User, organization: Organization) -> Organization:
    """Out of searches and audiences, kept with its history (nothing here is deleted)."""
    return _set_archived(actor=actor, organization=organization, archived=True)


def organization_restore(*, actor: User, organization: Organization) -> Organization:
    return _set_archived(actor=actor, organization=organization, archived=False)


def _check_active(organization: Organization) -> None:
    if organization.is_archived:
        raise IllegalTransition(_("This organization is archived: restore it before adding to it."))


# --- Contacts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDetails:
    name: str
    email: str = ""
    phone: str = ""
    role_title: str = ""
    preferred_method: str = Contact.Method.EMAIL
    language: str = "en"
    consent: bool = False
    consent_note: str = ""


# What the audit trail may say about a contact: no name, address or phone number.
_CONTACT_PUBLIC_FIELDS = ("preferred_method", "language", "consent", "withdrawn_at")
_CONTACT_PERSONAL_FIELDS = ("name", "role_title", "email", "phone", "consent_note")


def _validate_contact(
    details: ContactDetails, *, organization: Organization, instance: Contact | None = None
) -> ContactDetails:
    errors: dict[str, str] = {}
    name = one_line(details.name)
    if not name:
        errors["name"] = _("Give the contact person's name.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    role_title = one_line(details.role_title)
    if len(role_title) > 200:
        errors["role_title"] = _("The role or title is too long: at most 200 characters.")
    email = (details.email or "").strip()
    if email:
        problem = email_problem(email)
        if problem:
            errors["email"] = problem
        else:
            same = Contact.objects.filter(organization=organization, email__iexact=email)
            if instance is not None:
                same = same.exclude(pk=instance.pk)
            if same.exists():
                errors["email"] = _(
                    "This organization already has a contact with this email address."
                )
    phone = one_line(details.phone)
    if len(phone) > 40:
        errors["phone"] = _("The phone number is too long: at most 40 characters.")
    if not email and not phone and "email" not in errors:
        errors["email"] = _("Give an email address or a phone number: one way to reach them.")
    method = details.preferred_method
    if method not in Contact.Method.values:
        errors["preferred_method"] = _("Choose how they prefer to be contacted.")
    elif method == Contact.Method.EMAIL and not email and "email" not in errors:
        errors["preferred_method"] = _(
            "They prefer email, but no email address is given: add one or choose another way."
        )
    elif (
        method in (Contact.Method.PHONE, Contact.Method.TEXT)
        and not phone
        and "phone" not in errors
    ):
        errors["preferred_method"] = _(
            "They prefer a call or a text, but no phone number is given: add one or choose "
            "another way."
        )
    if details.language not in _language_codes():
        errors["language"] = _("Choose the language they prefer from the list.")
    consent_note = one_line(details.consent_note)
    if len(consent_note) > 300:
        errors["consent_note"] = _("The note is too long: at most 300 characters.")
    elif details.consent and not consent_note:
        errors["consent_note"] = _(
            "Say how they agreed to be contacted (for example, “said yes by email on "
            "3 March”): consent is recorded with how it was given."
        )
    if errors:
        raise DirectoryInvalid(errors)
    return ContactDetails(
        name=name,
        email=email,
        phone=phone,
        role_title=role_title,
        preferred_method=method,
        language=details.language,
        consent=bool(details.consent),
        consent_note=consent_note,
    )


def _contact_fields(contact: Contact, clean: ContactDetails) -> None:
    contact.name = clean.name
    contact.email = clean.email
    contact.phone = clean.phone
    contact.role_title = clean.role_title
    contact.preferred_method = clean.preferred_method
    contact.language = clean.language
    if clean.consent and not contact.consent:
        contact.consent_at = timezone.now()
    elif not clean.consent:
        contact.consent_at = None
    contact.consent = clean.consent
    contact.consent_note = clean.consent_note


def contact_add(*, actor: User, organization: Organization, details: ContactDetails) -> Contact:
    """A contact person, with whether and how they agreed to be contacted."""
    _check_editor(actor)
    _check_contacts(actor)
    _check_active(organization)
    clean = _validate_contact(details, organization=organization)
    contact = Contact(organization=organization)
    _contact_fields(contact, clean)
    with transaction.atomic():
        contact.save()
        audit_record(
            actor=actor,
            action="outreach.contact_add",
            obj=organization,
            after={"contact": contact.pk, **snapshot(contact, _CONTACT_PUBLIC_FIELDS)},
        )
    return contact


def contact_update(*, actor: User, contact: Contact, details: ContactDetails) -> Contact:
    _check_editor(actor)
    _check_contacts(actor)
    clean = _validate_contact(details, organization=contact.organization, instance=contact)
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        before_public = snapshot(locked, _CONTACT_PUBLIC_FIELDS)
        before_personal = snapshot(locked, _CONTACT_PERSONAL_FIELDS)
        _contact_fields(locked, clean)
        locked.save()
        old, new = changed_only(before_public, snapshot(locked, _CONTACT_PUBLIC_FIELDS))
        personal = changed_only(before_personal, snapshot(locked, _CONTACT_PERSONAL_FIELDS))[1]
        if new or personal:
            audit_record(
                actor=actor,
                action="outreach.contact_update",
                obj=locked.organization,
                before={"contact": locked.pk, **old},
                after={"contact": locked.pk, **new, "changed": sorted(personal)},
            )
    return locked


def contact_withdraw(*, actor: User | None, contact: Contact, note: str = "") -> Contact:
    """The person asked not to be contacted (told OEE, or used an unsubscribe link): never
    mailed again. `actor` None is the person themselves, by a link: no audit row then, as for
    everything the public sends."""
    if actor is not None:
        _check_editor(actor)
        _check_contacts(actor)
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.withdrawn_at is not None:
            raise IllegalTransition(_("This person has already withdrawn: they are not mailed."))
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated_at"])
        if actor is not None:
            audit_record(
                actor=actor,
                action="outreach.contact_withdraw",
                obj=locked.organization,
                before={"contact": locked.pk, "withdrawn_at": None},
                after={"contact": locked.pk, "withdrawn_at": locked.withdrawn_at},
                note=one_line(note)[:500],
            )
    return locked


def contacts_withdraw_address(*, email: str) -> int:
    """Everyone in the directory with this address withdraws (an unsubscribe link followed):
    how many were. No audit row: the person did it."""
    address = (email or "").strip()
    if not address:
        return 0
    return Contact.objects.filter(email__iexact=address, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), updated_at=timezone.now()
    )


# --- The log (V-D-2, VI-B-6) --------------------------------------------------------------


@dataclass(frozen=True)
class LogDetails:
    occurred_on: datetime.date | None
    channel: str
    summary: str
    contact: Contact | None = None
    engagement: Engagement | None = None
    follow_up: str = ""
    follow_up_due: datetime.date | None = None


_LOG_FIELDS = (
    "organization",
    "contact",
    "engagement",
    "occurred_on",
    "channel",
    "follow_up_due",
    "follow_up_done_at",
)


def _validate_log(details: LogDetails, *, organization: Organization) -> LogDetails:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if details.occurred_on is None:
        errors["occurred_on"] = _("Give the date of the contact.")
    elif details.occurred_on > today:
        errors["occurred_on"] = _("The date is in the future: log a contact once it has happened.")
    if details.channel not in ContactLog.Channel.values:
        errors["channel"] = _("Choose how the contact was made.")
    summary = (details.summary or "").replace("\r\n", "\n").strip()
    if not summary:
        errors["summary"] = _("Say what was discussed.")
    elif len(summary) > MAX_SUMMARY_CHARS:
        errors["summary"] = _("The summary is %(n)d characters long; the limit is %(max)d.") % {
            "n": len(summary),
            "max": MAX_SUMMARY_CHARS,
        }
    if details.contact is not None and details.contact.organization_id != organization.pk:
        errors["contact"] = _("Choose one of this organization's contact people, or nobody.")
    follow_up = one_line(details.follow_up)
    if len(follow_up) > 300:
        errors["follow_up"] = _("The follow-up is too long: at most 300 characters.")
    due = details.follow_up_due
    if due is not None and not follow_up and "follow_up" not in errors:
        errors["follow_up"] = _("Say what the follow-up is, since it has a due date.")
    if due is not None and details.occurred_on is not None and due < details.occurred_on:
        errors["follow_up_due"] = _("The follow-up cannot be due before the contact took place.")
    if errors:
        raise DirectoryInvalid(errors)
    return LogDetails(
        occurred_on=details.occurred_on,
        channel=details.channel,
        summary=summary,
        contact=details.contact,
        engagement=details.engagement,
        follow_up=follow_up,
        follow_up_due=due,
    )


def contact_log_add(*, actor: User, organization: Organization, details: LogDetails) -> ContactLog:
    """V-D-2: one contact with the organisation: when, with whom, how, about which engagement,
    what was said, and what follows (reminded when due)."""
    _check_editor(actor)
    _check_contacts(actor)
    _check_active(organization)
    clean = _validate_log(details, organization=organization)
    assert clean.occurred_on is not None
    with transaction.atomic():
        entry = ContactLog.objects.create(
            organization=organization,
            contact=clean.contact,
            engagement=clean.engagement,
            occurred_on=clean.occurred_on,
            channel=clean.channel,
            summary=clean.summary,
            follow_up=clean.follow_up,
            follow_up_due=clean.follow_up_due,
            by=actor,
        )
        # The summary may name people; the trail keeps what, when and how only.
        audit_record(
            actor=actor,
            action="outreach.contact_log_add",
            obj=entry,
            after=snapshot(entry, _LOG_FIELDS),
        )
    return entry


def contact_log_follow_up_done(*, actor: User, entry: ContactLog) -> ContactLog:
    _check_editor(actor)
    _check_contacts(actor)
    with transaction.atomic():
        locked = ContactLog.objects.select_for_update().get(pk=entry.pk)
        if not locked.follow_up and locked.follow_up_due is None:
            raise IllegalTransition(_("This contact has no follow-up to mark as done."))
        if locked.follow_up_done_at is not None:
            raise IllegalTransition(_("This follow-up is already done."))
        locked.follow_up_done_at = timezone.now()
        locked.save(update_fields=["follow_up_done_at"])
        audit_record(
            actor=actor,
            action="outreach.follow_up_done",
            obj=locked,
            before={"follow_up_done_at": None},
            after={"follow_up_done_at": locked.follow_up_done_at},
        )
    return locked


def follow_up_reminders(*, today: datetime.date | None = None) -> int:
    """Daily (the worker): the follow-ups that fell due and were not done, in one message to
    OEE; each is reminded once. Returns how many were in the message (0 when nobody holds the
    OEE role, so the next run tells them once someone does)."""
    day = today or timezone.localdate()
    recipients = emails_for_roles(Role.OEE)
    if not recipients:
        return 0
    with transaction.atomic():
        due = list(
            ContactLog.objects.select_for_update(skip_locked=True)
            .filter(
                follow_up_due__lte=day,
                follow_up_done_at__isnull=True,
                reminded_at__isnull=True,
            )
            .select_related("organization")
            .order_by("follow_up_due", "id")
        )
        if not due:
            return 0
        ContactLog.objects.filter(pk__in=[e.pk for e in due]).update(reminded_at=timezone.now())
        with translation.override(settings.LANGUAGE_CODE):
            lines = []
            for entry in due:
                assert entry.follow_up_due is not None
                lines.append(
                    _("- %(organization)s: %(follow_up)s (due %(due)s)\n  %(url)s")
                    % {
                        "organization": entry.organization.name,
                        "follow_up": entry.follow_up or _("follow-up"),
                        "due": entry.follow_up_due.isoformat(),
                        "url": absolute_url(
                            "staff:outreach:organization", pk=entry.organization_id
                        ),
                    }
                )
            subject = _("Follow-ups due with organizations: %(n)d") % {"n": len(due)}
            body = _(
                "These follow-ups with organizations in the directory are due (V-D-2):\n\n"
                "%(lines)s\n\nEvery follow-up due or overdue: %(url)s\n"
                "Mark each one done on the organization's page once it is."
            ) % {"lines": "\n".join(lines), "url": absolute_url("staff:outreach:follow-ups")}
        mail_on_commit(to=recipients, subject=subject, body=body)
    return len(due)


# --- Export -------------------------------------------------------------------------------

Value = str | int | datetime.date | None


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def directory_rows() -> list[list[Value]]:
    """The organisations, one row per contact person (an organisation without any has one row
    with the contact columns empty). A withdrawn person's email and phone are left out."""
    header: list[Value] = [
        _("Organization"),
        _("Kind"),
        _("External entity (IV-B-4)"),
        _("Police districts"),
        _("Community areas"),
        _("Topics"),
        _("Languages"),
        _("Website"),
        _("Reaches hard-to-reach communities"),
        _("Archived"),
        _("Contact person"),
        _("Role or title"),
        _("Email"),
        _("Phone"),
        _("Preferred way to be contacted"),
        _("Contact's language"),
        _("Agreed to be contacted"),
        _("How consent was given"),
        _("Consent recorded on"),
        _("Withdrawn on"),
        _("May be mailed"),
    ]
    rows: list[list[Value]] = [header]
    organizations = Organization.objects.order_by("name", "id").prefetch_related(
        "topics", "contacts"
    )
    for org in organizations:
        head: list[Value] = [
            org.name,
            org.get_kind_display(),
            org.get_entity_display() if org.entity else "",
            ", ".join(d.ordinal_label for d in districts_of(org.districts)),
            "; ".join(community_area_name(int(n)) for n in org.community_areas),
            "; ".join(t.name for t in org.topics.all()),
            ", ".join(language_name(code) for code in org.languages),
            org.website,
            _yes_no(org.reaches_hard_to_reach),
            _yes_no(org.is_archived),
        ]
        contacts = sorted(org.contacts.all(), key=lambda c: (c.name.lower(), c.pk))
        if not contacts:
            rows.append(head + [""] * 11)
            continue
        for c in contacts:
            withdrawn = c.withdrawn_at is not None
            rows.append(
                [
                    *head,
                    c.name,
                    c.role_title,
                    "" if withdrawn else c.email,
                    "" if withdrawn else c.phone,
                    c.get_preferred_method_display(),
                    language_name(c.language),
                    _yes_no(c.consent),
                    c.consent_note,
                    timezone.localdate(c.consent_at) if c.consent_at else None,
                    timezone.localdate(c.withdrawn_at) if c.withdrawn_at else None,
                    _yes_no(c.mailable),
                ]
            )
    return rows


def _safe(value: Value, *, as_text_date: bool) -> Value:
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, datetime.date) and as_text_date:
        return value.isoformat()
    return value


def _csv(rows: Iterable[Sequence[Value]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v, as_text_date=True) for v in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows: Iterable[Sequence[Value]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Directory")
    for row in rows:
        sheet.append([_safe(v, as_text_date=False) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def directory_export(*, actor: User, fmt: str) -> tuple[str, str, bytes]:
    """The directory with its contact people as CSV or XLSX: (filename, content type, bytes).
    Personal information leaving the application: OEE and administrators only, and every
    export is in the audit trail with how many rows it held. Column names are English,
    whoever downloads; no cell can run as a formula."""
    _check_contacts(actor)
    if fmt not in EXPORT_FORMATS:
        raise DirectoryInvalid({"fmt": _("Choose CSV or XLSX.")})
    with translation.override(settings.LANGUAGE_CODE):
        rows = directory_rows()
    count = len(rows) - 1
    if fmt == "xlsx":
        content, content_type = _xlsx(rows), XLSX_TYPE
    else:
        content, content_type = _csv(rows), CSV_TYPE
    audit_record(
        actor=actor,
        action="outreach.directory_export",
        obj=actor,
        after={
            "format": fmt,
            "rows": count,
            "organizations": Organization.objects.count(),
            "contacts": Contact.objects.count(),
        },
        note=_("The stakeholder directory with its contact people was exported."),
    )
    filename = f"directory-{timezone.localdate().isoformat()}.{fmt}"
    return filename, content_type, content
