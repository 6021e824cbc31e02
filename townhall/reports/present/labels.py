"""The labels of the report's codes in the reader's language, and the formatting of its
numbers, dates and links."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.bodies.models import Response as BodyResponse
from townhall.core.demographics import Race
from townhall.core.districts import district as district_of
from townhall.engagements.models import ExternalComment, Level
from townhall.feedback.analysis_models import Disposition
from townhall.reports.models import SECTIONS

# --- Labels ---------------------------------------------------------------------------------


def section_titles() -> dict[str, str]:
    """The sections' headings in the active language, in the report's order."""
    return {key: str(label) for key, label in SECTIONS}


def _step_label(step: int) -> str:
    return {
        1: _("Step 1: outreach (V-B)"),
        2: _("Step 2: engagement (V-C)"),
        3: _("Step 3: follow-up (V-D)"),
    }.get(step, str(step))


def _choice_label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _level_label(level: Any) -> str:
    if level in (None, ""):
        return _("Not determined")
    return _choice_label(Level, int(level))


def _factor_label(key: str) -> str:
    labels = {
        "new": _("The policy or training is new (IV-B-1)"),
        "populations": _("Specific populations it affects significantly (IV-B-2)"),
        "prior_engagement": _(
            "Prior engagement, community input or transparency on the topic (IV-B-3)"
        ),
        "national_attention": _("National attention or expanded interest (IV-B-5)"),
        "command_request": _("Command staff requested engagement (IV-B-6)"),
        "community_request": _(
            "The community requests revisions, discussions or to lead or co-produce the "
            "engagement (IV-B-7)"
        ),
        "consent_decree": _("Review required by the consent decree (IV-B-8)"),
    }
    if key in labels:
        return labels[key]
    try:
        entity = str(ExternalComment.Entity(key).label)
    except ValueError:
        return key
    return _("Earlier comments from: %(entity)s (IV-B-4)") % {"entity": entity}


def _disposition_label(kind: str, code: str) -> str:
    if kind == "body_recommendation":
        if not code:
            return _("No published response yet")
        return _choice_label(BodyResponse.Disposition, code)
    return _choice_label(Disposition, code)


def _kind_label(kind: str) -> str:
    return {
        "theme": _("Theme"),
        "recommendation": _("Recommendation from the analysis"),
        "body_recommendation": _("Recommendation of an advisory body"),
    }.get(kind, kind)


def _anchor_id(kind: str, pk: Any) -> str:
    prefix = {"theme": "theme", "recommendation": "rec", "body_recommendation": "bodyrec"}
    return f"{prefix.get(kind, kind)}-{pk}"


def _race_label(code: str) -> str:
    return _choice_label(Race, code)


def _age_label(code: str) -> str:
    return {
        "under_20": _("Under 20"),
        "20_34": _("20 to 34"),
        "35_64": _("35 to 64"),
        "65_up": _("65 or older"),
    }.get(code, code)


def _district_label(code: str) -> str:
    try:
        d = district_of(int(code))
    except (TypeError, ValueError):
        d = None
    if d is None:
        return str(code)
    return _("District %(number)s (%(name)s)") % {"number": d.number, "name": d.name}


def _stance_label(key: str) -> str:
    return {
        "supports": _("supports"),
        "opposes": _("opposes"),
        "suggests": _("suggests a change"),
        "unclear": _("unclear"),
    }.get(key, key)


def _measure_text(key: str, n: int) -> str:
    value = number_format(n)
    texts = {
        "comments": ngettext("%(n)s comment", "%(n)s comments", n),
        "meetings": ngettext("%(n)s meeting", "%(n)s meetings", n),
        "attendance": ngettext("%(n)s person attended", "%(n)s people attended", n),
        "survey_responses": ngettext("%(n)s survey response", "%(n)s survey responses", n),
        "members": ngettext("%(n)s member", "%(n)s members", n),
        "recommendations": ngettext(
            "%(n)s recommendation forwarded", "%(n)s recommendations forwarded", n
        ),
    }
    return texts.get(key, f"{key}: %(n)s") % {"n": value}


def _measure_label(key: str) -> str:
    return {
        "comments": _("Comments"),
        "meetings": _("Meetings"),
        "attendance": _("Attendance"),
        "survey_responses": _("Survey responses"),
        "members": _("Members"),
        "recommendations": _("Recommendations forwarded"),
    }.get(key, key)


MEASURES = ("comments", "meetings", "attendance", "survey_responses", "members", "recommendations")


def _day(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _date_text(value: str | None) -> str:
    day = _day(value)
    return date_format(day, "DATE_FORMAT") if day else ""


def _num(value: Any) -> str:
    return "" if value is None else number_format(value)


def _pct(value: Any) -> str:
    if value is None:
        return ""
    return _("%(percent)s%%") % {"percent": number_format(round(float(value), 1), decimal_pos=1)}


def _hidden_words(min_cell: int) -> str:
    return _("hidden: fewer than %(n)d") % {"n": min_cell + 1}


def _version_url(subject: Mapping[str, Any], version_id: Any, anchor: str = "") -> str:
    if subject.get("kind") != "directive" or not version_id or not subject.get("number"):
        return ""
    try:
        url = reverse(
            "directives:version", kwargs={"number": subject["number"], "pk": int(version_id)}
        )
    except (NoReverseMatch, TypeError, ValueError):
        return ""
    return f"{url}#s-{anchor}" if anchor else url
