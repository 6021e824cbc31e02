"""The engagement, its activities and the participation in them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from townhall.engagements.models import Activity
from townhall.reports.present.labels import (
    MEASURES,
    _choice_label,
    _date_text,
    _district_label,
    _factor_label,
    _level_label,
    _measure_text,
    _num,
    _step_label,
)

# --- The engagement -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    label: str
    item: str
    points: int


@dataclass(frozen=True)
class EngagementView:
    title: str
    subject_kind: str
    subject: str  # "Directive S04-01-02: School Resource Officers ..." in the reader's words
    subject_title: str
    subject_number: str
    originating_unit: str
    level: str
    recommended_level: str
    comparison: str  # how the determination compares with the recommendation (IV-C)
    below: bool
    level_reason: str
    reasons: tuple[Reason, ...]
    determined_on: str


def _engagement(e: Mapping[str, Any]) -> EngagementView:
    subject = e.get("subject") or {}
    kind = str(subject.get("kind") or "other")
    title = str(subject.get("title") or "")
    number = str(subject.get("number") or "")
    if kind == "directive":
        subject_text = _("Directive %(number)s") % {"number": number}
    elif kind == "training":
        subject_text = _("Training")
    else:
        subject_text = _("Other subject")
    level, recommended = e.get("level"), e.get("recommended_level")
    below = False
    if level is None or recommended is None:
        comparison = ""
    elif int(level) == int(recommended):
        comparison = _("The level determined is the level the rule recommended (IV-D).")
    elif int(level) > int(recommended):
        comparison = _(
            "The level determined is above the level the rule recommended: IV-C encourages "
            "going beyond the minimum."
        )
    else:
        below = True
        comparison = _(
            "The level determined is below the level the rule recommended, which IV-C allows "
            "only with a written reason."
        )
    reasons = tuple(
        Reason(
            label=_factor_label(str(r.get("factor", ""))),
            item=str(r.get("item", "")),
            points=int(r.get("points") or 0),
        )
        for r in e.get("recommended_reasons") or []
        if isinstance(r, Mapping)
    )
    return EngagementView(
        title=str(e.get("title") or ""),
        subject_kind=kind,
        subject=subject_text,
        subject_title=title,
        subject_number=number,
        originating_unit=str(e.get("originating_unit") or ""),
        level=_level_label(level),
        recommended_level=_level_label(recommended),
        comparison=comparison,
        below=below,
        level_reason=str(e.get("level_reason") or ""),
        reasons=reasons,
        determined_on=_date_text(e.get("determined_on")),
    )


# --- Activities and participation -----------------------------------------------------------


@dataclass(frozen=True)
class ActivityView:
    id: Any
    method: str
    step: str
    title: str
    starts_on: str
    ends_on: str
    status: str
    cancel_reason: str
    districts: str
    participants: str
    measured: tuple[str, ...]


def _districts_text(numbers: Iterable[Any]) -> str:
    labels = [_district_label(str(n)) for n in numbers]
    return ", ".join(labels) if labels else _("Citywide")


def _activities(rows: Sequence[Mapping[str, Any]]) -> list[ActivityView]:
    out = []
    for a in rows:
        measured = a.get("measured") or {}
        out.append(
            ActivityView(
                id=a.get("id"),
                method=_choice_label(Activity.Method, a.get("method")),
                step=_step_label(int(a.get("step") or 0)),
                title=str(a.get("title") or ""),
                starts_on=_date_text(a.get("starts_on")),
                ends_on=_date_text(a.get("ends_on")),
                status=_choice_label(Activity.Status, a.get("status")),
                cancel_reason=str(a.get("cancel_reason") or ""),
                districts=_districts_text(a.get("districts") or []),
                participants=_num(a.get("participants")),
                measured=tuple(
                    _measure_text(k, int(measured[k])) for k in MEASURES if k in measured
                ),
            )
        )
    return out


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    raw: Any = None


def _participation(data: Mapping[str, Any]) -> list[Fact]:
    p = data.get("participation") or {}
    postings = data.get("postings") or []
    external = sum(int(x.get("comments_external") or 0) for x in postings)
    internal = sum(int(x.get("comments_internal") or 0) for x in postings)
    rows = [
        (_("Comments from the public"), external),
        (_("Comments from Department members"), internal),
        (_("People who commented"), p.get("commenters")),
        (_("Unique comments"), p.get("unique_comments")),
        (_("Copies of campaigns, counted apart"), p.get("campaign_copies")),
        (_("Campaigns"), p.get("campaigns")),
        (_("Meetings"), p.get("meetings")),
        (_("Attendance at meetings"), p.get("attendance")),
        (_("Survey responses"), p.get("survey_responses")),
        (_("Members of advisory bodies"), p.get("members")),
        (_("Participants in all activities"), p.get("participants")),
    ]
    return [Fact(label=label, value=_num(v or 0), raw=int(v or 0)) for label, v in rows]
