"""Who may manage accounts and roles."""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role


def can_manage_roles(user: Any) -> bool:
    return has_role(user, Role.ADMIN)
