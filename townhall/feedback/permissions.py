"""Who may do what with the feedback pool and its analysis (V-D-3, VI-B-5, VII-D-5).

Reading comments is `postings.permissions.can_read_comments`; these policies cover the
analysis on top of it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role
from townhall.core.errors import NotAllowed
from townhall.postings.permissions import can_read_comments

__all__ = ["can_read_analysis", "can_review_feedback", "check_reviewer"]


def can_read_analysis(user: Any) -> bool:
    """Everyone who reads the comments may read what the analysis made of them."""
    return can_read_comments(user)


def can_review_feedback(user: Any) -> bool:
    """V-D-3 and VI-B-5: OEE analyses the feedback and reviews it with the originating unit;
    R&D revises the directive from it. They run the analysis and decide on themes."""
    return has_role(user, Role.OEE, Role.ORIGINATING_UNIT, Role.RD, Role.ADMIN)


def check_reviewer(actor: Any) -> None:
    """For the services: refuse, with the reason, anyone `can_review_feedback` refuses."""
    if not can_review_feedback(actor):
        raise NotAllowed(_("Your role cannot review themes."))
