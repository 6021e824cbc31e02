"""The Atom feed of the "Get involved" pages (V-B-1, V-B-2): published engagements and the
upcoming opportunities, in the reader's language, for feed readers and the City's own sites."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from townhall.engagements import ical, public, selectors

__all__ = ["GetInvolvedFeed"]


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    description: str
    published: datetime.datetime
    guid: str


def _when(row: public.ActivityRow) -> str:
    a = row.activity
    first = a.starts_on or a.ends_on
    last = a.ends_on or a.starts_on
    if first is None or last is None:
        return ""
    text = formats.date_format(first, "DATE_FORMAT")
    if last != first:
        text += " – " + formats.date_format(last, "DATE_FORMAT")
    if a.time_from:
        text += ", " + formats.time_format(a.time_from, "TIME_FORMAT")
        if a.time_to:
            text += " – " + formats.time_format(a.time_to, "TIME_FORMAT")
        text += " " + _("(Chicago time)")
    return text


class GetInvolvedFeed(Feed[FeedItem, None]):
    feed_type = Atom1Feed

    def title(self) -> str:
        return public.get_involved_title()

    def subtitle(self) -> str:
        return _("Engagements on Department policy and training, and upcoming opportunities.")

    def link(self) -> str:
        return reverse("engagements:home")

    def items(self) -> list[FeedItem]:
        language = get_language() or "en"
        host = ical.uid_host()
        out = []
        for engagement in selectors.public_engagements()[:30]:
            card = public.engagement_card(engagement, language)
            out.append(
                FeedItem(
                    title=card.title,
                    link=reverse("engagements:detail", kwargs={"pk": engagement.pk}),
                    description=escape(card.summary),
                    published=engagement.published_at or engagement.created_at,
                    guid=f"tag:{host},2025:engagement-{engagement.pk}",
                )
            )
        for row in public.activity_rows(selectors.opportunities()[:50], language):
            a = row.activity
            where = a.place or (a.get_mode_display() if a.mode else "")
            parts = [_when(row), where, row.engagement.title, a.description]
            out.append(
                FeedItem(
                    title=a.title,
                    link=reverse("engagements:detail", kwargs={"pk": a.engagement_id})
                    + f"#{row.anchor}",
                    description=escape(" · ".join(p for p in parts if p)),
                    published=a.created_at,
                    guid=f"tag:{host},2025:activity-{a.pk}",
                )
            )
        return out

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_link(self, item: FeedItem) -> str:
        return item.link

    def item_description(self, item: FeedItem) -> str:
        return item.description

    def item_pubdate(self, item: FeedItem) -> datetime.datetime:
        return item.published

    def item_updateddate(self, item: FeedItem) -> datetime.datetime:
        return item.published

    def item_guid(self, item: FeedItem) -> str:
        return item.guid
