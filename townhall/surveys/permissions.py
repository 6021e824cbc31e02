"""Who may do what with surveys (seed 002 V-C-2, V-D-4, VI-B-3, VI-B-4)."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member, user_roles
from townhall.engagements.permissions import DETERMINERS, _acts_for


def can_view_surveys(user: Any) -> bool:
    return is_staff_member(user)


def can_create_surveys(user: Any) -> bool:
    """VI-B-3: OEE conducts the engagements (V-C) and the follow-up (V-D), with OCPR; the
    unit that owns a policy or training surveys on its own engagements."""
    return has_role(
        user, Role.OEE, *DETERMINERS, Role.RD, Role.TRAINING, Role.ORIGINATING_UNIT, Role.ADMIN
    )


def can_manage_survey(user: Any, survey: Any) -> bool:
    """Building, scheduling, paper and phone entry, invitations, publishing results: OEE and
    OCPR, and the engagement's own originating unit; the unit that owns the activity too."""
    engagement = survey.activity.engagement
    if _acts_for(user, engagement, Role.OEE, *DETERMINERS, Role.ADMIN):
        return True
    owner = survey.activity.owner
    return bool(owner) and owner != Role.ORIGINATING_UNIT and has_role(user, owner)


def can_manage_activity_surveys(user: Any, activity: Any) -> bool:
    """Creating a survey for an activity: as `can_manage_survey`, before the survey exists."""
    if _acts_for(user, activity.engagement, Role.OEE, *DETERMINERS, Role.ADMIN):
        return True
    owner = activity.owner
    return bool(owner) and owner != Role.ORIGINATING_UNIT and has_role(user, owner)


def can_view_results(user: Any, survey: Any) -> bool:
    """VI-B-5: OEE gives the feedback to the originating unit and to R&D or the Training
    Division; OCPR oversees. Results are suppressed for every reader all the same."""
    if can_manage_survey(user, survey):
        return True
    return has_role(user, Role.RD, Role.TRAINING, Role.PSCD)


def can_answer_as_member(user: Any) -> bool:
    """A signed-in Department member: anyone the Department gave a role, staff included."""
    return bool(getattr(user, "is_authenticated", False) and user_roles(user))
