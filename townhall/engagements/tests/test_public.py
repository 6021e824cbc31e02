"""The public "Get involved" site (V-B-1, seed 000): the pages, in three languages, the
opportunities and their filters, the calendar files and the feed, the 22 districts."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from townhall.engagements import content, services
from townhall.engagements.models import Activity, Engagement, Level, Topic
from townhall.engagements.tests.helpers import assessed, determined

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NARRATIVE = """# Background

The consent decree mandated the Department gather information about foot pursuits.

- Seven foot pursuits per day on average.
- About one in five resulted in an arrest.

<script>alert("x")</script>
"""


@dataclass
class Site:
    engagement: Engagement
    englewood: Activity  # in person, district 7
    online: Activity  # citywide, online with a call-in number
    survey: Activity  # under way: started in the past, ends later; citywide, online
    hybrid: Activity  # in person and online, district 12
    past: Activity
    cancelled: Activity
    posting_activity: Activity
    other: Engagement  # published, another topic, one activity in district 7


def _describe(persona: Any, activity: Activity, **values: Any) -> Activity:
    return content.activity_describe(
        actor=persona("oee"), activity=activity, is_public=True, **values
    )


def _add(
    persona: Any,
    engagement: Engagement,
    method: str,
    title: str,
    start: int,
    end: int | None = None,
) -> Activity:
    today = timezone.localdate()
    return services.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method=method,
        title=title,
        starts_on=today + datetime.timedelta(days=start),
        ends_on=today + datetime.timedelta(days=start if end is None else end),
    )


def _publish(
    persona: Any, engagement: Engagement, title: str, **texts: tuple[str, str, str]
) -> None:
    oee = persona("oee")
    content.engagement_text_save(actor=oee, engagement=engagement, language="en", title=title)
    for language, (t, summary, narrative) in texts.items():
        content.engagement_text_save(
            actor=oee,
            engagement=engagement,
            language=language.replace("_", "-"),
            title=t,
            summary=summary,
            narrative=narrative,
        )
    content.engagement_publish(actor=oee, engagement=engagement)


@pytest.fixture
def site(persona, d22_draft) -> Site:  # type: ignore[no-untyped-def]
    from townhall.postings.tests.factories import open_posting

    engagement = determined(persona, Level.ENHANCED)
    engagement.topics.set(Topic.objects.filter(slug="use-of-force"))
    _publish(
        persona,
        engagement,
        "Foot pursuits",
        en=("Foot pursuits", "CPD is creating its first foot pursuit policy.", NARRATIVE),
        es=("Persecuciones a pie", "El CPD crea su primera política.", "## Antecedentes\n\nTexto."),
    )
    content.engagement_contact_set(
        actor=persona("oee"), engagement=engagement, email="input@example.org"
    )
    englewood = _add(persona, engagement, "community_conversation", "Englewood conversation", 5)
    _describe(
        persona,
        englewood,
        mode="in_person",
        place="Englewood District station, 1438 W 63rd St",
        districts=[7],
        time_from=datetime.time(18, 0),
        time_to=datetime.time(19, 30),
    )
    online = _add(persona, engagement, "community_conversation", "Virtual conversation", 10)
    _describe(
        persona,
        online,
        mode="online",
        online_url="https://meet.example.org/j/1234567890",
        call_in="312-626-6799, meeting ID 123 456 7890",
        time_from=datetime.time(18, 0),
        time_to=datetime.time(19, 0),
    )
    survey = _add(persona, engagement, "anonymous_survey", "Foot pursuit survey", -3, 20)
    _describe(persona, survey, mode="online", online_url="https://survey.example.org/foot-pursuits")
    hybrid = _add(persona, engagement, "deliberative_dialogue", "Dialogue, Near West", 8)
    _describe(
        persona,
        hybrid,
        mode="hybrid",
        place="Near West District station",
        online_url="https://meet.example.org/j/99",
        districts=[12],
    )
    past = _add(persona, engagement, "focus_group", "Focus group held last week", -9, -8)
    _describe(persona, past, mode="in_person", place="A library", districts=[7])
    cancelled = _add(persona, engagement, "focus_group", "Cancelled focus group", 6)
    _describe(persona, cancelled, mode="in_person", place="A park", districts=[7])
    services.activity_cancel(
        actor=persona("oee"), activity=cancelled, reason="The venue was unavailable."
    )
    posting = open_posting(d22_draft)
    posting_activity = services.activity_add(
        actor=persona("rd"),
        engagement=engagement,
        method="public_posting",
        title="Draft posted for comment",
        posting=posting,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    other = determined(persona, Level.POSTING)
    other.topics.set(Topic.objects.filter(slug="schools"))
    _publish(persona, other, "School resource officers")
    sro = _add(persona, other, "working_group", "SRO working group meeting", 12)
    _describe(persona, sro, mode="in_person", place="Englewood library", districts=[7, 8])
    return Site(
        engagement, englewood, online, survey, hybrid, past, cancelled, posting_activity, other
    )


def _titles(page: str, site: Site) -> set[str]:
    names = ("englewood", "online", "survey", "hybrid", "past", "cancelled", "posting_activity")
    found = {n for n in names if getattr(site, n).title in page}
    if "SRO working group meeting" in page:
        found.add("sro")
    return found


# --- Pages, languages ------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/es", "/ar"])
def test_every_public_page_renders_in_english_spanish_and_arabic_V_B_1(
    client, site: Site, prefix: str
) -> None:  # type: ignore[no-untyped-def]
    pk = site.engagement.pk
    for url in (
        "/get-involved/",
        "/get-involved/opportunities/",
        "/get-involved/opportunities/?topic=use-of-force&district=7&method=community_conversation&mode=online",
        "/get-involved/districts/",
        "/get-involved/districts/7/",
        f"/get-involved/engagements/{pk}/",
        "/",
    ):
        response = client.get(prefix + url)
        assert response.status_code == 200, prefix + url
    page = client.get(prefix + "/").text
    assert "/get-involved/" in page and site.englewood.title in page  # the next opportunities


def test_the_get_involved_home_lists_open_comment_periods_engagements_and_districts_V_B_1(
    client, site: Site
) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/get-involved/").text
    assert "D22-08" in page  # the open comment period
    assert "Foot pursuits" in page and "CPD is creating its first foot pursuit policy." in page
    assert "District 25 (Grand Central)" in page and "/get-involved/districts/7/" in page
    assert 'rel="alternate" type="application/atom+xml"' in page
    es = client.get("/es/get-involved/").text
    assert "Persecuciones a pie" in es and "El CPD crea su primera política." in es


def test_an_engagement_not_published_is_not_found(client, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    hidden = determined(persona, Level.POSTING)
    assert client.get(f"/get-involved/engagements/{hidden.pk}/").status_code == 404
    assert client.get(f"/get-involved/engagements/{hidden.pk}/calendar.ics").status_code == 404
    still_assessing = assessed(persona)
    assert client.get(f"/get-involved/engagements/{still_assessing.pk}/").status_code == 404


def test_the_engagement_page_falls_back_to_english_and_says_so(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    url = f"/get-involved/engagements/{site.engagement.pk}/"
    english = client.get(url).text
    assert "not yet available in your language" not in english
    spanish = client.get("/es" + url).text
    assert "Persecuciones a pie" in spanish and "not yet available in your language" not in spanish
    polish = client.get("/pl" + url).text
    assert "not yet available in your language" in polish or "nie jest jeszcze dostępna" in polish
    assert '<div class="narrative" lang="en" dir="ltr">' in polish
    assert '<p class="lede" lang="en" dir="ltr">' in polish
    arabic = client.get("/ar" + url).text
    assert '<html lang="ar" dir="rtl">' in arabic and 'lang="en" dir="ltr">Foot pursuits' in arabic


def test_the_narrative_is_markdown_with_raw_html_escaped(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/get-involved/engagements/{site.engagement.pk}/").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<li>Seven foot pursuits per day on average.</li>" in page
    # "# Background" sits below the page's "About this engagement" (h2): an h3.
    assert "<h3>Background</h3>" in page


def test_the_engagement_page_shows_ocprs_determination_IV_D(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/get-involved/engagements/{site.engagement.pk}/").text
    assert "Level determined" in page and str(Level.ENHANCED.label) in page
    assert "Level recommended by the assessment" in page
    assert "Office of Equity and Engagement" in page  # consulted


def test_the_engagement_page_shows_the_activities_by_step_with_the_posting_and_cancellations_V_A(
    client, site: Site
) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/get-involved/engagements/{site.engagement.pk}/").text
    step2 = page.index("Step 2: engagement (V-C)")
    assert page.index("Englewood conversation") > step2
    assert "312-626-6799, meeting ID 123 456 7890" in page
    assert "https://meet.example.org/j/1234567890" in page
    assert "6 p.m. – 7:30 p.m. (Chicago time)" in page
    assert "District 7 (Englewood)" in page and "Citywide" in page
    assert "This activity is cancelled." in page and "The venue was unavailable." in page
    assert f"/postings/{site.posting_activity.posting_id}/comment/" in page  # open: comment now
    assert "mailto:input@example.org" in page
    assert f"/get-involved/engagements/{site.engagement.pk}/calendar.ics" in page


def test_resources_show_in_the_readers_language_and_withdrawn_ones_do_not(
    client, persona, site: Site
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    oee = persona("oee")
    content.resource_add(
        actor=oee,
        engagement=site.engagement,
        kind="webinar",
        title="Recorded webinar",
        titles={"es": "Seminario web grabado"},
        url="https://www.chicagocopa.org/about-copa/careers/",
    )
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    report = content.resource_add(
        actor=oee, engagement=site.engagement, kind="report", title="The report", file=pdf
    )
    gone = content.resource_add(
        actor=oee,
        engagement=site.engagement,
        kind="data",
        title="Withdrawn data",
        url="https://www.chicagocopa.org/",
    )
    content.resource_withdraw(actor=oee, resource=gone)
    url = f"/get-involved/engagements/{site.engagement.pk}/"
    page = client.get(url).text
    assert "Recorded webinar" in page and "The report" in page and "Withdrawn data" not in page
    assert "Seminario web grabado" in client.get("/es" + url).text
    download = client.get(f"{url}resources/{report.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert client.get(f"{url}resources/{gone.pk}/").status_code == 404


# --- Upcoming opportunities ------------------------------------------------------------------


def _list(client: Any, query: str = "") -> str:
    response = client.get("/get-involved/opportunities/" + query)
    assert response.status_code == 200
    return str(response.text)


def test_opportunities_exclude_past_and_cancelled_activities_V_B_1(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    found = _titles(_list(client), site)
    assert found == {"englewood", "online", "survey", "hybrid", "posting_activity", "sro"}


def test_opportunities_are_listed_soonest_first(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    page = _list(client)
    order = [page.index(a.title) for a in (site.survey, site.englewood, site.hybrid, site.online)]
    assert order == sorted(order)


def test_opportunities_filter_by_topic_V_B_1(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    assert _titles(_list(client, "?topic=schools"), site) == {"sro"}
    assert "sro" not in _titles(_list(client, "?topic=use-of-force"), site)


def test_opportunities_filter_by_district_V_B_1(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    assert _titles(_list(client, "?district=7"), site) == {"englewood", "sro"}
    assert _titles(_list(client, "?district=12"), site) == {"hybrid"}


def test_opportunities_filter_by_method_V_C(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    assert _titles(_list(client, "?method=anonymous_survey"), site) == {"survey"}


def test_opportunities_filter_online_or_in_person_with_hybrid_in_both(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    assert _titles(_list(client, "?mode=online"), site) == {"online", "survey", "hybrid"}
    assert _titles(_list(client, "?mode=in_person"), site) == {"englewood", "hybrid", "sro"}


def test_an_unknown_filter_value_is_ignored_and_said(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    page = _list(client, "?district=13&mode=online")
    assert "Some filters were not understood" in page
    assert _titles(page, site) == {"online", "survey", "hybrid"}


def test_no_matching_opportunity_shows_a_clear_empty_state(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    page = _list(client, "?topic=people-in-crisis")
    assert "No upcoming opportunity matches these filters." in page
    assert "0 opportunities" in page


def test_opportunities_are_paginated(client, persona, site: Site) -> None:  # type: ignore[no-untyped-def]
    for i in range(21):
        _add(persona, site.other, "focus_group", f"Extra focus group {i:02d}", 30 + i)
    first = _list(client)
    assert "Page 1 of 2" in first and "Extra focus group 20" not in first
    assert "Extra focus group 20" in _list(client, "?page=2")


# --- Calendar files and the feed -------------------------------------------------------------


def _events(client: Any, url: str, timed: bool = True) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"] and cal["X-WR-CALNAME"]
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == (["America/Chicago"] if timed else [])  # only when an event has a time
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_has_every_upcoming_opportunity_in_chicago_time_V_B_1(
    client, site: Site
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.ical import uid_host

    events = _events(client, "/get-involved/calendar.ics")
    host = uid_host()
    englewood = events[f"activity-{site.englewood.pk}@{host}"]
    start = englewood.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "America/Chicago"
    assert (start.hour, start.minute) == (18, 0)
    assert englewood.decoded("DTEND") - start == datetime.timedelta(minutes=90)
    assert "1438 W 63rd St" in str(englewood["LOCATION"])
    assert f"/get-involved/engagements/{site.engagement.pk}/#activity-{site.englewood.pk}" in str(
        englewood["URL"]
    )
    assert englewood["DTSTAMP"] and "Foot pursuits" in str(englewood["DESCRIPTION"])
    survey = events[f"activity-{site.survey.pk}@{host}"]  # all day: DTEND is the day after
    assert survey.decoded("DTEND") == site.survey.ends_on + datetime.timedelta(days=1)
    assert isinstance(survey.decoded("DTSTART"), datetime.date)
    assert f"activity-{site.past.pk}@{host}" not in events
    cancelled = events[f"activity-{site.cancelled.pk}@{host}"]  # subscribers drop it
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "312-626-6799" in str(events[f"activity-{site.online.pk}@{host}"]["DESCRIPTION"])


def test_the_engagement_calendar_has_only_its_own_events(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    events = _events(client, f"/get-involved/engagements/{site.engagement.pk}/calendar.ics")
    pks = {int(uid.split("@")[0].removeprefix("activity-")) for uid in events}
    assert pks == set(site.engagement.activities.values_list("pk", flat=True))
    other = _events(client, f"/get-involved/engagements/{site.other.pk}/calendar.ics", False)
    assert len(other) == 1


def test_the_atom_feed_is_well_formed_with_engagements_and_opportunities_V_B_2(
    client, site: Site
) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/get-involved/feed.atom")
    assert response.status_code == 200 and "atom+xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert "Foot pursuits" in titles and "School resource officers" in titles
    assert site.englewood.title in titles and site.cancelled.title not in titles
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
    spanish = ET.fromstring(client.get("/es/get-involved/feed.atom").content)
    assert "Persecuciones a pie" in [
        e.findtext(f"{ATOM}title") for e in spanish.iter(f"{ATOM}entry")
    ]


# --- Districts -------------------------------------------------------------------------------


def test_the_district_list_has_the_22_districts_with_their_population(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/get-involved/districts/").text
    assert page.count('<th scope="row">') == 22
    assert "District 8 (Chicago Lawn)" in page and "247,373" in page


def test_a_number_that_is_not_one_of_the_22_districts_is_not_found(client, site: Site) -> None:  # type: ignore[no-untyped-def]
    for number in (13, 21, 23, 31, 0):
        assert client.get(f"/get-involved/districts/{number}/").status_code == 404


def test_a_district_page_shows_its_activities_and_the_citywide_ones_apart_V_B_1(
    client, site: Site
) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/get-involved/districts/7/").text
    local, citywide = page.split('id="citywide-h"')
    assert site.englewood.title in local and "SRO working group meeting" in local
    assert site.online.title not in local and site.hybrid.title not in page
    assert site.online.title in citywide and site.survey.title in citywide
    assert site.englewood.title not in citywide
    assert site.cancelled.title not in page and site.past.title not in page


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_publishes_seed_000_with_upcoming_opportunities_again_safely(
    client, s04_versions
) -> None:  # type: ignore[no-untyped-def]
    from townhall.conftest import demo_text
    from townhall.directives.services import directive_version_import
    from townhall.engagements.demo_public import load_public_demo

    directive_version_import(
        text=demo_text("key_versions/G03-07/G03-07__issued-2021-05-26__effective-2021-06-11.txt"),
        number_hint="G03-07",
    )
    directive_version_import(
        text=demo_text("key_versions/G02-03/G02-03__issued-2020-12-31__effective-2020-12-31.txt"),
        number_hint="G02-03",
    )
    assert load_public_demo() == 5
    assert load_public_demo() == 0
    foot = Engagement.objects.get(directive__number="G03-07")
    assert sorted(foot.texts.values_list("language", flat=True)) == sorted(
        ["en", "es", "zh-hans", "pl", "ar", "hi"]
    )
    for prefix in ("", "/zh-hans", "/ar", "/hi"):
        page = client.get(f"{prefix}/get-involved/engagements/{foot.pk}/").text
        assert "not yet available in your language" not in page
    sro = Engagement.objects.get(directive__number="S04-01-02")
    assert set(sro.resources.values_list("kind", flat=True)) == {
        "report",
        "official_response",
        "voting_results",
    }
    resource = sro.resources.first()
    assert resource is not None
    download = client.get(f"/get-involved/engagements/{sro.pk}/resources/{resource.pk}/")
    assert download.status_code == 200 and b"%PDF-" in b"".join(download.streaming_content)
    district = client.get("/get-involved/districts/25/").text
    assert "District 25 (Grand Central): community conversation on the district plan" in district
    assert "No opportunity is scheduled" not in client.get("/").text


def test_the_demo_presents_public_forums_and_a_councils_comment_rules_seed_000(client) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.demo_public import load_public_demo

    load_public_demo()
    copa = Engagement.objects.get(other_subject="Selection of the Chief Administrator of COPA")
    page = client.get(f"/get-involved/engagements/{copa.pk}/").text
    assert "4380 N Elston Ave" in page and "COPAsearch@cityofchicago.org" in page
    council = Engagement.objects.get(other_subject="Chicago Council on Mental Health Equity")
    page = client.get(f"/es/get-involved/engagements/{council.pk}/").text
    assert "30 minutos en total" in page and "3 minutos por participante" in page
    upcoming = council.activities.filter(starts_on__gte=timezone.localdate())
    assert upcoming.count() == 4
    assert all(a.starts_on.weekday() == 0 for a in upcoming)  # type: ignore[union-attr]


def test_an_internal_focus_group_never_reaches_the_public_pages_V_C_9(
    client, persona, site
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.models import Activity as ActivityModel

    engagement = site.engagement
    activity = services.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method="internal_focus_group",
        title="Sergeants' focus group",
        starts_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it
        ActivityModel.objects.filter(pk=activity.pk).update(is_public=True)
    for url in (
        "/get-involved/opportunities/",
        f"/get-involved/engagements/{engagement.pk}/",
        f"/get-involved/engagements/{engagement.pk}/calendar.ics",
        "/get-involved/calendar.ics",
    ):
        assert "Sergeants" not in client.get(url).content.decode(), url


def test_a_timed_activity_over_several_days_repeats_daily_in_the_calendar(
    client, persona, site
) -> None:  # type: ignore[no-untyped-def]
    first = timezone.localdate() + datetime.timedelta(days=5)
    activity = services.activity_add(
        actor=persona("oee"),
        engagement=site.engagement,
        method="focus_group",
        title="Three evenings of focus groups",
        starts_on=first,
        ends_on=first + datetime.timedelta(days=2),
    )
    _describe(
        persona,
        activity,
        mode="online",
        call_in="+1 312 555 0100",
        time_from=datetime.time(18),
        time_to=datetime.time(20),
    )
    calendar = Calendar.from_ical(
        client.get(f"/get-involved/engagements/{site.engagement.pk}/calendar.ics").content
    )
    event = next(e for e in calendar.walk("VEVENT") if "Three evenings" in str(e["SUMMARY"]))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (end - start) == datetime.timedelta(hours=2)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["DAILY"]
    assert rule["UNTIL"][0].date() in (
        first + datetime.timedelta(days=2),
        first + datetime.timedelta(days=3),
    )
