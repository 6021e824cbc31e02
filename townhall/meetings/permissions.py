"""Who may do what with meetings (seed 002 V-C, VI)."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member
from townhall.engagements.permissions import DETERMINERS, is_its_originating_unit


def can_view_meetings(user: Any) -> bool:
    return is_staff_member(user)


def can_run_meetings_of(user: Any, activity: Any) -> bool:
    """V-C: OEE conducts the engagement's meetings, with OCPR; the unit that owns the
    activity runs its own, and the engagement's originating unit coordinates it (VI-C-1).
    Another unit's originating staff do not."""
    if has_role(user, Role.OEE, *DETERMINERS, Role.ADMIN):
        return True
    if activity.owner != Role.ORIGINATING_UNIT and has_role(user, activity.owner):
        return True
    return has_role(user, Role.ORIGINATING_UNIT) and is_its_originating_unit(
        user, activity.engagement
    )


def can_manage_meeting(user: Any, meeting: Any) -> bool:
    """Scheduling, the agenda, the clerk's screen and the minutes of one meeting."""
    return can_run_meetings_of(user, meeting.activity)
