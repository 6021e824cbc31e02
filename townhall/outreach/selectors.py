"""Public reads of outreach: what a subscriber follows, in words, and the announcements a
selection follows, for the RSS and Atom feeds (seed 002 V-B-1, V-B-2, VII-C-3). Reads only:
changes go through subscriptions.py."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Min, Prefetch
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from townhall.core.districts import district
from townhall.directives.models import Directive
from townhall.engagements.models import Topic
from townhall.engagements.public import district_label
from townhall.outreach import audiences
from townhall.outreach.models import (
    Announcement,
    AnnouncementText,
    Channel,
    Dispatch,
    Subscriber,
    Subscription,
)
from townhall.outreach.subscriptions import Selection

__all__ = [
    "FEED_SIZE",
    "FeedEntry",
    "Followed",
    "describe",
    "directive_numbers",
    "directives_by_number",
    "feed_entries",
    "selection_from_query",
    "selection_query",
    "selections_of",
]

FEED_SIZE = 50
# The feeds look at most this many of the latest announcements for a selection's 50: the
# Department sends a few a week, so this reaches back years.
_SCAN = 1000
_BATCH = 100
_MAX_VALUES = 100
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Followed:
    """One thing a subscriber follows, for pages: `kind` is translated, `name` may be a
    proper name or English text (topics and directive titles), then `name_lang` is "en"."""

    kind: str
    name: str = ""
    name_lang: str = ""


@dataclass(frozen=True)
class FeedEntry:
    announcement_id: int
    title: str
    body: str
    link: str
    published: datetime.datetime
    language: str


def selections_of(subscriber: Subscriber) -> list[Selection]:
    return [
        Selection(
            kind=s.kind, topic_id=s.topic_id, district=s.district, directive_id=s.directive_id
        )
        for s in subscriber.subscriptions.all()
    ]


def directive_numbers(selections: Iterable[Selection]) -> list[str]:
    """The numbers of the directives a selection follows, in its order."""
    ids = [s.directive_id for s in selections if s.directive_id is not None]
    numbers = dict(Directive.objects.filter(pk__in=ids).values_list("pk", "number"))
    return [numbers[pk] for pk in ids if pk in numbers]


def directives_by_number(numbers: Iterable[str]) -> tuple[list[Directive], list[str]]:
    """The registry's directives for numbers as people type them (any case), and the numbers
    that match none, in the order given."""
    found: list[Directive] = []
    unknown: list[str] = []
    for number in numbers:
        directive = Directive.objects.filter(number__iexact=number).order_by("pk").first()
        if directive is None:
            unknown.append(number)
        elif directive not in found:
            found.append(directive)
    return found, unknown


def _values(query: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(query, "getlist", None)
    raw = getlist(name) if getlist is not None else [query.get(name) or ""]
    out: list[str] = []
    for value in raw:
        out += [v for v in _SEPARATORS.split(str(value)) if v]
    return out[:_MAX_VALUES]


def selection_from_query(query: Mapping[str, Any]) -> tuple[list[Selection], list[str]]:
    """A selection from a page's or a feed's query string: ?district=11&topic=3&directive=
    G03-02-01 (each may repeat or list several, comma-separated; a topic by id or slug). The
    second list holds the values that match nothing."""
    chosen: list[Selection] = []
    unknown: list[str] = []
    for value in _values(query, "topic"):
        topic = (
            Topic.objects.filter(pk=int(value)).first()
            if value.isdigit()
            else Topic.objects.filter(slug=value).first()
        )
        if topic is None:
            unknown.append(value)
        else:
            chosen.append(Selection(Subscription.Kind.TOPIC, topic_id=topic.pk))
    for value in _values(query, "district"):
        number = int(value) if value.isdigit() else 0
        if district(number) is None:
            unknown.append(value)
        else:
            chosen.append(Selection(Subscription.Kind.DISTRICT, district=number))
    directives, missing = directives_by_number(_values(query, "directive"))
    unknown += missing
    chosen += [Selection(Subscription.Kind.DIRECTIVE, directive_id=d.pk) for d in directives]
    return list(dict.fromkeys(chosen)), unknown


def selection_query(selections: Sequence[Selection], *, language: str = "") -> str:
    """The query string that gives `selection_from_query` the same selection back (empty for
    everything), with the feed's language when given."""
    params: list[tuple[str, str | int]] = []
    if not any(s.kind == Subscription.Kind.ALL for s in selections):
        params += [("topic", s.topic_id) for s in selections if s.topic_id is not None]
        params += [
            ("district", s.district)
            for s in sorted(selections, key=lambda s: s.district or 0)
            if s.district is not None
        ]
        params += [("directive", number) for number in directive_numbers(selections)]
    if language:
        params.append(("lang", language))
    return urlencode(params)


