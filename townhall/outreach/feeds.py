"""RSS 2.0 and Atom feeds of the announcements (seed 002 V-B-1, V-B-2, VII-C-3): what the
Department announced by email, for the same selections as the subscriptions, so anyone can
follow a district, a topic or a directive without giving an address.

/feeds/announcements.rss?district=11&topic=3&directive=G03-02-01&lang=es (each may repeat;
none: everything). An item is an announcement whose email went out (its first sending is the
date), in the language asked for, or in English when it has no such text."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape, linebreaks, urlize
from django.utils.translation import gettext as _

from townhall.engagements.ical import uid_host
from townhall.outreach import selectors
from townhall.outreach.subscriptions import Selection

__all__ = ["AnnouncementsAtom", "AnnouncementsRss", "FeedLinks", "feed_links"]


@dataclass(frozen=True)
class FeedQuery:
    selections: list[Selection]
    language: str


@dataclass(frozen=True)
class FeedLinks:
    rss: str
    atom: str
    subscribe: str  # the subscribe page with the same selection chosen


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def feed_links(selections: list[Selection], language: str) -> FeedLinks:
    """The feeds of a selection in a language (and the subscribe page preselected for it)."""
    query = selectors.selection_query(selections, language=language)
    plain = selectors.selection_query(selections)
    return FeedLinks(
        rss=reverse("outreach:feed-rss") + f"?{query}",
        atom=reverse("outreach:feed-atom") + f"?{query}",
        subscribe=reverse("outreach:subscribe") + (f"?{plain}" if plain else ""),
    )


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    if asked in _languages():
        return asked
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in _languages() else settings.LANGUAGE_CODE


class AnnouncementsRss(Feed[selectors.FeedEntry, FeedQuery]):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # ?lang= decides the feed's language, whatever the address's language prefix.
        with translation.override(_language(request)):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedQuery:
        selections, unknown = selectors.selection_from_query(request.GET)
        if unknown:
            # A feed address that names no district, topic or directive we know is no feed.
            raise Http404("No such district, topic or directive: " + ", ".join(unknown))
        return FeedQuery(selections=selections, language=_language(request))

    def title(self, obj: FeedQuery) -> str:
        department = settings.TOWNHALL_DEPARTMENT_NAME
        followed = selectors.describe(obj.selections) if obj.selections else []
        if not followed or any(not f.name for f in followed):
            return _("Announcements: %(department)s") % {"department": department}
        return _("Announcements: %(department)s: %(what)s") % {
            "department": department,
            "what": "; ".join(f.name for f in followed),
        }

    def description(self, obj: FeedQuery) -> str:
        return _(
            "Policies open for comment and ways to get involved, as announced by email to "
            "subscribers."
        )

    def subtitle(self, obj: FeedQuery) -> str:
        return self.description(obj)

    def link(self, obj: FeedQuery) -> str:
        return feed_links(obj.selections, obj.language).subscribe

    def feed_url(self, obj: FeedQuery) -> str:
        links = feed_links(obj.selections, obj.language)
        return links.atom if issubclass(self.feed_type, Atom1Feed) else links.rss

    def items(self, obj: FeedQuery) -> list[selectors.FeedEntry]:
        return selectors.feed_entries(selections=obj.selections, language=obj.language)

    def item_title(self, item: selectors.FeedEntry) -> str:
        return item.title

    def item_description(self, item: selectors.FeedEntry) -> str:
        return linebreaks(urlize(escape(item.body)), autoescape=False)

    def item_link(self, item: selectors.FeedEntry) -> str:
        return item.link

    def item_guid(self, item: selectors.FeedEntry) -> str:
        return f"tag:{uid_host()},2025:announcement-{item.announcement_id}"

    def item_guid_is_permalink(self, item: selectors.FeedEntry) -> bool:
        return False

    def item_pubdate(self, item: selectors.FeedEntry) -> datetime.datetime:
        return item.published

    def item_updateddate(self, item: selectors.FeedEntry) -> datetime.datetime:
        return item.published


class AnnouncementsAtom(AnnouncementsRss):
    feed_type = Atom1Feed
