"""The annual report section (seed 002 VI-B-7: OEE includes in the CPD Annual Report "a
description and review of the Department's community engagement activities during the previous
calendar year"; VIII-B: the Chief of OCPR ensures it).

`gather(year)` collects the section from the record, never typed, as plain JSON (codes,
numbers, ISO dates, and people's own words as published), like build.py does for one report:

- the engagements active in the year: one of its activities took place in the year, one of its
  postings was open for comment in the year, or a version of its report was published in the
  year; engagements still being assessed are left out;
- for each: subject, level, status, the methods of its activities in the year (an undated
  activity is counted with its engagement), participation (evaluation's participants and unique
  commenters; the breakdown as the published report gives it), what changed as a result (from
  the latest published report version: the revisions' summary and changed items, the themes and
  recommendations adopted in whole or in part, and how many were not adopted or are considered
  for the future) and the evaluation measures (evaluation.py);
- the year's totals, and the data of the two charts: participants by engagement, and the
  methods used (activities and engagements per method).

A published report version is read as it was published: no report is rebuilt here, so a year
with many engagements stays fast. `present(data)` turns the data into what the page, the PDF and
the DOCX show, in the active language. Nothing here writes.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, OuterRef, Subquery
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.bodies.models import Response as BodyResponse
from townhall.core.mail import absolute_url
from townhall.engagements.models import Activity, Engagement, Level
from townhall.feedback.analysis_models import Disposition
from townhall.meetings.models import Meeting
from townhall.postings.models import Posting
from townhall.reports import evaluation
from townhall.reports.build import CHANGED, MIN_CELL, dispositions_count
from townhall.reports.models import Report, ReportVersion
from townhall.surveys import charts
from townhall.surveys.models import Survey

__all__ = [
    "FIRST_YEAR",
    "ChartView",
    "EngagementView",
    "Fact",
    "SectionView",
    "gather",
    "last_year",
    "present",
    "year_allowed",
    "years",
]

#: The section is made for calendar years from FIRST_YEAR to next year.
FIRST_YEAR = 2000
#: The changed items listed per engagement; the rest are counted.
CHANGES_LISTED = 25
#: The bars a chart draws at most, so that it fits on a printed page; its table has every row.
CHART_BARS = 12
#: Postings that were really put up for comment.
_POSTED = (Posting.Status.OPEN, Posting.Status.CLOSED, Posting.Status.COMPILED)
_SUBJECTS = ("directive", "training", "other")


def last_year() -> int:
    return timezone.localdate().year + 1


def year_allowed(year: int) -> bool:
    return FIRST_YEAR <= year <= last_year()


# --- When things happened ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: datetime.date
    end: datetime.date

    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def meets(self, year: int) -> bool:
        return self.start.year <= year <= self.end.year


@dataclass
class _Activity:
    id: int
    method: str
    step: int
    status: str
    span: _Span | None  # None: undated


@dataclass
class _Record:
    """One engagement's dated record: its activities, its postings' comment periods and the
    days its report versions were published."""

    activities: list[_Activity] = field(default_factory=list)
    postings: list[_Span] = field(default_factory=list)
    published: list[datetime.date] = field(default_factory=list)

    def reasons(self, year: int) -> list[str]:
        out = []
        if any(a.span is not None and a.span.meets(year) for a in self.activities):
            out.append("activities")
        if any(s.meets(year) for s in self.postings):
            out.append("posting")
        if any(d.year == year for d in self.published):
            out.append("report")
        return out

    def years(self) -> set[int]:
        found: set[int] = set()
        for a in self.activities:
            if a.span is not None:
                found.update(a.span.years())
        for s in self.postings:
            found.update(s.years())
        found.update(d.year for d in self.published)
        return found


def _local(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value else None


def _span(start: datetime.date | None, end: datetime.date | None) -> _Span | None:
    if start is None and end is None:
        return None
    first = start or end
    last = end or start
    assert first is not None and last is not None
    return _Span(min(first, last), max(first, last))


def _join(spans: Iterable[_Span | None]) -> _Span | None:
    found = [s for s in spans if s is not None]
    if not found:
        return None
    return _Span(min(s.start for s in found), max(s.end for s in found))


def _records(engagement_ids: Sequence[int] | None = None) -> dict[int, _Record]:
    """The dated record of every engagement whose level is determined (or of those given).
    An activity's dates are its own; without them, those of its posting's comment period, its
    meetings and its surveys; without any, it is undated. A period still open runs to today."""
    today = timezone.localdate()
    engagements = Engagement.objects.exclude(status=Engagement.Status.ASSESSING)
    if engagement_ids is not None:
        engagements = engagements.filter(pk__in=engagement_ids)
    records: dict[int, _Record] = {pk: _Record() for pk in engagements.values_list("pk", flat=True)}
    rows = list(
        Activity.objects.filter(engagement_id__in=list(records))
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("step", "starts_on", "id")
        .values(
            "id", "engagement_id", "method", "step", "status", "starts_on", "ends_on", "posting_id"
        )
    )
    activity_ids = [r["id"] for r in rows]
    postings: dict[int, _Span | None] = {}
    for pk, opens, closes in Posting.objects.filter(
        pk__in={r["posting_id"] for r in rows if r["posting_id"]}, status__in=_POSTED
    ).values_list("pk", "opens_at", "closes_at"):
        start = _local(opens)
        postings[pk] = _Span(start, max(start, _local(closes) or today)) if start else None
    meetings = {
        r["activity_id"]: _span(_local(r["first"]), _local(r["last"]))
        for r in Meeting.objects.filter(activity_id__in=activity_ids)
        .exclude(status__in=(Meeting.Status.DRAFT, Meeting.Status.CANCELLED))
        .values("activity_id")
        .annotate(first=Min("starts_at"), last=Max("starts_at"))
    }
    surveys: dict[int, list[_Span | None]] = defaultdict(list)
    for activity_id, status, opens, closes in (
        Survey.objects.filter(activity_id__in=activity_ids)
        .exclude(status=Survey.Status.DRAFT)
        .values_list("activity_id", "status", "opens_at", "closes_at")
    ):
        end = _local(closes) if status == Survey.Status.CLOSED else today
        surveys[activity_id].append(_span(_local(opens), end if opens else None))
    for r in rows:
        span = _span(r["starts_on"], r["ends_on"])
        if span is None:
            span = _join(
                [
                    postings.get(r["posting_id"]) if r["posting_id"] else None,
                    meetings.get(r["id"]),
                    *surveys.get(r["id"], []),
                ]
            )
        record = records[r["engagement_id"]]
        record.activities.append(
            _Activity(id=r["id"], method=r["method"], step=r["step"], status=r["status"], span=span)
        )
        posting = postings.get(r["posting_id"]) if r["posting_id"] else None
        if posting is not None and posting not in record.postings:
            record.postings.append(posting)
    for engagement_id, published_at in ReportVersion.objects.filter(
        report__engagement_id__in=list(records)
    ).values_list("report__engagement_id", "published_at"):
        records[engagement_id].published.append(timezone.localdate(published_at))
    return records


def years() -> list[tuple[int, int]]:
    """The years that have an engagement, newest first, each with how many engagements were
    active in it (within FIRST_YEAR to next year)."""
    counts: Counter[int] = Counter()
    for record in _records().values():
        counts.update(y for y in record.years() if year_allowed(y))
    return sorted(counts.items(), reverse=True)


# --- The section's data ----------------------------------------------------------------------


def _subject(e: Engagement) -> dict[str, Any]:
    if e.directive is not None:
        return {"kind": "directive", "number": e.directive.number, "title": e.directive.title}
    if e.training is not None:
        return {"kind": "training", "number": "", "title": e.training.title}
    return {"kind": "other", "number": "", "title": e.other_subject}


def _outcome(kind: str, label: str, d: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "label": label, "disposition": d["disposition"], "reason": d["reason"]}


def _adopted(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The themes and recommendations adopted in whole or in part (VII-D-5), as published."""
    out: list[dict[str, Any]] = []
    for t in data.get("themes", []):
        if t["disposition"] in CHANGED:
            out.append(_outcome("theme", t["label"], t))
        for r in t["recommendations"]:
            if r["disposition"] in CHANGED:
                out.append(_outcome("recommendation", r["text"], r))
    for r in data.get("body_recommendations", []):
        if r["disposition"] in CHANGED:
            out.append(_outcome("body_recommendation", f"{r['body']} {r['code']}: {r['title']}", r))
    return out


