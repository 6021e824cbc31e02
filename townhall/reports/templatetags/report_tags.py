"""Template helpers of reports: whether the person may open the reports, the evaluation, the
annual report section and the records exports (for the links on the staff dashboard)."""

from __future__ import annotations

from typing import Any

from django import template

from townhall.reports import permissions

register = template.Library()


@register.simple_tag
def may_view_reports(user: Any) -> bool:
    """V-D-3: every staff member reads the "what we heard" reports."""
    return permissions.can_view_reports(user)


@register.simple_tag
def may_view_evaluation(user: Any) -> bool:
    """VI-B-1, VIII-A: OEE, OCPR, R&D, the Training Division, PSCD and administrators."""
    return permissions.can_view_evaluation(user)


@register.simple_tag
def may_view_annual(user: Any) -> bool:
    """VI-B-7, VIII-B: OEE, OCPR, Communications and administrators."""
    return permissions.can_view_annual(user)


@register.simple_tag
def may_export_records(user: Any) -> bool:
    """OEE, R&D, PSCD and administrators: the exports hold hidden comments and addresses."""
    return permissions.can_export_records(user)
