"""Figures as the staff pages, the Annual Report section and its PDF and DOCX write them, in
the active language: grouped digits, a fixed number of decimals, "—" where there is none."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

__all__ = ["number", "percent"]


def number(value: int | float | None, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if decimals is None:
        return number_format(value, force_grouping=True)
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def percent(share: float | None) -> str:
    """A share (0.25) as a percentage ("25.0%")."""
    if share is None:
        return "—"
    return _("%(percent)s%%") % {"percent": number_format(round(share * 100, 1), decimal_pos=1)}
