"""Template helpers of outreach: whether the person may announce or build audiences (for the
links on other apps' staff pages), and an address masked for those who may not see contacts."""

from __future__ import annotations

from typing import Any

from django import template

from townhall.outreach import permissions
from townhall.outreach.announcement_selectors import mask_email

register = template.Library()


@register.simple_tag
def may_announce(user: Any) -> bool:
    """VII-C: R&D, OEE, Communications and administrators announce."""
    return permissions.can_announce(user)


@register.simple_tag
def may_build_audiences(user: Any) -> bool:
    """VII-B-4: R&D, OEE, Communications and administrators agree the target audiences."""
    return permissions.can_manage_audiences(user)


@register.filter
def masked(email: str) -> str:
    """ "aisha@example.org" -> "a•••@example.org"."""
    return mask_email(str(email or ""))
