"""Who may do what in the directive registry. Reading is public; writing drafts is R&D's."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role


def can_manage_drafts(user: Any) -> bool:
    """VI-D-3-b: the Research and Development Division drafts, reviews and publishes."""
    return has_role(user, Role.RD, Role.ADMIN)
