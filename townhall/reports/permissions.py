"""Who may do what with reports, evaluations and records (seed 002 V-D-3, VI-B-1, VI-B-7,
VII-D-5, VIII).

- The "what we heard" report is prepared by OEE with R&D (VII-D-5: R&D develops the overview
  of the feedback in consultation with OEE), the Training Division for a training, or the
  engagement's own originating unit.
- It is approved before it is public by the unit responsible for the directive or training:
  R&D for a directive (VI-D-2), the Training Division for a training (VI-E-2), otherwise
  OCPR, which determined the engagement (IV-D). Never by the person who sent it for approval.
- OEE evaluates the engagements (VI-B-1) and the Chief of OCPR ensures the reviews and the
  annual report (VIII-A, VIII-B): they, R&D, the Training Division and PSCD read the
  evaluation.
- A records export holds hidden comments and people's addresses: OEE, which keeps the
  feedback (VI-B-4), R&D, which keeps the comments (VII-D), PSCD (compliance, the monitor)
  and administrators.
"""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member
from townhall.engagements.permissions import DETERMINERS, is_its_originating_unit

EVALUATORS = (Role.OEE, *DETERMINERS, Role.RD, Role.TRAINING, Role.PSCD, Role.ADMIN)
RECORDS_KEEPERS = (Role.OEE, Role.RD, Role.PSCD, Role.ADMIN)
ANNUAL_EDITORS = (Role.OEE, *DETERMINERS, Role.COMMUNICATIONS, Role.ADMIN)


def can_view_reports(user: Any) -> bool:
    return is_staff_member(user)


def can_prepare_report(user: Any, engagement: Any) -> bool:
    """VII-D-5, V-D-3: OEE and R&D (the Training Division for a training); the engagement's
    own originating unit."""
    if has_role(user, Role.OEE, Role.RD, Role.TRAINING, Role.ADMIN):
        return True
    return has_role(user, Role.ORIGINATING_UNIT) and is_its_originating_unit(user, engagement)


def responsible_roles(engagement: Any) -> tuple[str, ...]:
    """The unit that approves the report: R&D for a directive (VI-D-2), the Training Division
    for a training (VI-E-2), otherwise OCPR (IV-D)."""
    if engagement.directive_id:
        return (Role.RD,)
    if engagement.training_id:
        return (Role.TRAINING,)
    return DETERMINERS


def can_approve_report(user: Any, engagement: Any) -> bool:
    return has_role(user, *responsible_roles(engagement), Role.ADMIN)


def can_view_evaluation(user: Any) -> bool:
    """VI-B-1, VIII-A."""
    return has_role(user, *EVALUATORS)


def can_view_annual(user: Any) -> bool:
    """VI-B-7, VIII-B: OEE writes the section, OCPR ensures it, Communications edits the
    Annual Report."""
    return has_role(user, *ANNUAL_EDITORS)


def can_export_records(user: Any) -> bool:
    return has_role(user, *RECORDS_KEEPERS)
