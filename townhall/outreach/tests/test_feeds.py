"""RSS and Atom feeds of the announcements (issue 9; seed 002 V-B-1, V-B-2, VII-C-3): the same
selections as the subscriptions, in the language asked for, without giving an address."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from townhall.engagements.models import Topic
from townhall.outreach import selectors
from townhall.outreach.models import Announcement, Dispatch
from townhall.outreach.tests.test_subscriptions import (
    announce,
    district,
    engagement_on,
    force_options,
    sro_directive,
    topic,
)

pytestmark = pytest.mark.django_db
RSS = "/feeds/announcements.rss"
ATOM = "/feeds/announcements.atom"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@dataclass
class Site:
    force: Announcement  # G03-02-01, use of force, District 11
    schools: Announcement  # S04-01-02, schools, District 22
    citywide: Announcement  # S04-01-02, bias-free policing, the whole city
    use_of_force: Topic


@pytest.fixture
def site(db: None) -> Site:
    now = timezone.now().replace(microsecond=0)
    use_of_force, schools = topic("use-of-force"), topic("schools")
    force = engagement_on(force_options(), title="Force options", topics=[use_of_force])
    sro = engagement_on(sro_directive(), title="School resource officers", topics=[schools])
    bias = engagement_on(
        sro_directive(), title="SROs and bias", topics=[topic("bias-free-policing")]
    )
    return Site(
        force=announce(
            engagement=force,
            title="Force options: comment now",
            districts=[11],
            when=now - datetime.timedelta(hours=3),
        ),
        schools=announce(
            engagement=sro,
            title="SROs: comment now",
            districts=[22],
            when=now - datetime.timedelta(hours=2),
        ),
        citywide=announce(
            engagement=bias, title="SROs and bias: citywide", when=now - datetime.timedelta(hours=1)
        ),
        use_of_force=use_of_force,
    )


def rss_titles(client: Client, query: dict[str, Any] | None = None, url: str = RSS) -> list[str]:
    response = client.get(url, query or {})
    assert response.status_code == 200, response.status_code
    root = ET.fromstring(response.content)
    return [item.findtext("title") or "" for item in root.iter("item")]


def test_the_rss_feed_lists_every_sent_announcement_newest_first_V_B_2(
    client: Client, site: Site
) -> None:
    response = client.get(RSS)
    assert response.status_code == 200 and "rss+xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel is not None and channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "[en] SROs and bias: citywide",
        "[en] SROs: comment now",
        "[en] Force options: comment now",
    ]
    first = items[-1]
    assert first.findtext("link") == site.force.link
    assert first.findtext("guid", "").endswith(f"announcement-{site.force.pk}")
    started = Dispatch.objects.get(announcement=site.force).started_at
    assert started is not None
    assert first.findtext("pubDate") == started.strftime("%a, %d %b %Y %H:%M:%S +0000")
    assert "tell the Department what you think" in (first.findtext("description") or "")


def test_an_announcement_not_yet_sent_is_not_in_the_feed(client: Client, site: Site) -> None:
    later = engagement_on(force_options(), title="Force options, second round")
    announce(
        engagement=later,
        title="Not sent yet",
        when=timezone.now() + datetime.timedelta(days=2),
        start=False,
    )
    assert Announcement.objects.get(title="Not sent yet").status == "scheduled"
    assert "[en] Not sent yet" not in rss_titles(client)


def test_the_atom_feed_has_the_same_entries(client: Client, site: Site) -> None:
    response = client.get(ATOM, {"district": "22"})
    assert response.status_code == 200 and "atom+xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM_NS}feed"
    entries = root.findall(f"{ATOM_NS}entry")
    assert [e.findtext(f"{ATOM_NS}title") for e in entries] == [
        "[en] SROs and bias: citywide",
        "[en] SROs: comment now",
    ]
    for entry in entries:
        assert entry.findtext(f"{ATOM_NS}id") and entry.findtext(f"{ATOM_NS}updated")
    title = root.findtext(f"{ATOM_NS}title") or ""
    assert "District 22 (Morgan Park)" in title
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM_NS}link")}
    assert links["self"].endswith("/feeds/announcements.atom?district=22&lang=en")
    assert links["alternate"].endswith("/subscribe/?district=22")


def test_a_district_feed_has_its_announcements_and_the_citywide_ones(
    client: Client, site: Site
) -> None:
    assert rss_titles(client, {"district": "11"}) == [
        "[en] SROs and bias: citywide",
        "[en] Force options: comment now",
    ]
    assert rss_titles(client, {"district": "7"}) == ["[en] SROs and bias: citywide"]


def test_a_topic_feed_by_id_or_by_name_in_the_address(client: Client, site: Site) -> None:
    expected = ["[en] Force options: comment now"]
    assert rss_titles(client, {"topic": str(site.use_of_force.pk)}) == expected
    assert rss_titles(client, {"topic": "use-of-force"}) == expected


def test_a_directive_feed_and_a_feed_of_several_choices(client: Client, site: Site) -> None:
    assert rss_titles(client, {"directive": "S04-01-02"}) == [
        "[en] SROs and bias: citywide",
        "[en] SROs: comment now",
    ]
    assert rss_titles(client, {"directive": "G03-02-01"}) == ["[en] Force options: comment now"]
    # Any one of the choices is enough, as for a subscriber.
    both = rss_titles(client, {"topic": "schools", "directive": "g03-02-01"})
    assert both == ["[en] SROs: comment now", "[en] Force options: comment now"]


def test_the_feed_is_in_the_language_asked_for(client: Client, site: Site) -> None:
    assert rss_titles(client, {"lang": "es", "district": "11"}) == [
        "[es] SROs and bias: citywide",
        "[es] Force options: comment now",
    ]
    response = client.get("/es/feeds/announcements.rss")
    root = ET.fromstring(response.content)
    assert root.findtext("channel/language") == "es"
    assert next(i.findtext("title") for i in root.iter("item")) == "[es] SROs and bias: citywide"
    # ?lang= wins over the address's language.
    assert rss_titles(client, {"lang": "ar"}, url="/es/feeds/announcements.rss")[0] == (
        "[ar] SROs and bias: citywide"
    )


def test_an_announcement_without_the_language_falls_back_to_english(
    client: Client, site: Site
) -> None:
    with override_settings(TOWNHALL_POSTING_LANGUAGES=["en", "es"]):
        announce(
            engagement=engagement_on(force_options(), title="Foot pursuits"),
            title="Foot pursuits: comment now",
        )
    titles = rss_titles(client, {"lang": "pl"})
    assert titles[0] == "[en] Foot pursuits: comment now"
    assert "[pl] SROs: comment now" in titles


def test_an_unknown_district_topic_or_directive_is_no_feed(client: Client, site: Site) -> None:
    for query in ({"district": "13"}, {"topic": "999"}, {"directive": "G99-99-99"}):
        assert client.get(RSS, query).status_code == 404, query
        assert client.get(ATOM, query).status_code == 404, query
    # An unknown language is not an error: the page's language is used.
    assert rss_titles(client, {"lang": "xx", "district": "22"})[0] == "[en] SROs and bias: citywide"


def test_a_feed_holds_the_newest_announcements_up_to_its_size(site: Site) -> None:
    assert selectors.FEED_SIZE == 50
    newest = selectors.feed_entries(selections=[], language="en", limit=2)
    assert [e.announcement_id for e in newest] == [site.citywide.pk, site.schools.pk]
    follows_11 = selectors.feed_entries(selections=[district(11)], language="en", limit=1)
    assert [e.announcement_id for e in follows_11] == [site.citywide.pk]


def test_the_subscribe_page_links_to_the_feed_of_its_selection(client: Client, site: Site) -> None:
    html = client.get("/es/subscribe/", {"district": "11"}).text
    assert 'href="/es/feeds/announcements.rss?district=11&amp;lang=es"' in html
    assert 'href="/es/feeds/announcements.atom?district=11&amp;lang=es"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
