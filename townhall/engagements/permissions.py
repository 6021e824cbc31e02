"""Who may do what with engagements (seed 002 IV, VI)."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member

DETERMINERS = (Role.OCPR, Role.OCPR_CHIEF, Role.OCPR_DESIGNEE)


def can_view_engagements(user: Any) -> bool:
    return is_staff_member(user)


def can_assess(user: Any) -> bool:
    """IV-A: the originating unit identifies topics with PSCD, OCPR and OEE (and R&D or the
    Training Division where appropriate)."""
    return has_role(
        user,
        Role.ORIGINATING_UNIT,
        Role.PSCD,
        Role.OEE,
        *DETERMINERS,
        Role.RD,
        Role.TRAINING,
        Role.ADMIN,
    )


def can_determine_level(user: Any) -> bool:
    """IV-D: OCPR determines the type and degree of engagement."""
    return has_role(user, *DETERMINERS)


def can_change_level_rule(user: Any) -> bool:
    return has_role(user, Role.ADMIN)


def can_work_task(user: Any, task: Any) -> bool:
    """VI: a unit's task is done by that unit. For an originating unit with named units, only
    the unit the engagement names; an administrator can act for any unit."""
    if has_role(user, Role.ADMIN):
        return True
    if task.unit == Role.ORIGINATING_UNIT:
        return is_its_originating_unit(user, task.engagement)
    if task.unit == Role.OCPR:
        return has_role(user, *DETERMINERS)
    return has_role(user, task.unit)


def originating_units_of(user: Any) -> frozenset[str]:
    """The units a holder of the originating-unit role acts for ("" for any), read once per
    request and kept on the user object, as the roles are."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_originating_units", None)
    if cached is None:
        cached = frozenset(
            user.role_assignments.filter(role=Role.ORIGINATING_UNIT).values_list(
                "unit_name", flat=True
            )
        )
        user._originating_units = cached
    return cached


def is_its_originating_unit(user: Any, engagement: Any) -> bool:
    """VI-C: the originating unit of this engagement. A holder with no unit named acts for
    any originating unit."""
    names = originating_units_of(user)
    return "" in names or engagement.originating_unit in names


def _acts_for(user: Any, engagement: Any, *roles: str) -> bool:
    """One of `roles`, or the engagement's own originating unit; another unit's originating
    staff do not act on it."""
    if has_role(user, *roles):
        return True
    return has_role(user, Role.ORIGINATING_UNIT) and is_its_originating_unit(user, engagement)


def can_move_steps(user: Any, engagement: Any) -> bool:
    """V-A, VI-B-3: OEE conducts the engagement through its steps, with OCPR; the originating
    unit coordinates its own (VI-C-1)."""
    return _acts_for(user, engagement, Role.OEE, *DETERMINERS, Role.ADMIN)


def can_edit_public_page(user: Any, engagement: Any) -> bool:
    """Editing one engagement's public page: the roles of can_edit_public_pages, the
    originating unit only for its own engagements."""
    return _acts_for(
        user, engagement, Role.OEE, Role.COMMUNICATIONS, Role.RD, Role.TRAINING, Role.ADMIN
    )


def can_edit_public_pages(user: Any) -> bool:
    """V-B-1: the public website shares the engagements. OEE conducts them, Communications
    speaks to the public, R&D and the Training Division own the policy or training, and the
    originating unit knows it best."""
    return has_role(
        user,
        Role.OEE,
        Role.COMMUNICATIONS,
        Role.RD,
        Role.TRAINING,
        Role.ORIGINATING_UNIT,
        Role.ADMIN,
    )


def can_decide_community_requests(user: Any) -> bool:
    """IV-B-7 NOTE: OEE works with community groups on their requests; OCPR weighs the
    community's request as a factor of the level (IV-B, IV-D)."""
    return has_role(user, Role.OEE, *DETERMINERS, Role.ADMIN)


def can_manage_training_materials(user: Any) -> bool:
    """III-A: the Training Division develops trainings; R&D and OEE help prepare them."""
    return has_role(user, Role.TRAINING, Role.RD, Role.OEE, Role.ADMIN)
