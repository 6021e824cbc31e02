"""A meeting's "Add to calendar" file, built like the Get involved calendars
(engagements/ical.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from icalendar import Event

from townhall.engagements.ical import CHICAGO, finish, new_calendar, stamp, uid_host
from townhall.meetings.models import Meeting


def meeting_calendar_bytes(meeting: Meeting, url: str) -> bytes:
    cancelled = meeting.status == Meeting.Status.CANCELLED
    cal = new_calendar()
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{uid_host()}")
    event.add("dtstamp", stamp())
    summary = meeting.title
    if cancelled:
        summary = _("Cancelled: %(title)s") % {"title": summary}
    event.add("summary", summary)
    event.add("dtstart", meeting.starts_at.astimezone(CHICAGO))
    event.add("dtend", meeting.ends_at.astimezone(CHICAGO))
    online_url, call_in = meeting.join_details
    where = meeting.place or online_url
    if where:
        event.add("location", where)
    event.add("url", url)
    lines = []
    if cancelled and meeting.cancel_reason:
        lines.append(_("Cancelled: %(reason)s") % {"reason": meeting.cancel_reason})
    if meeting.description:
        lines.append(meeting.description)
    if online_url:
        lines.append(_("Join online: %(url)s") % {"url": online_url})
    if call_in:
        lines.append(_("By phone: %(call_in)s") % {"call_in": call_in})
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    return finish(cal)
