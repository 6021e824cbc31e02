"""Who may do what with bodies (seed 002 V-C-1, V-C-11, VI-B, VI-C, VI-D, VI-E)."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member
from townhall.engagements.permissions import DETERMINERS, originating_units_of


def can_view_bodies(user: Any) -> bool:
    return is_staff_member(user)


def _is_convening_unit(user: Any, body: Any) -> bool:
    if body.convening_role == Role.ORIGINATING_UNIT:
        if not has_role(user, Role.ORIGINATING_UNIT):
            return False
        names = originating_units_of(user)
        return "" in names or body.convening_unit in names
    return has_role(user, body.convening_role)


def can_create_bodies(user: Any) -> bool:
    """VI-B-3: OEE conducts the engagements, with OCPR; a unit convenes its own body."""
    return has_role(
        user, Role.OEE, *DETERMINERS, Role.TRAINING, Role.RD, Role.ORIGINATING_UNIT, Role.ADMIN
    )


def can_manage_body(user: Any, body: Any) -> bool:
    """The roster, calls, selection, ballots: OEE, OCPR and the unit that convenes the body
    (the Training Division for the TCAC, V-C-1 EXAMPLE). Another unit does not."""
    if has_role(user, Role.OEE, *DETERMINERS, Role.ADMIN):
        return True
    return _is_convening_unit(user, body)


def can_write_response(user: Any, recommendation: Any) -> bool:
    """VI-C-4: the originating unit reviews the feedback and the revisions; it drafts the
    Department's response, as does the unit that convenes the body."""
    body = recommendation.body
    if has_role(user, Role.ADMIN):
        return True
    if _is_convening_unit(user, body):
        return True
    if has_role(user, Role.ORIGINATING_UNIT):
        names = originating_units_of(user)
        return "" in names or any(e.originating_unit in names for e in body.engagements.all())
    return False


def responsible_roles(body: Any) -> tuple[str, ...]:
    """Who approves a response: R&D for a directive (VI-D-2), the Training Division for a
    training (VI-E-2), otherwise OCPR, which determines the engagement (IV-D)."""
    if body.directive_id:
        return (Role.RD,)
    if body.training_id:
        return (Role.TRAINING,)
    return DETERMINERS


def can_approve_response(user: Any, recommendation: Any) -> bool:
    return has_role(user, *responsible_roles(recommendation.body), Role.ADMIN)
