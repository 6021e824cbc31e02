"""The section's data: gather(year), as plain JSON (see the package docstring)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from townhall.engagements.models import Activity, Engagement, Level
from townhall.reports import evaluation
from townhall.reports.annual.record import _records, _Span
from townhall.reports.build import CHANGED, MIN_CELL, dispositions_count
from townhall.reports.models import Report, ReportVersion

#: The changed items listed per engagement; the rest are counted.
CHANGES_LISTED = 25
_SUBJECTS = ("directive", "training", "other")


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