def _revisions(revisions: dict[str, Any] | None) -> dict[str, Any] | None:
    if not revisions:
        return None
    changes = [
        {
            "kind": c["kind"],
            "item": c["new_anchor"] or c["old_anchor"],
            "heading": c["heading"] or "",
            "because": [ref["label"] for ref in c["because"]],
        }
        for c in revisions["changes"]
    ]
    return {
        "posted": revisions["posted"],
        "final": revisions["final"],
        "summary": revisions["summary"],
        "changes": changes[:CHANGES_LISTED],
        "more_changes": max(0, len(changes) - CHANGES_LISTED),
    }


def _report_part(version: dict[str, Any]) -> dict[str, Any]:
    data = version["data"]
    counts = dispositions_count(data)
    return {
        "number": version["number"],
        "published_on": timezone.localdate(version["published_at"]).isoformat(),
        "participation": data.get("participation", {}),
        "revisions": _revisions(data.get("revisions")),
        "adopted": _adopted(data),
        "not_adopted": len(data.get("not_adopted", [])),
        "future": len(data.get("future", [])),
        "changed": sum(n for code, n in counts.items() if code in CHANGED),
        "decided": sum(n for code, n in counts.items() if code),
        "themes_and_recommendations": sum(counts.values()),
    }


def _latest_versions(engagement_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    newest = ReportVersion.objects.filter(report=OuterRef("report")).order_by("-number")
    return {
        row["report__engagement_id"]: dict(row)
        for row in ReportVersion.objects.filter(
            report__engagement_id__in=engagement_ids,
            number=Subquery(newest.values("number")[:1]),
        ).values("report__engagement_id", "number", "published_at", "data")
    }


def _measures(year: int, engagements: Sequence[Engagement]) -> dict[int, dict[str, Any]]:
    """Evaluation's measures of each engagement: those the year's period measures hold, the
    others one by one (an engagement listed here only for a report published in the year)."""
    wanted = {e.pk for e in engagements}
    found = {
        row["engagement"]["id"]: row
        for row in evaluation.period_measures(year=year)["rows"]
        if row["engagement"]["id"] in wanted
    }
    for e in engagements:
        if e.pk not in found:
            found[e.pk] = evaluation.engagement_measures(e)
    return {pk: {k: v for k, v in row.items() if k != "active"} for pk, row in found.items()}


def _span_in(span: _Span | None, year: int) -> bool:
    return span is None or span.meets(year)


def gather(year: int) -> dict[str, Any]:
    """The annual section of the calendar `year` (see the module docstring)."""
    records = _records()
    reasons = {pk: r.reasons(year) for pk, r in records.items()}
    engagements = list(
        Engagement.objects.filter(pk__in=[pk for pk, why in reasons.items() if why])
        .select_related("directive", "training")
        .order_by("title", "id")
    )
    ids = [e.pk for e in engagements]
    versions = _latest_versions(ids)
    statuses = dict(
        Report.objects.filter(engagement_id__in=ids).values_list("engagement_id", "status")
    )
    measures = _measures(year, engagements)
    published_in_year = sum(1 for pk in ids for day in records[pk].published if day.year == year)

    rows: list[dict[str, Any]] = []
    method_activities: Counter[str] = Counter()
    method_engagements: Counter[str] = Counter()
    for e in engagements:
        record = records[e.pk]
        activities = [a for a in record.activities if _span_in(a.span, year)]
        methods = Counter(a.method for a in activities)
        method_activities.update(methods)
        method_engagements.update(set(methods))
        dated = [a.span for a in activities if a.span is not None]
        m = measures[e.pk]
        version = versions.get(e.pk)
        rows.append(
            {
                "id": e.pk,
                "title": e.title,
                "subject": _subject(e),
                "status": e.status,
                "level": e.level,
                "recommended_level": e.recommended_level,
                "originating_unit": e.originating_unit,
                "because": reasons[e.pk],
                "dates": {
                    "first": max(min(s.start for s in dated), datetime.date(year, 1, 1)).isoformat()
                    if dated
                    else None,
                    "last": min(max(s.end for s in dated), datetime.date(year, 12, 31)).isoformat()
                    if dated
                    else None,
                },
                "activities": len(activities),
                "undated": sum(1 for a in activities if a.span is None),
                "methods": [
                    {"method": code, "activities": methods[code]}
                    for code in Activity.Method.values
                    if code in methods
                ],
                "participation": {
                    "participants": int(m["participation"]["participants"]),
                    "commenters": int(m["participation"]["commenters"]),
                },
                "report": _report_part(version) if version else None,
                "report_status": str(statuses.get(e.pk, "")),
                "measures": m,
            }
        )

    reported = [r["report"] for r in rows if r["report"]]
    by_level: Counter[str] = Counter(str(r["level"] or "") for r in rows)
    return {
        "year": year,
        "min_cell": MIN_CELL,
        "engagements": rows,
        "methods": [
            {
                "method": code,
                "activities": method_activities[code],
                "engagements": method_engagements[code],
            }
            for code in Activity.Method.values
            if code in method_activities
        ],
        "totals": {
            "engagements": len(rows),
            "by_subject": {
                kind: sum(1 for r in rows if r["subject"]["kind"] == kind) for kind in _SUBJECTS
            },
            "by_level": {str(code): by_level.get(str(code), 0) for code in Level.values}
            | {"": by_level.get("", 0)},
            "activities": sum(r["activities"] for r in rows),
            "methods": len(method_activities),
            "participants": sum(r["participation"]["participants"] for r in rows),
            "commenters": sum(r["participation"]["commenters"] for r in rows),
            "versions_published": published_in_year,
            "engagements_reported": len(reported),
            "adopted": sum(r["changed"] for r in reported),
            "not_adopted": sum(r["not_adopted"] for r in reported),
            "future": sum(r["future"] for r in reported),
            "directives_revised": sum(1 for r in reported if r["revisions"]),
            "items_changed": sum(
                r["revisions"]["summary"]["changed"]
                + r["revisions"]["summary"]["added"]
                + r["revisions"]["summary"]["removed"]
                for r in reported
                if r["revisions"]
            ),
            # The same totals and means as the evaluation dashboard's, over these engagements.
            "evaluation": evaluation.totals([r["measures"] for r in rows]),
        },
    }


# --- What the page, the PDF and the DOCX show ------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class ChartView:
    """A bar chart (surveys.charts geometry) with the table of its figures."""

    id: str
    heading: str
    title: str  # the SVG's title: what it shows
    chart: charts.Chart
    caption: str
    columns: tuple[str, ...]  # the table's headings, the first one the rows' heading
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Change:
    item: str
    kind: str
    heading: str
    because: str


@dataclass(frozen=True)
class Outcome:
    kind: str
    label: str
    disposition: str
    reason: str


@dataclass(frozen=True)
class EngagementView:
    id: int
    anchor: str
    title: str
    facts: tuple[Fact, ...]
    methods: tuple[Fact, ...]  # method, how many activities
    participation: tuple[Fact, ...]
    report_line: str  # which version of the report this comes from, or that none is published
    report_url: str
    revisions: str  # the revisions' summary, or "" when the report shows none
    changes: tuple[Change, ...]
    more_changes: str
    adopted: tuple[Outcome, ...]
    outcomes: tuple[Fact, ...]
    measures: tuple[Fact, ...]


@dataclass(frozen=True)
class SectionView:
    year: int
    title: str
    empty: bool
    summary: tuple[Fact, ...]
    charts: tuple[ChartView, ...]
    engagements: tuple[EngagementView, ...]
    evaluation: tuple[Fact, ...]
    measures: tuple[tuple[str, str, str], ...]  # (measure, directive items, how it is computed)
    notes: tuple[str, ...]


def _n(value: int | float | None, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if decimals is None:
        return number_format(value, force_grouping=True)
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _pct(share: float | None) -> str:
    if share is None:
        return "—"
    return _("%(percent)s%%") % {"percent": number_format(round(share * 100, 1), decimal_pos=1)}


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


def _rule_facts(rules: dict[str, Any]) -> list[Fact]:
    return [
        Fact(str(evaluation.MEASURES_BY_KEY[rule].label), _rule_text(rules[rule]))
        for rule in evaluation.RULES
    ]


def _measure_facts(m: dict[str, Any]) -> tuple[Fact, ...]:
    label = {k: str(x.label) for k, x in evaluation.MEASURES_BY_KEY.items()}
    rep, fu = m["representativeness"], m["follow_up"]
    comparison = m["level"]["comparison"]
    return (
        Fact(
            label["reach"],
            _("%(emails)s emails sent, %(posts)s social media posts")
            % {
                "emails": _n(m["reach"]["deliveries_sent"]),
                "posts": _n(m["reach"]["social_posts"]),
            },
        ),
        Fact(label["representativeness"], _representativeness(rep["index"], rep["answered"])),
        Fact(label["review"], _pct(m["review"]["share"])),
        Fact(label["dispositions"], _share_of(m["dispositions"])),
        Fact(label["days_to_report"], _n(m["days_to_report"]["days"])),
        Fact(
            label["follow_up"],
            _("activities: %(activities)s; duties: %(duties)s")
            % {
                "activities": _of(fu["activities_done"], fu["activities_planned"]),
                "duties": _of(fu["tasks_done"], fu["tasks_total"]),
            },
        ),
        Fact(label["satisfaction"], _satisfaction(m["satisfaction"])),
        Fact(label["level"], _words(_COMPARISON_WORDS, comparison) if comparison else "—"),
        *_rule_facts(m["rules"]),
    )


def _evaluation_facts(t: dict[str, Any]) -> tuple[Fact, ...]:
    label = {k: str(x.label) for k, x in evaluation.MEASURES_BY_KEY.items()}
    fu, days, sat, levels = t["follow_up"], t["days_to_report"], t["satisfaction"], t["level"]
    rep = t["representativeness"]
    return (
        Fact(
            label["reach"],
            _("%(emails)s emails sent, %(posts)s social media posts")
            % {"emails": _n(t["deliveries_sent"]), "posts": _n(t["social_posts"])},
        ),
        Fact(
            label["representativeness"],
            "—"
            if rep["mean"] is None
            else ngettext(
                "mean %(mean)s (from 0 to 1), over %(n)s engagement with enough answers",
                "mean %(mean)s (from 0 to 1), over %(n)s engagements with enough answers",
                rep["engagements"],
            )
            % {"mean": _n(rep["mean"], 2), "n": _n(rep["engagements"])},
        ),
        Fact(
            label["review"],
            "—"
            if t["review"]["share"] is None
            else _("%(share)s (%(of)s items)")
            % {
                "share": _pct(t["review"]["share"]),
                "of": _of(t["review"]["reviewed"], t["review"]["to_review"]),
            },
        ),
        Fact(label["dispositions"], _share_of(t["dispositions"])),
        Fact(
            label["days_to_report"],
            _(
                "median %(median)s, mean %(mean)s; reports published: %(reported)s; closed "
                "and waiting for a report: %(pending)s"
            )
            % {
                "median": _n(days["median"], 1),
                "mean": _n(days["mean"], 1),
                "reported": _n(days["reported"]),
                "pending": _n(days["pending"]),
            },
        ),
        Fact(
            label["follow_up"],
            _("activities: %(activities)s; duties: %(duties)s")
            % {
                "activities": _of(fu["activities_done"], fu["activities_planned"]),
                "duties": _of(fu["tasks_done"], fu["tasks_total"]),
            },
        ),
        Fact(
            label["satisfaction"],
            "—"
            if sat["mean"] is None
            else _("mean %(mean)s, over %(n)s answers in %(engagements)s engagements")
            % {
                "mean": _n(sat["mean"], 2),
                "n": _n(sat["responses"]),
                "engagements": _n(sat["engagements"]),
            },
        ),
        Fact(
            label["level"],
            _("above %(above)s, as recommended %(same)s, below %(below)s")
            % {k: _n(levels[k]) for k in ("above", "same", "below")},
        ),
        *_rule_facts(t["rules"]),
    )


def _count_chart(
    *,
    id: str,
    heading: str,
    title: str,
    caption: str,
    columns: tuple[str, ...],
    items: Sequence[tuple[str, int, tuple[str, ...]]],
    rtl: bool,
) -> ChartView:
    """Horizontal bars of counts, the longest bar the largest count, each labelled with its
    count (surveys.charts.bar_chart draws the geometry). `items` come largest first; the chart
    draws the first CHART_BARS (so that it fits on a printed page), the table gives them all."""
    drawn = items[:CHART_BARS]
    top = max([count for _label, count, _rest in drawn] or [0])
    chart = charts.bar_chart(
        [(label, count * 100 / top if top else 0.0) for label, count, _rest in drawn],
        hidden_text="—",
        rtl=rtl,
    )
    bars = tuple(
        dataclasses.replace(bar, value=_n(count))
        for bar, (_label, count, _rest) in zip(chart.bars, drawn, strict=True)
    )
    if len(items) > len(drawn):
        title = _("%(title)s The chart shows the %(n)s largest; the table gives all %(all)s.") % {
            "title": title,
            "n": len(drawn),
            "all": len(items),
        }
    return ChartView(
        id=id,
        heading=heading,
        title=title,
        chart=dataclasses.replace(chart, bars=bars),
        caption=caption,
        columns=columns,
        rows=tuple((label, *rest) for label, _count, rest in items),
    )


def _engagement_view(row: dict[str, Any]) -> EngagementView:
    dates = row["dates"]
    facts = [
        Fact(_("Subject"), _subject_text(row["subject"])),
        Fact(_("Level of engagement"), _level_text(row["level"])),
        Fact(_("Status"), _label(Engagement.Status, row["status"])),
        Fact(_("Originating unit"), row["originating_unit"] or "—"),
        Fact(
            _("Active in the year"),
            "; ".join(_words(_REASON_WORDS, r) for r in row["because"]),
        ),
    ]
    if dates["first"]:
        facts.append(
            Fact(
                _("Activities in the year"),
                _("%(first)s to %(last)s")
                % {"first": _day(dates["first"]), "last": _day(dates["last"])},
            )
        )
    methods = tuple(
        Fact(
            _label(Activity.Method, m["method"]),
            ngettext("%(n)s activity", "%(n)s activities", m["activities"])
            % {"n": _n(m["activities"])},
        )
        for m in row["methods"]
    )
    p = row["participation"]
    participation = [
        Fact(_("Participants"), _n(p["participants"])),
        Fact(_("Unique commenters"), _n(p["commenters"])),
    ]
    report = row["report"]
    revisions = ""
    changes: tuple[Change, ...] = ()
    more = ""
    adopted: tuple[Outcome, ...] = ()
    outcomes: tuple[Fact, ...] = ()
    if report is None:
        status = row["report_status"]
        if status:
            line = _("No report has been published yet (report status: %(status)s).") % {
                "status": _label(Report.Status, status)
            }
        else:
            line = _("No report has been published yet.")
        url = ""
    else:
        line = _("From version %(number)s of the “what we heard” report, published on %(day)s.") % {
            "number": report["number"],
            "day": _day(report["published_on"]),
        }
        url = _report_url(row["id"])
        rp = report["participation"]
        for key, word in (
            ("comments", _("Comments (in the report)")),
            ("unique_comments", _("Unique comments, campaign copies apart")),
            ("campaign_copies", _("Copies of campaigns")),
            ("meetings", _("Meetings")),
            ("attendance", _("Attendance at meetings")),
            ("survey_responses", _("Survey responses")),
            ("members", _("Members of standing bodies")),
        ):
            if rp.get(key):
                participation.append(Fact(word, _n(rp[key])))
        rev = report["revisions"]
        if rev:
            s = rev["summary"]
            final = rev["final"]
            issued = (
                _("%(title)s, issued on %(day)s")
                % {"title": final["title"], "day": _day(final["issue_date"])}
                if final.get("issue_date")
                else final["title"]
            )
            revisions = _(
                "The revised directive (%(final)s) compared with the draft posted for comment: "
                "items changed: %(changed)s; added: %(added)s; removed: %(removed)s; moved: "
                "%(moved)s."
            ) % {
                "final": issued,
                "changed": _n(s["changed"]),
                "added": _n(s["added"]),
                "removed": _n(s["removed"]),
                "moved": _n(s["moved"]),
            }
            changes = tuple(
                Change(
                    item=c["item"] or "—",
                    kind=_words(_CHANGE_WORDS, c["kind"]),
                    heading=c["heading"],
                    because="; ".join(c["because"]),
                )
                for c in rev["changes"]
            )
            if rev["more_changes"]:
                more = ngettext(
                    "and %(n)s more changed item, in the report",
                    "and %(n)s more changed items, in the report",
                    rev["more_changes"],
                ) % {"n": _n(rev["more_changes"])}
        adopted = tuple(
            Outcome(
                kind=_words(_KIND_WORDS, o["kind"]),
                label=o["label"],
                disposition=_disposition(o["kind"], o["disposition"]),
                reason=o["reason"],
            )
            for o in report["adopted"]
        )
        outcomes = (
            Fact(_("Themes and recommendations"), _n(report["themes_and_recommendations"])),
            Fact(_("Adopted in whole or in part"), _n(report["changed"])),
            Fact(_("Not adopted or out of scope"), _n(report["not_adopted"])),
            Fact(_("Considered for the future"), _n(report["future"])),
        )
    return EngagementView(
        id=row["id"],
        anchor=f"engagement-{row['id']}",
        title=row["title"],
        facts=tuple(facts),
        methods=methods,
        participation=tuple(participation),
        report_line=line,
        report_url=url,
        revisions=revisions,
        changes=changes,
        more_changes=more,
        adopted=adopted,
        outcomes=outcomes,
        measures=_measure_facts(row["measures"]),
    )


def present(data: dict[str, Any], *, rtl: bool = False) -> SectionView:
    """What the section shows of `data` (gather()), in the active language."""
    year = data["year"]
    t = data["totals"]
    rows = data["engagements"]
    subjects = t["by_subject"]
    levels = t["by_level"]
    summary = (
        Fact(_("Engagements active in the year"), _n(t["engagements"])),
        Fact(
            _("About"),
            _("directives: %(directive)s; trainings: %(training)s; other subjects: %(other)s")
            % {k: _n(subjects[k]) for k in _SUBJECTS},
        ),
        *(Fact(_label(Level, int(code)), _n(n)) for code, n in levels.items() if code),
        Fact(_("Activities in the year"), _n(t["activities"])),
        Fact(_("Methods used"), _n(t["methods"])),
        Fact(_("Participants"), _n(t["participants"])),
        Fact(_("Unique commenters"), _n(t["commenters"])),
        Fact(_("Report versions published in the year"), _n(t["versions_published"])),
        Fact(_("Engagements with a published report"), _n(t["engagements_reported"])),
        Fact(_("Themes and recommendations adopted in whole or in part"), _n(t["adopted"])),
        Fact(_("Not adopted or out of scope"), _n(t["not_adopted"])),
        Fact(_("Considered for the future"), _n(t["future"])),
        Fact(_("Directives revised after engagement"), _n(t["directives_revised"])),
        Fact(_("Directive items changed, added or removed"), _n(t["items_changed"])),
    )
    chart_views: list[ChartView] = []
    if rows:
        by_participants = sorted(
            rows, key=lambda r: (-r["participation"]["participants"], r["title"])
        )
        chart_views.append(
            _count_chart(
                id="chart-participants",
                heading=_("Participants by engagement"),
                title=_(
                    "Participants in each engagement active in %(year)s. Bars: participants; "
                    "the table gives the figures."
                )
                % {"year": year},
                caption=_("Participants by engagement, %(year)s") % {"year": year},
                columns=(_("Engagement"), _("Participants"), _("Unique commenters")),
                items=[
                    (
                        r["title"],
                        r["participation"]["participants"],
                        (
                            _n(r["participation"]["participants"]),
                            _n(r["participation"]["commenters"]),
                        ),
                    )
                    for r in by_participants
                ],
                rtl=rtl,
            )
        )
    if data["methods"]:
        methods = sorted(data["methods"], key=lambda m: (-m["activities"], -m["engagements"]))
        chart_views.append(
            _count_chart(
                id="chart-methods",
                heading=_("Methods used"),
                title=_(
                    "Activities of each method in the engagements active in %(year)s. Bars: "
                    "activities; the table gives the figures."
                )
                % {"year": year},
                caption=_("Methods used, %(year)s: activities and engagements") % {"year": year},
                columns=(_("Method"), _("Activities"), _("Engagements")),
                items=[
                    (
                        _label(Activity.Method, m["method"]),
                        m["activities"],
                        (_n(m["activities"]), _n(m["engagements"])),
                    )
                    for m in methods
                ],
                rtl=rtl,
            )
        )
    return SectionView(
        year=year,
        title=_("Community engagement in %(year)s") % {"year": year},
        empty=not rows,
        summary=summary,
        charts=tuple(chart_views),
        engagements=tuple(_engagement_view(r) for r in rows),
        evaluation=_evaluation_facts(t["evaluation"]) if rows else (),
        measures=tuple(
            (str(m.label), m.items, evaluation.measure_how(m.key)) for m in evaluation.MEASURES
        ),
        notes=(
            _(
                "An engagement is listed in every year in which one of its activities took "
                "place, one of its postings was open for comment, or a version of its report was "
                "published. Engagements still being assessed are not listed."
            ),
            _(
                "Participation and the evaluation measures are those of the whole engagement, as "
                "the record holds them today; an engagement active in two years counts in both. "
                "An activity without dates is counted with its engagement."
            ),
            _(
                "What changed comes from the latest published version of each engagement's "
                "“what we heard” report, as it was published."
            ),
            _(
                "Small counts about who took part (from 1 to %(n)s) are hidden in the reports and "
                "in these measures."
            )
            % {"n": data["min_cell"]},
        ),
    )
