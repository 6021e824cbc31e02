"""Meetings made through the services, for the tests. Times are relative to the (possibly
time-travelled) present."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from townhall.accounts.models import User
from townhall.engagements import content, services
from townhall.engagements.models import Activity
from townhall.engagements.tests.helpers import determined
from townhall.meetings import services as meetings
from townhall.meetings.models import Meeting

CONVERSATION = (
    "Community conversation on foot pursuits",
    "Small groups, each with a facilitator, work through the draft foot pursuit policy "
    "(G03-07) prompt by prompt.",
)


def public_activity(
    persona: Callable[[str], User],
    *,
    method: str = Activity.Method.COMMUNITY_CONVERSATION,
    unit: str = "OEE",
) -> Activity:
    """A published engagement (level 3) with one activity of `method` on its public page."""
    engagement = determined(persona, 3, unit=unit)
    oee = persona("oee")
    content.engagement_text_save(
        actor=oee,
        engagement=engagement,
        language="en",
        title="Foot pursuits: revising the interim policy",
        summary="How the Department should decide whether to chase someone on foot.",
    )
    content.engagement_publish(actor=oee, engagement=engagement)
    return services.activity_add(actor=oee, engagement=engagement, method=method)


def details(
    *,
    starts_in: datetime.timedelta = datetime.timedelta(days=10),
    hours: float = 2,
    kind: str = Meeting.Kind.COMMUNITY_CONVERSATION,
    **overrides: Any,
) -> meetings.Details:
    start = (timezone.now() + starts_in).replace(microsecond=0)
    values: dict[str, Any] = {
        "kind": kind,
        "title": CONVERSATION[0],
        "description": CONVERSATION[1],
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "mode": Activity.Mode.HYBRID,
        "place": "Chicago Public Library, Harold Washington Library Center, 400 S. State St.",
        "venue_access": "Step-free entrance on Van Buren Street; accessible restrooms.",
        "online_url": "https://cityofchicago.zoom.us/j/83960230482",
        "call_in": "312-626-6799, meeting ID 839 6023 0482",
        "district": 1,
        "languages": ("en", "es"),
        "interpretation": "Spanish and ASL interpretation",
    }
    values.update(overrides)
    return meetings.Details(**values)


def draft_meeting(
    persona: Callable[[str], User],
    *,
    activity: Activity | None = None,
    agenda: tuple[str, ...] = ("Welcome and the draft policy", "Small-group discussion"),
    **kwargs: Any,
) -> Meeting:
    activity = activity or public_activity(persona)
    meeting = meetings.meeting_create(
        actor=persona("oee"), activity=activity, details=details(**kwargs)
    )
    for title in agenda:
        meetings.agenda_item_add(actor=persona("oee"), meeting=meeting, title=title, minutes=30)
    return meeting


def scheduled_meeting(
    persona: Callable[[str], User], *, special: bool | None = None, **kwargs: Any
) -> Meeting:
    """Posted: as a regular meeting when 48 hours remain, else as a special meeting."""
    meeting = draft_meeting(persona, **kwargs)
    if special is None:
        special = meeting.starts_at - timezone.now() < datetime.timedelta(hours=48)
    if special:
        return meetings.meeting_publish(
            actor=persona("oee"),
            meeting=meeting,
            notice=Meeting.Notice.SPECIAL,
            reason="Rescheduled after the library closed for a water main break.",
        )
    return meetings.meeting_publish(actor=persona("oee"), meeting=meeting)