def describe(selections: Sequence[Selection]) -> list[Followed]:
    """What the selections follow, in words, in the order of the form."""
    if any(s.kind == Subscription.Kind.ALL for s in selections):
        return [Followed(kind=_("All postings and engagements the Department announces"))]
    topics = {
        t.pk: t.name
        for t in Topic.objects.filter(pk__in=[s.topic_id for s in selections if s.topic_id])
    }
    directives = {
        d.pk: d
        for d in Directive.objects.filter(
            pk__in=[s.directive_id for s in selections if s.directive_id]
        )
    }
    out: list[Followed] = []
    for sel in selections:
        if sel.kind == Subscription.Kind.TOPIC and sel.topic_id in topics:
            out.append(Followed(_("Topic"), topics[sel.topic_id], "en"))
    for sel in sorted(selections, key=lambda s: s.district or 0):
        if sel.kind != Subscription.Kind.DISTRICT or sel.district is None:
            continue
        found = district(sel.district)
        if found is not None:
            out.append(Followed(_("Police district"), district_label(found)))
    for sel in selections:
        if sel.kind == Subscription.Kind.DIRECTIVE and sel.directive_id in directives:
            d = directives[sel.directive_id]
            out.append(Followed(_("Directive"), f"{d.number} {d.title}", "en"))
    return out


def _follows(selections: Sequence[Selection]) -> list[Subscription]:
    # Unsaved rows: subscriber_follows reads only their kind and ids.
    return [
        Subscription(
            kind=s.kind, topic_id=s.topic_id, district=s.district, directive_id=s.directive_id
        )
        for s in selections
    ] or [Subscription(kind=Subscription.Kind.ALL)]


def feed_entries(
    *, selections: Sequence[Selection], language: str, limit: int = FEED_SIZE
) -> list[FeedEntry]:
    """The announcements a selection follows that have been sent by email, newest first (by
    their first sending), each in `language` or else in English. No selection: everything."""
    follows = _follows(selections)
    everything = any(f.kind == Subscription.Kind.ALL for f in follows)
    with_email = AnnouncementText.objects.filter(channel=Channel.EMAIL).values("announcement_id")
    firsts = list(
        Dispatch.objects.filter(
            status__in=(Dispatch.Status.SENDING, Dispatch.Status.SENT),
            started_at__isnull=False,
            announcement_id__in=with_email,
        )
        .values("announcement_id")
        .annotate(first=Min("started_at"))
        .order_by("-first", "-announcement_id")[:_SCAN]
    )
    out: list[FeedEntry] = []
    for start in range(0, len(firsts), _BATCH):
        batch = firsts[start : start + _BATCH]
        announcements = Announcement.objects.filter(
            pk__in=[row["announcement_id"] for row in batch]
        ).select_related("audience", "posting__version", "engagement")
        by_pk = {
            a.pk: a
            for a in announcements.prefetch_related(
                Prefetch("texts", queryset=AnnouncementText.objects.filter(channel=Channel.EMAIL))
            )
        }
        for row in batch:
            announcement = by_pk.get(row["announcement_id"])
            if announcement is None or Channel.EMAIL not in announcement.channels:
                continue
            if not everything and not audiences.subscriber_follows(
                follows, audiences.announcement_subject(announcement)
            ):
                continue
            # Only the email texts were fetched (the Prefetch above).
            texts = {t.language: t for t in announcement.texts.all()}
            text = texts.get(language) or texts.get(settings.LANGUAGE_CODE)
            if text is None:
                continue
            out.append(
                FeedEntry(
                    announcement_id=announcement.pk,
                    title=text.subject or announcement.title,
                    body=text.body,
                    link=announcement.link,
                    published=row["first"],
                    language=text.language,
                )
            )
            if len(out) >= limit:
                return out
    return out
