"""Who may read the audit trail and use the staff area."""

from __future__ import annotations

from typing import Any

from townhall.accounts.selectors import is_staff_member


def can_read_audit(user: Any) -> bool:
    return is_staff_member(user)
