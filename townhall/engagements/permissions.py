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
