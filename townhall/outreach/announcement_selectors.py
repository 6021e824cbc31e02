"""Reading audiences, announcements and their dispatches (VII-B-4, VII-C): the lists with their
filters, each dispatch's progress, its recipients page by page, the social posts ready to copy,
and the subscribers' overview.

Nothing here checks permissions: the views decide who sees what. Addresses are personal
information: `mask_email` is what someone who may not see contacts gets instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from townhall.core.districts import district
from townhall.engagements.models import Topic
from townhall.outreach import social
from townhall.outreach.announcements import SOCIAL, WITH_SUBJECT, required_languages
from townhall.outreach.models import (
    Announcement,
    AnnouncementText,
    Audience,
    Channel,
    Delivery,
    Dispatch,
    SocialPost,
    Subscriber,
    Subscription,
    Suppression,
)
from townhall.postings.models import Posting

__all__ = [
    "DELIVERIES_PER_PAGE",
    "ChannelTexts",
    "Progress",
    "SocialText",
    "SubscriberOverview",
    "TextCell",
    "announcement_postings",
    "announcements_list",
    "audiences_list",
    "channel_texts",
    "deliveries_page",
    "delivery_status_counts",
    "dispatch_progress",
    "mask_email",
    "mask_emails_in",
    "social_texts",
    "subscriber_overview",
]

DELIVERIES_PER_PAGE = 50
MASK = "•••"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def mask_email(email: str) -> str:
    """ "aisha@example.org" -> "a•••@example.org": enough to tell two rows apart, not to write."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return MASK
    return f"{local[:1]}{MASK}@{domain}"


def mask_emails_in(text: str) -> str:
    """A mail server's error often quotes the address: masked there too."""
    return _EMAIL.sub(lambda m: mask_email(m.group(0)), text or "")


# --- Lists ----------------------------------------------------------------------------------


def audiences_list(
    *, posting_id: int | None = None, engagement_id: int | None = None
) -> QuerySet[Audience]:
    rows = Audience.objects.select_related(
        "posting__version__directive", "engagement", "created_by"
    ).annotate(announcement_count=Count("announcements"))
    if posting_id is not None:
        rows = rows.filter(posting_id=posting_id)
    if engagement_id is not None:
        rows = rows.filter(engagement_id=engagement_id)
    return rows.order_by("-updated_at", "-id")


def announcements_list(
    *, status: str = "", posting_id: int | None = None, engagement_id: int | None = None
) -> QuerySet[Announcement]:
    rows = Announcement.objects.select_related(
        "posting__version__directive", "engagement", "audience"
    ).annotate(
        dispatch_count=Count("dispatches", distinct=True),
        dispatches_done=Count(
            "dispatches", filter=Q(dispatches__status=Dispatch.Status.SENT), distinct=True
        ),
    )
    if status:
        rows = rows.filter(status=status)
    if posting_id is not None:
        rows = rows.filter(posting_id=posting_id)
    if engagement_id is not None:
        rows = rows.filter(engagement_id=engagement_id)
    return rows.order_by("-created_at", "-id")


def announcement_postings() -> list[Posting]:
    """The postings that have announcements: the list's filter."""
    ids = Announcement.objects.exclude(posting=None).values_list("posting_id", flat=True)
    return list(
        Posting.objects.filter(pk__in=ids)
        .select_related("version__directive")
        .order_by("-opens_at", "-id")
    )


# --- Texts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextCell:
    language: str
    name: str  # the language's name in the reader's language
    text: AnnouncementText | None
    # Social channels: the post as it goes out (social.fit) and its length as the platform
    # counts it against its limit.
    fitted: str = ""
    length: int = 0
    limit: int = 0
    shortened: bool = False

    @property
    def missing(self) -> bool:
        return self.text is None

    @property
    def over(self) -> bool:
        return self.limit > 0 and self.length > self.limit


@dataclass(frozen=True)
class ChannelTexts:
    channel: str
    label: str
    social: bool
    with_subject: bool
    cells: tuple[TextCell, ...]

    @property
    def missing(self) -> list[str]:
        return [c.language for c in self.cells if c.missing]


def _cell(channel: str, language: str, text: AnnouncementText | None, link: str) -> TextCell:
    name = _language_name(language)
    if text is None or channel not in SOCIAL:
        return TextCell(language=language, name=name, text=text)
    fitted = social.fit(channel, text.body, link)
    return TextCell(
        language=language,
        name=name,
        text=text,
        fitted=fitted.text,
        length=fitted.length,
        limit=fitted.limit,
        shortened=fitted.shortened,
    )


def channel_texts(announcement: Announcement) -> list[ChannelTexts]:
    """Every channel of the announcement with its text in each language it needs (missing ones
    marked), plus any other language written."""
    texts = {(t.channel, t.language): t for t in announcement.texts.all()}
    out = []
    for channel in announcement.channels:
        languages = list(required_languages(channel))
        languages += sorted(lang for (c, lang) in texts if c == channel and lang not in languages)
        out.append(
            ChannelTexts(
                channel=channel,
                label=str(Channel(channel).label),
                social=channel in SOCIAL,
                with_subject=channel in WITH_SUBJECT,
                cells=tuple(
                    _cell(channel, lang, texts.get((channel, lang)), announcement.link)
                    for lang in languages
                ),
            )
        )
    return out


