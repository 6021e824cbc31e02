"""Small template helpers of the pages of meetings."""

from __future__ import annotations

from typing import Any

from django import template

from townhall.engagements.models import Activity
from townhall.meetings import permissions
from townhall.meetings.services import KIND_FOR_METHOD, can_add_meeting
from townhall.postings.permissions import can_read_comments

register = template.Library()


@register.filter
def clock(seconds: Any) -> str:
    """Seconds as the clocks read them (as meeting-clock.js writes them): 185 -> "03:05";
    nothing -> "–"."""
    if seconds is None or seconds == "":
        return "–"
    total = max(0, int(seconds))
    return f"{total // 60:02d}:{total % 60:02d}"


@register.simple_tag
def activity_meetings(activity: Activity, user: Any) -> dict[str, Any]:
    """For an engagement's plan: whether the activity is held as meetings, its meetings (the
    plan prefetches them), and whether this person may schedule one."""
    if activity.method not in KIND_FOR_METHOD:
        return {"held_as_meetings": False, "meetings": [], "can_schedule": False}
    return {
        "held_as_meetings": True,
        "meetings": list(activity.meetings.all()),
        "can_schedule": can_add_meeting(activity)
        and permissions.can_run_meetings_of(user, activity),
    }


@register.simple_tag
def runs_meeting(user: Any, meeting: Any) -> bool:
    """Whether this person runs the meeting (its clerk's screen, its forms)."""
    return permissions.can_manage_meeting(user, meeting)


@register.simple_tag
def reads_pool(user: Any) -> bool:
    """Whether the engagement's pool (which holds its postings' comments) is for this person."""
    return permissions.can_view_meetings(user) and can_read_comments(user)
