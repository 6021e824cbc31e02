"""The "Add to calendar" files (RFC 5545): upcoming opportunities as events a resident can
import or subscribe to. Times are Chicago's, with the zone's definition in the file."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from townhall.engagements.models import Activity
from townhall.engagements.public import activity_rows

__all__ = ["CHICAGO", "calendar_bytes", "finish", "new_calendar", "stamp", "uid_host"]

CHICAGO = ZoneInfo("America/Chicago")


def uid_host() -> str:
    """The stable part of every event's UID: the site's own host, whatever the request."""
    return urlsplit(settings.TOWNHALL_BASE_URL).hostname or "townhall"


def new_calendar(name: str = "") -> Calendar:
    """A VCALENDAR to publish, in Chicago's zone: every calendar file of Townhall starts so."""
    cal = Calendar()
    cal.add("prodid", "-//Townhall//Get involved//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "America/Chicago")
    return cal


def stamp() -> datetime.datetime:
    """DTSTAMP: now, in UTC, to the second."""
    return timezone.now().astimezone(datetime.UTC).replace(microsecond=0)


def finish(cal: Calendar) -> bytes:
    """The file, with the definitions of the zones its events use."""
    cal.add_missing_timezones()
    body: bytes = cal.to_ical()
    return body


def _start_end(
    activity: Activity,
) -> tuple[datetime.date | datetime.datetime, datetime.date | datetime.datetime | None]:
    first = activity.starts_on or activity.ends_on
    last = activity.ends_on or activity.starts_on
    assert first is not None and last is not None  # only dated activities reach here
    if activity.time_from is None:
        # All day: DTEND is exclusive, the day after the last.
        return first, last + datetime.timedelta(days=1)
    start = datetime.datetime.combine(first, activity.time_from, tzinfo=CHICAGO)
    if activity.time_to is None:
        return start, None
    # The first day's session; further days repeat it (see _daily_until).
    end = datetime.datetime.combine(first, activity.time_to, tzinfo=CHICAGO)
    return start, end if end > start else None


def _daily_until(activity: Activity) -> datetime.datetime | None:
    """A timed activity over several days meets each day at the same hours (the page says
    "1 Oct - 3 Oct, 6-8 pm"), not in one session from the first evening to the last: a daily
    rule until the last day's start, in UTC as RFC 5545 asks when DTSTART has a zone."""
    if activity.time_from is None or not activity.starts_on or not activity.ends_on:
        return None
    if activity.ends_on <= activity.starts_on:
        return None
    last = datetime.datetime.combine(activity.ends_on, activity.time_from, tzinfo=CHICAGO)
    return last.astimezone(datetime.UTC)


def calendar_bytes(
    activities: Iterable[Activity],
    *,
    name: str,
    language: str,
    url_of: Callable[[Activity], str],
) -> bytes:
    """A VCALENDAR of the activities. `url_of` gives each event's page (absolute)."""
    cal = new_calendar(name)
    now = stamp()
    host = uid_host()
    for row in activity_rows(activities, language):
        activity = row.activity
        if activity.starts_on is None and activity.ends_on is None:
            continue
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", now)
        summary = activity.title
        if row.is_cancelled:
            summary = _("Cancelled: %(title)s") % {"title": summary}
        event.add("summary", summary)
        start, end = _start_end(activity)
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        until = _daily_until(activity)
        if until is not None:
            event.add("rrule", {"freq": "daily", "until": until})
        where = activity.place or activity.online_url
        if where:
            event.add("location", where)
        url = url_of(activity)
        event.add("url", url)
        lines = [row.engagement.title]
        if activity.description:
            lines.append(activity.description)
        if activity.place and activity.online_url:
            lines.append(activity.online_url)
        if activity.call_in:
            lines.append(activity.call_in)
        if row.is_cancelled and activity.cancel_reason:
            lines.append(_("Cancelled: %(reason)s") % {"reason": activity.cancel_reason})
        lines.append(url)
        event.add("description", "\n\n".join(lines))
        if row.is_cancelled:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return finish(cal)
