"""Numbers, dates, labels and words as the section shows them, in the active language."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import NoReverseMatch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from townhall.bodies.models import Response as BodyResponse
from townhall.core.mail import absolute_url
from townhall.engagements.models import Level
from townhall.feedback.analysis_models import Disposition
from townhall.reports import evaluation
from townhall.reports.build import MIN_CELL
from townhall.reports.numbers import number as _n
from townhall.reports.numbers import percent as _pct


def _of(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return _("%(part)s of %(whole)s") % {"part": _n(part), "whole": _n(whole)}


def _day(iso: str | None) -> str:
    if not iso:
        return "—"
    return date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def _label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code) if code not in (None, "") else "—"


def _subject_text(subject: dict[str, Any]) -> str:
    if subject["kind"] == "directive":
        return _("Directive %(number)s, %(title)s") % subject
    if subject["kind"] == "training":
        return _("Training: %(title)s") % subject
    return _("Other subject: %(title)s") % subject


_KIND_WORDS = {
    "theme": lambda: _("Theme"),
    "recommendation": lambda: _("Recommendation"),
    "body_recommendation": lambda: _("Recommendation of a standing body"),
}
_CHANGE_WORDS = {
    "changed": lambda: _("Changed"),
    "added": lambda: _("Added"),
    "removed": lambda: _("Removed"),
    "moved": lambda: _("Moved"),
}
_REASON_WORDS = {
    "activities": lambda: _("activities took place"),
    "posting": lambda: _("open for comment"),
    "report": lambda: _("report published"),
}
_COMPARISON_WORDS = {
    "above": lambda: _("above the recommendation"),
    "same": lambda: _("as recommended"),
    "below": lambda: _("below the recommendation"),
}
_RULE_WORDS = {
    evaluation.KEPT: lambda: _("kept"),
    evaluation.BROKEN: lambda: _("broken"),
    evaluation.NOT_APPLICABLE: lambda: _("not applicable"),
}


def _words(table: dict[str, Any], code: str) -> str:
    make = table.get(code)
    return str(make()) if make else code


def _disposition(kind: str, code: str) -> str:
    if kind == "body_recommendation":
        return _label(BodyResponse.Disposition, code)
    return _label(Disposition, code)


def _report_url(engagement_id: int) -> str:
    try:
        return absolute_url("reports:detail", engagement_pk=engagement_id)
    except NoReverseMatch:
        return ""


def _level_text(level: int | None) -> str:
    return _label(Level, level) if level is not None else _("Not determined")


def _rule_text(rule: dict[str, Any]) -> str:
    word = _words(_RULE_WORDS, rule["status"])
    if rule["status"] == evaluation.NOT_APPLICABLE:
        return word
    return _("%(word)s (kept %(kept)s, broken %(broken)s)") % {
        "word": word,
        "kept": _n(rule["kept"]),
        "broken": _n(rule["broken"]),
    }


def _satisfaction(s: dict[str, Any]) -> str:
    if s["mean"] is None:
        return _("hidden (too few answers)") if s["responses"] is None else "—"
    if s.get("scale_max"):
        return _("%(mean)s out of %(top)s") % {"mean": _n(s["mean"], 2), "top": _n(s["scale_max"])}
    return _n(s["mean"], 2)


def _representativeness(index: float | None, answered: int) -> str:
    if index is None:
        return _(
            "not computed: %(answered)s people gave their race or ethnicity, more than %(n)s "
            "are needed"
        ) % {"answered": _n(answered), "n": MIN_CELL}
    return _("%(index)s (from 0 to 1; %(answered)s people gave their race or ethnicity)") % {
        "index": _n(index, 2),
        "answered": _n(answered),
    }


def _share_of(d: dict[str, Any]) -> str:
    if not d["total"]:
        return "—"
    return _("%(share)s (%(decided)s of %(total)s)") % {
        "share": _pct(d["share"]),
        "decided": _n(d["decided"]),
        "total": _n(d["total"]),
    }
