"""The whole report: the context of `reports/_report_body.html` in one language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from townhall.reports.models import SECTIONS
from townhall.reports.present.demographics import _demographics
from townhall.reports.present.engagement import _activities, _engagement, _participation
from townhall.reports.present.narrative import Section, _narrative
from townhall.reports.present.outcomes import _follow_up, _outcomes
from townhall.reports.present.revisions import _change_ids, _revisions
from townhall.reports.present.themes import _body_recs, _campaigns, _themes, _themes_chart

# --- The whole report -----------------------------------------------------------------------


def _direction(language: str) -> str:
    return "rtl" if language in settings.LANGUAGES_BIDI else "ltr"


def report_context(
    *, data: dict[str, Any], narrative: dict[str, Any], language: str
) -> dict[str, Any]:
    """Everything `reports/_report_body.html` shows, in `language`: the labels translated, the
    narrative rendered (or the English, marked), the charts and tables, the redline rows."""
    data = data or {}
    narrative = narrative or {}
    with translation.override(language):
        rtl = _direction(language) == "rtl"
        e = data.get("engagement") or {}
        subject = e.get("subject") or {}
        change_ids = _change_ids(data)
        sections = {
            key: Section(key=key, title=str(label), narrative=_narrative(narrative, key, language))
            for key, label in SECTIONS
        }
        themes = _themes(data, subject, change_ids)
        activities = _activities(data.get("activities") or [])
        return {
            "language": language,
            "direction": _direction(language),
            "rtl": rtl,
            "has_data": bool(data),
            "sections": sections,
            "section_list": list(sections.values()),
            "not_translated": _("This part is not yet translated; it is shown in English."),
            "engagement": _engagement(e),
            "activities": activities,
            "participation": _participation(data),
            "demographics": _demographics(data, rtl),
            "campaigns": _campaigns(data),
            "themes": themes,
            "themes_chart": _themes_chart(themes, rtl),
            "themes_with_recommendations": [t for t in themes if t.recommendations],
            "body_recommendations": _body_recs(data, subject, change_ids),
            "revisions": _revisions(data, subject, language),
            "not_adopted": _outcomes(data.get("not_adopted") or []),
            "future": _outcomes(data.get("future") or []),
            "follow_up": _follow_up(data),
        }
