"""Announcements (VII-C): composed once per channel and language, scheduled to go out at the
posting's opening, midway and near its closing (VII-C NOTE: repeated through the period).

- VII-C-1: R&D announces internally through an Administrative Message Center message.
- VII-C-2: Communications posts on the Department's social media: each text fits its
  platform with the link (social.py); the worker asks Communications to post at each
  dispatch, and they record the post.
- VII-C-3: OEE gives the posting information to the target audience and subscribers by email;
  VII-C-3-c adds a press release for critical policies.

Sending itself is in sending.py.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record, changed_only
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url
from townhall.engagements.models import Engagement
from townhall.outreach import permissions, social
from townhall.outreach.models import (
    Announcement,
    AnnouncementText,
    Audience,
    Channel,
    Dispatch,
    SocialPost,
)
from townhall.postings.models import Posting

__all__ = [
    "AnnouncementInvalid",
    "announcement_cancel",
    "announcement_create",
    "announcement_schedule",
    "announcement_text_set",
    "announcement_update",
    "default_link",
    "dispatch_add",
    "dispatch_cancel",
    "missing_texts",
    "moment_time",
    "required_languages",
    "social_post_record",
]

SOCIAL = {Channel.X, Channel.FACEBOOK, Channel.INSTAGRAM, Channel.BLUESKY}
# Channels that have a subject line or headline.
WITH_SUBJECT = {Channel.EMAIL, Channel.AMC, Channel.PRESS}
MAX_BODY = 20000


class AnnouncementInvalid(FieldsInvalid):
    """Field-level problems with an announcement."""


def required_languages(channel: str) -> list[str]:
    """The AMC message is internal, in the Department's working language; everything the
    public reads is in every language the Department posts in."""
    if channel == Channel.AMC:
        return [settings.LANGUAGE_CODE]
    return list(settings.TOWNHALL_POSTING_LANGUAGES)


def default_link(*, posting: Posting | None, engagement: Engagement | None) -> str:
    if posting is not None:
        return absolute_url("postings:detail", pk=posting.pk)
    if engagement is not None:
        return absolute_url("engagements:detail", pk=engagement.pk)
    return settings.TOWNHALL_BASE_URL.rstrip("/") + "/"


def missing_texts(announcement: Announcement) -> list[tuple[str, str]]:
    """(channel, language) pairs still to write before the announcement can be scheduled."""
    have = set(announcement.texts.values_list("channel", "language"))
    return [
        (channel, language)
        for channel in announcement.channels
        for language in required_languages(channel)
        if (channel, language) not in have
    ]


def _check_actor(actor: User) -> None:
    if not permissions.can_announce(actor):
        raise NotAllowed(_("Your role cannot make announcements."))


def _editable(announcement: Announcement) -> None:
    if announcement.status in (Announcement.Status.DONE, Announcement.Status.CANCELLED):
        raise IllegalTransition(
            _("This announcement is %(status)s; it can no longer be changed.")
            % {"status": announcement.get_status_display().lower()}
        )


def _clean(*, title: str, channels: list[str], link: str) -> tuple[str, list[str], str]:
    errors: dict[str, str] = {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Give the announcement a title.")
    elif len(title) > 200:
        errors["title"] = _("The title is too long: at most 200 characters.")
    chosen = [c for c in Channel.values if c in set(channels)]
    if not chosen or len(chosen) != len(set(channels)):
        errors["channels"] = _("Choose at least one channel from the list.")
    link = (link or "").strip()
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = _("The link must start with https://.")
    if errors:
        raise AnnouncementInvalid(errors)
    return title, chosen, link


def announcement_create(
    *,
    actor: User,
    title: str,
    channels: list[str],
    posting: Posting | None = None,
    engagement: Engagement | None = None,
    audience: Audience | None = None,
    link: str = "",
) -> Announcement:
    """A draft announcement about a posting (VII-C) or an engagement (V-B-1, V-B-2)."""
    _check_actor(actor)
    if posting is None and engagement is None:
        raise DomainError(_("An announcement is about a posting or an engagement."))
    title, chosen, link = _clean(title=title, channels=channels, link=link)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            title=title,
            posting=posting,
            engagement=engagement,
            audience=audience,
            channels=chosen,
            link=link or default_link(posting=posting, engagement=engagement),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="outreach.announcement_create",
            obj=announcement,
            after={"title": title, "channels": chosen},
        )
    return announcement


def announcement_update(
    *,
    actor: User,
    announcement: Announcement,
    title: str,
    channels: list[str],
    audience: Audience | None,
    link: str,
) -> Announcement:
    _check_actor(actor)
    title, chosen, link = _clean(title=title, channels=channels, link=link)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        _editable(locked)
        if locked.status == Announcement.Status.SCHEDULED and Channel.EMAIL in chosen:
            if audience is None:
                raise AnnouncementInvalid({"audience": _("Email needs an audience.")})
        before = {
            "title": locked.title,
            "channels": locked.channels,
            "audience": locked.audience_id,
            "link": locked.link,
        }
        after = {
            "title": title,
            "channels": chosen,
            "audience": audience.pk if audience else None,
            "link": link or locked.link,
        }
        Announcement.objects.filter(pk=locked.pk).update(
            title=title, channels=chosen, audience=audience, link=after["link"]
        )
        old, new = changed_only(before, after)
        if new:
            audit_record(
                actor=actor,
                action="outreach.announcement_update",
                obj=locked,
                before=old,
                after=new,
            )
        locked.refresh_from_db()
    if locked.status == Announcement.Status.SCHEDULED and missing_texts(locked):
        # A channel added after scheduling must be written before its first dispatch.
        _unschedule(actor=actor, announcement=locked)
        locked.refresh_from_db()
    return locked


def _unschedule(*, actor: User, announcement: Announcement) -> None:
    with transaction.atomic():
        Announcement.objects.filter(pk=announcement.pk).update(status=Announcement.Status.DRAFT)
        audit_record(actor=actor, action="outreach.announcement_unschedule", obj=announcement)


def announcement_text_set(
    *,
    actor: User,
    announcement: Announcement,
    channel: str,
    language: str,
    subject: str,
    body: str,
) -> AnnouncementText:
    """One channel's text in one language. A social post must fit its platform with the link
    (VII-C-2); the length is counted as the platform counts it."""
    _check_actor(actor)
    _editable(announcement)
    errors: dict[str, str] = {}
    if channel not in announcement.channels:
        raise DomainError(_("This announcement does not use that channel."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise DomainError(_("Choose a language from the list."))
    subject = " ".join((subject or "").split())
    body = (body or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if channel in WITH_SUBJECT and not subject:
        errors["subject"] = _("Write a subject line.")
    elif len(subject) > 300:
        errors["subject"] = _("The subject is too long: at most 300 characters.")
    if not body:
        errors["body"] = _("Write the text.")
    elif len(body) > MAX_BODY:
        errors["body"] = _("The text is too long: at most %(max)d characters.") % {"max": MAX_BODY}
    elif channel in SOCIAL:
        post = social.compose(body, announcement.link)
        used, cap = social.length(channel, post), social.limit(channel)
        if used > cap:
            errors["body"] = _(
                "With the link, this post is %(used)d characters long as %(platform)s counts "
                "them; the limit is %(limit)d. Shorten it by %(over)d."
            ) % {
                "used": used,
                "platform": Channel(channel).label,
                "limit": cap,
                "over": used - cap,
            }
    if errors:
        raise AnnouncementInvalid(errors)
    with transaction.atomic():
        text, created = AnnouncementText.objects.update_or_create(
            announcement=announcement,
            channel=channel,
            language=language,
            defaults={"subject": subject, "body": body},
        )
        audit_record(
            actor=actor,
            action="outreach.announcement_text_set",
            obj=announcement,
            after={"channel": channel, "language": language, "created": created},
        )
    return text


def moment_time(posting: Posting, moment: str) -> datetime.datetime | None:
    """When a moment of the posting period falls: its opening, halfway, or a few days before
    closing (settings.TOWNHALL_ANNOUNCE_BEFORE_CLOSING_DAYS; at least one hour after the
    opening). None when the posting has no dates."""
    if posting.opens_at is None or posting.closes_at is None:
        return None
    if moment == Dispatch.Moment.OPENING:
        return posting.opens_at
    if moment == Dispatch.Moment.MIDWAY:
        return posting.opens_at + (posting.closes_at - posting.opens_at) / 2
    if moment == Dispatch.Moment.CLOSING:
        days = int(getattr(settings, "TOWNHALL_ANNOUNCE_BEFORE_CLOSING_DAYS", 3))
        return max(
            posting.closes_at - datetime.timedelta(days=days),
            posting.opens_at + datetime.timedelta(hours=1),
        )
    return None


def dispatch_add(
    *,
    actor: User,
    announcement: Announcement,
    moment: str,
    send_at: datetime.datetime | None = None,
) -> Dispatch:
    """VII-C NOTE: one more sending of the announcement, at a moment of the posting period
    or at a chosen time. It must fall before the posting closes and not in the past."""
    _check_actor(actor)
    _editable(announcement)
    if moment not in Dispatch.Moment.values:
        raise AnnouncementInvalid({"moment": _("Choose when to send it.")})
    posting = announcement.posting
    if moment != Dispatch.Moment.CUSTOM:
        if posting is None:
            raise AnnouncementInvalid(
                {"moment": _("Only a posting has an opening, a midway point and a closing.")}
            )
        send_at = moment_time(posting, moment)
        if send_at is None:
            raise AnnouncementInvalid({"moment": _("The posting has no comment period dates yet.")})
    if send_at is None:
        raise AnnouncementInvalid({"send_at": _("Give the date and time to send it.")})
    now = timezone.now()
    if send_at < now - datetime.timedelta(minutes=5):
        if moment == Dispatch.Moment.OPENING and posting is not None and posting.is_open:
            send_at = now  # the posting is already open: announce it now
        else:
            raise AnnouncementInvalid({"send_at": _("That time has passed.")})
    if posting is not None and posting.closes_at is not None and send_at >= posting.closes_at:
        raise AnnouncementInvalid(
            {
                "send_at": _("The comment period closes on %(when)s; send it before then.")
                % {"when": date_format(timezone.localtime(posting.closes_at), "DATETIME_FORMAT")}
            }
        )
    with transaction.atomic():
        if (
            announcement.dispatches.filter(moment=moment, status=Dispatch.Status.SCHEDULED)
            .exclude(moment=Dispatch.Moment.CUSTOM)
            .exists()
        ):
            raise AnnouncementInvalid({"moment": _("That moment is already scheduled.")})
        dispatch = Dispatch.objects.create(
            announcement=announcement, moment=moment, send_at=send_at
        )
        audit_record(
            actor=actor,
            action="outreach.dispatch_add",
            obj=announcement,
            after={"dispatch": dispatch.pk, "moment": moment, "send_at": send_at.isoformat()},
        )
    return dispatch


def announcement_schedule(*, actor: User, announcement: Announcement) -> Announcement:
    """Draft -> scheduled: every text written (in each language its channel needs), at least
    one dispatch to come, and an audience when it goes by email."""
    _check_actor(actor)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.status != Announcement.Status.DRAFT:
            raise IllegalTransition(_("Only a draft announcement can be scheduled."))
        problems: list[str] = []
        missing = missing_texts(locked)
        if missing:
            problems.append(
                _("Texts still to write: %(list)s.")
                % {
                    "list": ", ".join(
                        f"{Channel(channel).label} [{language}]" for channel, language in missing
                    )
                }
            )
        if not locked.dispatches.filter(status=Dispatch.Status.SCHEDULED).exists():
            problems.append(_("Add at least one time to send it."))
        if Channel.EMAIL in locked.channels and locked.audience_id is None:
            problems.append(_("Email needs an audience: choose or build one."))
        if problems:
            raise DomainError(" ".join(problems))
        Announcement.objects.filter(pk=locked.pk).update(status=Announcement.Status.SCHEDULED)
        audit_record(actor=actor, action="outreach.announcement_schedule", obj=locked)
        locked.refresh_from_db()
    return locked


def dispatch_cancel(*, actor: User, dispatch: Dispatch) -> Dispatch:
    """A scheduled dispatch can be cancelled; one already sending finishes."""
    _check_actor(actor)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.status != Dispatch.Status.SCHEDULED:
            raise IllegalTransition(_("Only a dispatch that has not started can be cancelled."))
        Dispatch.objects.filter(pk=locked.pk).update(
            status=Dispatch.Status.CANCELLED, cancelled_by=actor
        )
        audit_record(
            actor=actor,
            action="outreach.dispatch_cancel",
            obj=locked.announcement,
            after={"dispatch": locked.pk},
        )
        locked.refresh_from_db()
    return locked


def announcement_cancel(*, actor: User, announcement: Announcement) -> Announcement:
    """Cancels the dispatches still to come; what was sent stays on record."""
    _check_actor(actor)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        _editable(locked)
        if locked.dispatches.filter(status=Dispatch.Status.SENDING).exists():
            raise IllegalTransition(_("A dispatch is being sent; cancel after it finishes."))
        locked.dispatches.filter(status=Dispatch.Status.SCHEDULED).update(
            status=Dispatch.Status.CANCELLED, cancelled_by=actor
        )
        Announcement.objects.filter(pk=locked.pk).update(status=Announcement.Status.CANCELLED)
        audit_record(actor=actor, action="outreach.announcement_cancel", obj=locked)
        locked.refresh_from_db()
    return locked


def social_post_record(
    *, actor: User, dispatch: Dispatch, channel: str, post_url: str = ""
) -> SocialPost:
    """VII-C-2: Communications records that it posted a dispatch's text on a platform."""
    if not permissions.can_record_social_post(actor):
        raise NotAllowed(_("Only the Communications Division records social media posts."))
    if channel not in SOCIAL or channel not in dispatch.announcement.channels:
        raise DomainError(_("This announcement has no post for that platform."))
    if dispatch.status not in (Dispatch.Status.SENDING, Dispatch.Status.SENT):
        raise IllegalTransition(_("Record the post once the dispatch has gone out."))
    post_url = (post_url or "").strip()
    if post_url and not post_url.startswith("https://"):
        raise AnnouncementInvalid({"post_url": _("The link must start with https://.")})
    with transaction.atomic():
        if SocialPost.objects.filter(dispatch=dispatch, channel=channel).exists():
            raise IllegalTransition(_("This post was already recorded."))
        post = SocialPost.objects.create(
            dispatch=dispatch, channel=channel, post_url=post_url, posted_by=actor
        )
        audit_record(
            actor=actor,
            action="outreach.social_post_record",
            obj=dispatch.announcement,
            after={"dispatch": dispatch.pk, "channel": channel, "url": post_url},
        )
    return post
