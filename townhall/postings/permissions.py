"""Who may do what with postings (seed 002 VII-A, VII-B, VI)."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member

AUTHORIZERS = (Role.OCPR_CHIEF, Role.OCPR_DESIGNEE)


def can_view_postings(user: Any) -> bool:
    return is_staff_member(user)


def can_prepare_postings(user: Any) -> bool:
    """VII-B: the commanding officer of R&D prepares and posts, in consultation with OCPR."""
    return has_role(user, Role.RD, Role.ADMIN)


def can_authorize_postings(user: Any) -> bool:
    """VII-A: final authorization is the Chief of OCPR's or an authorized designee's alone."""
    return has_role(user, *AUTHORIZERS)


def can_mark_continuous(user: Any) -> bool:
    """VII-A-1: the Chief of OCPR or a designee makes a directive continuously open."""
    return has_role(user, *AUTHORIZERS)


def can_extend_postings(user: Any) -> bool:
    return has_role(user, Role.RD, *AUTHORIZERS)


def can_read_comments(user: Any) -> bool:
    """VI-B-4/5, VI-C-4, VI-D-2, VII-D-4: OEE collects and reviews; R&D, OCPR, PSCD and the
    originating unit take part in the review."""
    return has_role(
        user,
        Role.RD,
        Role.OEE,
        Role.OCPR,
        *AUTHORIZERS,
        Role.PSCD,
        Role.ORIGINATING_UNIT,
        Role.TRAINING,
        Role.ADMIN,
    )


def can_moderate_comments(user: Any) -> bool:
    return has_role(user, Role.RD, Role.OEE, Role.ADMIN)


def can_enter_comments(user: Any) -> bool:
    """VI-C-3: feedback received by a unit (email, paper, meetings) is entered and joins the
    posting; R&D and OEE enter it, and the originating unit may submit what it received."""
    return has_role(user, Role.RD, Role.OEE, Role.ORIGINATING_UNIT, Role.ADMIN)


def can_compile(user: Any) -> bool:
    return has_role(user, Role.RD, Role.ADMIN)
