"""Writes of the public "Get involved" content of an engagement (V-B-1): publication, the
contact address for written input, the narrative in each language, the resources (the City's
report, the official response, a recorded webinar: seed 000) and what the public sees of each
activity. One function per move, each checked, each with an audit row."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.districts import district
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.text import one_line
from townhall.engagements import permissions
from townhall.engagements.models import Activity, Engagement, EngagementText, Resource
from townhall.feedback.uploads import validate_upload

__all__ = [
    "MAX_NARRATIVE_CHARS",
    "activity_describe",
    "engagement_contact_set",
    "engagement_publish",
    "engagement_text_save",
    "engagement_unpublish",
    "language_codes",
    "resource_add",
    "resource_withdraw",
]

MAX_NARRATIVE_CHARS = 50_000
_TEXT_FIELDS = ("title", "summary", "narrative")
_ACTIVITY_FIELDS = (
    "is_public",
    "description",
    "districts",
    "mode",
    "place",
    "online_url",
    "call_in",
    "time_from",
    "time_to",
)
_web_url = URLValidator(schemes=["http", "https"])


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _check_editor(actor: User, engagement: Engagement) -> None:
    if not permissions.can_edit_public_page(actor, engagement):
        raise NotAllowed(_("Your role cannot edit the public pages of engagements."))


def _check_url(url: str, message: str) -> str:
    url = url.strip()
    if not url:
        return ""
    try:
        _web_url(url)
    except ValidationError as exc:
        raise DomainError(message) from exc
    return url


# --- Publication ----------------------------------------------------------------------------


def engagement_publish(*, actor: User, engagement: Engagement) -> Engagement:
    """V-B-1: the engagement appears on the public pages. Only once OCPR has determined the
    level (IV-D), so the public never sees an engagement whose degree is still open, and only
    with an English text to show."""
    _check_editor(actor, engagement)
    if engagement.status == Engagement.Status.ASSESSING:
        raise IllegalTransition(
            _("The level of engagement is not determined yet (IV-D); publish it afterwards.")
        )
    if engagement.is_public:
        raise IllegalTransition(_("The engagement is already on the public pages."))
    if not EngagementText.objects.filter(engagement=engagement, language="en").exists():
        raise DomainError(_("Write the English text of the public page before publishing it."))
    now = timezone.now()
    with transaction.atomic():
        updated = (
            Engagement.objects.filter(pk=engagement.pk, is_public=False)
            .exclude(status=Engagement.Status.ASSESSING)
            .update(is_public=True, published_at=now)
        )
        if not updated:
            raise IllegalTransition(_("Someone changed this engagement meanwhile; look again."))
        audit_record(
            actor=actor,
            action="engagement.publish",
            obj=engagement,
            before={"is_public": False},
            after={"is_public": True, "published_at": now},
        )
    engagement.refresh_from_db()
    return engagement


def engagement_unpublish(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    """Take the engagement off the public pages; its texts and resources stay for next time."""
    _check_editor(actor, engagement)
    if not engagement.is_public:
        raise IllegalTransition(_("The engagement is not on the public pages."))
    with transaction.atomic():
        updated = Engagement.objects.filter(pk=engagement.pk, is_public=True).update(
            is_public=False, published_at=None
        )
        if not updated:
            raise IllegalTransition(_("Someone changed this engagement meanwhile; look again."))
        audit_record(
            actor=actor,
            action="engagement.unpublish",
            obj=engagement,
            before={"is_public": True, "published_at": engagement.published_at},
            after={"is_public": False},
            note=reason.strip(),
        )
    engagement.refresh_from_db()
    return engagement


def engagement_contact_set(*, actor: User, engagement: Engagement, email: str) -> Engagement:
    """The address to which people send written input (V-C-10-b, seed 000: "email a request
    to ..."). Empty takes it off the page."""
    _check_editor(actor, engagement)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError(_("Enter a valid email address, like name@example.org.")) from exc
        if len(email) > 254:
            raise DomainError(_("The email address is too long."))
    if email == engagement.contact_email:
        return engagement
    with transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(contact_email=email)
        audit_record(
            actor=actor,
            action="engagement.contact",
            obj=engagement,
            before={"contact_email": engagement.contact_email},
            after={"contact_email": email},
        )
    engagement.refresh_from_db()
    return engagement


# --- The narrative, by language -------------------------------------------------------------


def engagement_text_save(
    *,
    actor: User,
    engagement: Engagement,
    language: str,
    title: str,
    summary: str = "",
    narrative: str = "",
) -> EngagementText:
    """The public title, summary and narrative (Markdown) in one language. The English text
    is the one every page falls back to; the audit row keeps what changed."""
    _check_editor(actor, engagement)
    if language not in language_codes():
        raise DomainError(_("Choose one of the site's languages."))
    title = one_line(title)
    summary = one_line(summary)
    narrative = narrative.replace("\r\n", "\n").strip()
    if not title:
        raise DomainError(_("Give the public page a title in this language."))
    if len(title) > 300:
        raise DomainError(_("The title is too long: at most 300 characters."))
    if len(summary) > 500:
        raise DomainError(_("The summary is too long: at most 500 characters."))
    if len(narrative) > MAX_NARRATIVE_CHARS:
        raise DomainError(
            _("The narrative is too long: at most %(n)d characters.") % {"n": MAX_NARRATIVE_CHARS}
        )
    values = {"title": title, "summary": summary, "narrative": narrative}
    with transaction.atomic():
        # The engagement's row, not the text's: a first save has no text row to lock, and two
        # first saves would otherwise both insert.
        Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
        text = (
            EngagementText.objects.select_for_update()
            .filter(engagement=engagement, language=language)
            .first()
        )
        if text is None:
            before: dict[str, object] = {}
            text = EngagementText.objects.create(
                engagement=engagement, language=language, updated_by=actor, **values
            )
            after: dict[str, object] = dict(values)
        else:
            old = snapshot(text, _TEXT_FIELDS)
            for name, value in values.items():
                setattr(text, name, value)
            text.updated_by = actor
            text.updated_at = timezone.now()
            text.save(update_fields=[*_TEXT_FIELDS, "updated_by", "updated_at"])
            before, after = changed_only(old, snapshot(text, _TEXT_FIELDS))
        audit_record(
            actor=actor,
            action="engagement.text",
            obj=engagement,
            before={"language": language, **before},
            after={"language": language, **after},
        )
    return text


# --- Resources ------------------------------------------------------------------------------


def resource_add(
    *,
    actor: User,
    engagement: Engagement,
    kind: str,
    title: str,
    titles: Mapping[str, str] | None = None,
    url: str = "",
    file: UploadedFile[bytes] | None = None,
    language: str = "",
) -> Resource:
    """A document or link on the public page: a link, or a file checked by its content and
    stored under a random name. `titles` holds the title in other languages."""
    _check_editor(actor, engagement)
    if kind not in Resource.Kind.values:
        raise DomainError(_("Choose what kind of resource this is."))
    title = one_line(title)
    if not title:
        raise DomainError(_("Give the resource a title in English."))
    if len(title) > 300:
        raise DomainError(_("The title is too long: at most 300 characters."))
    codes = language_codes()
    translated: dict[str, str] = {}
    for code, value in (titles or {}).items():
        if code not in codes:
            raise DomainError(_("Choose one of the site's languages."))
        cleaned = one_line(value)
        if len(cleaned) > 300:
            raise DomainError(_("The title is too long: at most 300 characters."))
        if cleaned and code != "en":
            translated[code] = cleaned
    if language and language not in codes:
        raise DomainError(_("Choose the language of the resource from the list."))
    url = _check_url(url, _("Enter a full web address, starting with https://."))
    if bool(url) == (file is not None):
        raise DomainError(_("Give either a link or a file, not both and not neither."))
    checked = None
    if file is not None:
        try:
            checked = validate_upload(file)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        last = Resource.objects.filter(engagement=engagement).aggregate(m=Max("position"))["m"]
        resource = Resource(
            engagement=engagement,
            kind=kind,
            title=title,
            titles=translated,
            url=url,
            language=language,
            position=(last or 0) + 1,
            created_by=actor,
        )
        if file is not None and checked is not None:
            resource.content_type = checked.content_type
            # Stored under a random name; the public side serves it only as a download.
            resource.file.save(checked.random_name(), file, save=False)
        resource.save()
        audit_record(
            actor=actor,
            action="resource.add",
            obj=resource,
            after={
                "engagement": engagement.pk,
                "kind": kind,
                "title": title,
                "url": url,
                "file": os.path.basename(resource.file.name or ""),
                "sha256": checked.sha256 if checked else "",
            },
        )
    return resource


def resource_withdraw(*, actor: User, resource: Resource, reason: str = "") -> Resource:
    """A resource is never deleted: withdrawn, it leaves the public page and stays here."""
    _check_editor(actor, resource.engagement)
    if resource.withdrawn_at is not None:
        raise IllegalTransition(_("This resource is already withdrawn."))
    now = timezone.now()
    with transaction.atomic():
        updated = Resource.objects.filter(pk=resource.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        if not updated:
            raise IllegalTransition(_("This resource is already withdrawn."))
        audit_record(
            actor=actor,
            action="resource.withdraw",
            obj=resource,
            after={"withdrawn_at": now},
            note=reason.strip(),
        )
    resource.refresh_from_db()
    return resource


# --- What the public sees of an activity ----------------------------------------------------


def activity_describe(
    *,
    actor: User,
    activity: Activity,
    is_public: bool,
    description: str = "",
    districts: Iterable[int] = (),
    mode: str = "",
    place: str = "",
    online_url: str = "",
    call_in: str = "",
    time_from: datetime.time | None = None,
    time_to: datetime.time | None = None,
) -> Activity:
    """Where, when and how the public takes part (V-B-1; seed 000: "via Zoom ... a call-in
    option is available"). In person needs a place; online needs a link or a call-in number;
    in person and online needs both. Districts are the 22 police districts; none is citywide."""
    _check_editor(actor, activity.engagement)
    if is_public and activity.method == Activity.Method.INTERNAL_FOCUS_GROUP:
        raise DomainError(
            _(
                "An internal focus group is for Department members (V-C-9); it is not shown to the public."
            )
        )
    numbers = sorted(set(districts))
    if any(district(n) is None for n in numbers):
        raise DomainError(_("Choose districts from the list of the 22 police districts."))
    if mode and mode not in Activity.Mode.values:
        raise DomainError(_("Choose how people take part."))
    description = description.replace("\r\n", "\n").strip()
    place = one_line(place)
    call_in = one_line(call_in)
    if len(place) > 300:
        raise DomainError(_("The place is too long: at most 300 characters."))
    if len(call_in) > 120:
        raise DomainError(_("The call-in details are too long: at most 120 characters."))
    if len(description) > MAX_NARRATIVE_CHARS:
        raise DomainError(
            _("The description is too long: at most %(n)d characters.") % {"n": MAX_NARRATIVE_CHARS}
        )
    online_url = _check_url(online_url, _("Enter the full link to join, starting with https://."))
    if len(online_url) > 200:
        raise DomainError(_("The link is too long: at most 200 characters."))
    in_person = mode in (Activity.Mode.IN_PERSON, Activity.Mode.HYBRID)
    online = mode in (Activity.Mode.ONLINE, Activity.Mode.HYBRID)
    if in_person and not place:
        raise DomainError(_("Give the place and address of an activity held in person."))
    if online and not (online_url or call_in):
        raise DomainError(_("Give a link to join online or a call-in number."))
    if time_to is not None and time_from is None:
        raise DomainError(_("Give the start time as well as the end time."))
    if time_from is not None and time_to is not None and time_to <= time_from:
        raise DomainError(_("The activity must end after it starts."))
    values: dict[str, object] = {
        "is_public": is_public,
        "description": description,
        "districts": numbers,
        "mode": mode,
        "place": place,
        "online_url": online_url,
        "call_in": call_in,
        "time_from": time_from,
        "time_to": time_to,
    }
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        old = snapshot(locked, _ACTIVITY_FIELDS)
        Activity.objects.filter(pk=activity.pk).update(**values)
        activity.refresh_from_db()
        before, after = changed_only(old, snapshot(activity, _ACTIVITY_FIELDS))
        if after:
            audit_record(
                actor=actor, action="activity.describe", obj=activity, before=before, after=after
            )
    return activity