# --- Dispatches -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int  # failed or bounced
    skipped: int  # suppressed when its turn came
    remaining: int  # queued or in flight
    sending: bool
    finished: bool

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished else 0
        return int(100 * self.done / self.total)


def delivery_status_counts(dispatch: Dispatch) -> dict[str, int]:
    return dict(
        Delivery.objects.filter(dispatch=dispatch)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def dispatch_progress(dispatch: Dispatch, counts: dict[str, int] | None = None) -> Progress:
    """Counted from the recipients' rows, so it is current between the sender's updates."""
    S = Delivery.Status
    if counts is None:
        counts = delivery_status_counts(dispatch) if dispatch.started_at else {}
    total = sum(counts.values()) if counts else dispatch.total
    return Progress(
        total=total,
        sent=counts.get(S.SENT, 0),
        failed=counts.get(S.FAILED, 0) + counts.get(S.BOUNCED, 0),
        skipped=counts.get(S.SKIPPED, 0),
        remaining=counts.get(S.QUEUED, 0) + counts.get(S.SENDING, 0),
        sending=dispatch.status == Dispatch.Status.SENDING,
        finished=dispatch.finished_at is not None or dispatch.status == Dispatch.Status.SENT,
    )


def deliveries_page(
    dispatch: Dispatch, *, status: str = "", page: int | str | None = 1
) -> Page[Delivery]:
    rows = (
        Delivery.objects.filter(dispatch=dispatch)
        .select_related("contact__organization")
        .order_by("id")
    )
    if status:
        rows = rows.filter(status=status)
    return Paginator(rows, DELIVERIES_PER_PAGE).get_page(page)


@dataclass(frozen=True)
class SocialText:
    """One platform of a dispatch: its post in each language, fitted, and its record."""

    channel: str
    label: str
    cells: tuple[TextCell, ...]
    post: SocialPost | None


def social_texts(dispatch: Dispatch) -> list[SocialText]:
    announcement = dispatch.announcement
    posts = {p.channel: p for p in dispatch.social_posts.select_related("posted_by")}
    return [
        SocialText(
            channel=ct.channel,
            label=ct.label,
            cells=tuple(c for c in ct.cells if not c.missing),
            post=posts.get(ct.channel),
        )
        for ct in channel_texts(announcement)
        if ct.social
    ]


# --- Subscribers ----------------------------------------------------------------------------


@dataclass
class SubscriberOverview:
    total: int
    by_status: list[tuple[str, int]]
    by_frequency: list[tuple[str, int]]  # confirmed subscribers
    by_language: list[tuple[str, int]]  # confirmed subscribers
    follows: list[tuple[str, int]]  # confirmed subscribers following each selection
    suppressions: list[Suppression] = field(default_factory=list)
    one_bounce: int = 0  # addresses that bounced once and are still mailed


def _language_name(code: str) -> str:
    return str(settings.LANGUAGE_NAMES_EN.get(code, code))


def subscriber_overview() -> SubscriberOverview:
    """How many people asked for mail and what they follow; the addresses no longer mailed."""
    status_counts = Counter(dict(Subscriber.objects.values_list("status").annotate(n=Count("pk"))))
    active = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    frequency = Counter(dict(active.values_list("frequency").annotate(n=Count("pk"))))
    language = Counter(dict(active.values_list("language").annotate(n=Count("pk"))))
    subs = Subscription.objects.filter(subscriber__status=Subscriber.Status.ACTIVE)
    follows: list[tuple[str, int]] = [
        (_("All postings"), subs.filter(kind=Subscription.Kind.ALL).count())
    ]
    topic_counts = dict(
        subs.filter(kind=Subscription.Kind.TOPIC)
        .values_list("topic_id")
        .annotate(n=Count("pk"))
        .values_list("topic_id", "n")
    )
    for topic in Topic.objects.filter(pk__in=topic_counts).order_by("item", "name"):
        label = _("Topic: %(topic)s") % {"topic": f"{topic.item} {topic.name}".strip()}
        follows.append((label, topic_counts[topic.pk]))
    district_counts = dict(
        subs.filter(kind=Subscription.Kind.DISTRICT)
        .values_list("district")
        .annotate(n=Count("pk"))
        .values_list("district", "n")
    )
    for number in sorted(n for n in district_counts if n is not None):
        found = district(number)
        name = found.ordinal_label if found else str(number)
        follows.append((_("District: %(district)s") % {"district": name}, district_counts[number]))
    follows.append(
        (
            _("A directive (any)"),
            subs.filter(kind=Subscription.Kind.DIRECTIVE).values("subscriber").distinct().count(),
        )
    )
    return SubscriberOverview(
        total=sum(status_counts.values()),
        by_status=[(str(label), status_counts.get(v, 0)) for v, label in Subscriber.Status.choices],
        by_frequency=[
            (str(label), frequency.get(v, 0)) for v, label in Subscriber.Frequency.choices
        ],
        by_language=[
            (_language_name(code), language.get(code, 0)) for code, _name in settings.LANGUAGES
        ],
        follows=follows,
        suppressions=list(
            Suppression.objects.exclude(reason="").order_by("-suppressed_at", "email")
        ),
        one_bounce=Suppression.objects.filter(reason="", bounces__gt=0).count(),
    )
