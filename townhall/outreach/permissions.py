"""Who may do what in outreach (seed 002 V-D-2, VI-B-2, VI-B-6, VII-A-2, VII-B-4, VII-C).

Contact details are personal information: only OEE, which keeps in touch with the groups
(V-D-2, VI-B-6), and administrators see them. Others who plan outreach see organisations and
audience counts, never a person's address.
"""

from __future__ import annotations

from typing import Any

from townhall.accounts.models import Role
from townhall.accounts.selectors import has_role, is_staff_member
from townhall.engagements.permissions import DETERMINERS


def can_view_outreach(user: Any) -> bool:
    return is_staff_member(user)


def can_see_contacts(user: Any) -> bool:
    """Names, addresses, phone numbers and the contact log: OEE and administrators only."""
    return has_role(user, Role.OEE, Role.ADMIN)


def can_edit_directory(user: Any) -> bool:
    """VI-B-2: OEE identifies the groups, organisations and stakeholders."""
    return has_role(user, Role.OEE, Role.ADMIN)


def can_view_directory(user: Any) -> bool:
    """Organisations (not their people): everyone who plans outreach with OEE (VII-B-4)."""
    return has_role(user, Role.OEE, Role.RD, Role.COMMUNICATIONS, *DETERMINERS, Role.ADMIN)


def can_manage_audiences(user: Any) -> bool:
    """VII-B-4: R&D coordinates the target audiences with OEE and Communications."""
    return has_role(user, Role.OEE, Role.RD, Role.COMMUNICATIONS, Role.ADMIN)


def can_announce(user: Any) -> bool:
    """VII-C: R&D announces internally (C-1), Communications on social media (C-2), OEE to
    the target audiences (C-3)."""
    return has_role(user, Role.OEE, Role.RD, Role.COMMUNICATIONS, Role.ADMIN)


def can_record_social_post(user: Any) -> bool:
    """VII-C-2: the Communications Division posts on the Department's accounts."""
    return has_role(user, Role.COMMUNICATIONS, Role.ADMIN)


def can_view_subscribers(user: Any) -> bool:
    """Counts and suppressions; subscribers' addresses are personal information, like
    contacts'."""
    return has_role(user, Role.OEE, Role.ADMIN)


def can_triage_dialogues(user: Any) -> bool:
    """V-C-10-b: OEE answers requests for a dialogue (VI-B-3 conducts the engagements)."""
    return has_role(user, Role.OEE, Role.ADMIN)


def can_view_dialogues(user: Any) -> bool:
    return has_role(user, Role.OEE, *DETERMINERS, Role.ADMIN)


def can_review_inputs(user: Any) -> bool:
    """VII-A-2-b: R&D regularly reviews the feedback submitted on directives."""
    return has_role(user, Role.RD, Role.ADMIN)


def can_view_inputs(user: Any) -> bool:
    """R&D reviews; OCPR and OEE consult with it (VII-A-2-a)."""
    return has_role(user, Role.RD, Role.OEE, *DETERMINERS, Role.ADMIN)
