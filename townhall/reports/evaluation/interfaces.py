"""The interfaces: the measures of one engagement, and of periods with their totals."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from townhall.engagements.models import Engagement
from townhall.reports.evaluation.computation import _evaluate
from townhall.reports.evaluation.definitions import BROKEN, RULES
from townhall.reports.evaluation.pieces import _rule, _share
from townhall.reports.evaluation.spans import _Span, _spans

# --- The interfaces ------------------------------------------------------------------------------


def engagement_measures(engagement: Engagement) -> dict[str, Any]:
    """Every measure of one engagement (JSON: see the module docstring)."""
    return _evaluate([engagement])[engagement.pk]


def totals(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The totals and means of a period over engagement measures (period_measures' "totals")."""

    def total(part: str, key: str) -> int:
        return sum(int(r[part][key] or 0) for r in rows)

    indexes = [r["representativeness"]["index"] for r in rows]
    indexes = [i for i in indexes if i is not None]
    days = [r["days_to_report"]["days"] for r in rows if r["days_to_report"]["days"] is not None]
    pending = sum(
        1
        for r in rows
        if r["days_to_report"]["closed_on"] is not None and r["days_to_report"]["days"] is None
    )
    satisfied = [r["satisfaction"] for r in rows if r["satisfaction"]["mean"] is not None]
    weight = sum(int(s["responses"]) for s in satisfied)
    levels = Counter(r["level"]["comparison"] or "unknown" for r in rows)
    rules: dict[str, Any] = {}
    for rule in RULES:
        kept = sum(r["rules"][rule]["kept"] for r in rows)
        broken = sum(r["rules"][rule]["broken"] for r in rows)
        rules[rule] = {
            **_rule(kept, broken),
            "engagements_broken": sum(1 for r in rows if r["rules"][rule]["status"] == BROKEN),
        }
    to_review, reviewed = total("review", "to_review"), total("review", "reviewed")
    all_d, given = total("dispositions", "total"), total("dispositions", "decided")
    planned, done = total("follow_up", "activities_planned"), total("follow_up", "activities_done")
    tasks, tasks_done = total("follow_up", "tasks_total"), total("follow_up", "tasks_done")
    return {
        "engagements": len(rows),
        "participants": total("participation", "participants"),
        "commenters": total("participation", "commenters"),
        "deliveries_sent": total("reach", "deliveries_sent"),
        "social_posts": total("reach", "social_posts"),
        "representativeness": {
            "mean": round(statistics.fmean(indexes), 3) if indexes else None,
            "engagements": len(indexes),
        },
        "review": {
            "to_review": to_review,
            "reviewed": reviewed,
            "share": _share(reviewed, to_review),
        },
        "dispositions": {"total": all_d, "decided": given, "share": _share(given, all_d)},
        "days_to_report": {
            "mean": round(statistics.fmean(days), 1) if days else None,
            "median": statistics.median(days) if days else None,
            "reported": len(days),
            "pending": pending,
        },
        "follow_up": {
            "activities_planned": planned,
            "activities_done": done,
            "activities_share": _share(done, planned),
            "tasks_total": tasks,
            "tasks_done": tasks_done,
            "tasks_share": _share(tasks_done, tasks),
        },
        "satisfaction": {
            "mean": (
                round(sum(s["mean"] * s["responses"] for s in satisfied) / weight, 2)
                if weight
                else None
            ),
            "engagements": len(satisfied),
            "responses": weight,
        },
        "level": {k: levels.get(k, 0) for k in ("above", "same", "below", "unknown")},
        "rules": rules,
    }


def periods(
    *, years: Iterable[int], topic: str = "", unit: str = "", district: int | None = None
) -> dict[int, dict[str, Any]]:
    """period_measures for several years at once: each engagement is measured once."""
    wanted = sorted(set(years))
    spans = [
        s
        for s in _spans(topic=topic, unit=unit, district=district)
        if any(s.active_in(y) for y in wanted)
    ]
    measures = _evaluate([s.engagement for s in spans])
    out: dict[int, dict[str, Any]] = {}
    for year in wanted:
        rows = [measures[s.engagement.pk] | _span_part(s) for s in spans if s.active_in(year)]
        out[year] = {
            "year": year,
            "filters": {"topic": topic, "unit": unit, "district": district},
            "rows": rows,
            "totals": totals(rows),
        }
    return out


def _span_part(span: _Span) -> dict[str, Any]:
    return {"active": {"from": span.start.isoformat(), "to": span.end.isoformat()}}


def period_measures(
    *, year: int, topic: str = "", unit: str = "", district: int | None = None
) -> dict[str, Any]:
    """The measures of every engagement active in the calendar `year` (its level determined;
    from its determination or first activity to its conclusion), by title, with the totals
    and means of the period. `topic` is a Topic slug, `unit` an originating unit as
    recorded, `district` a police district an activity or meeting names."""
    return periods(years=[year], topic=topic, unit=unit, district=district)[year]


def yearly_series(
    *, years: Iterable[int], topic: str = "", unit: str = "", district: int | None = None
) -> list[dict[str, Any]]:
    """The period totals of each year, oldest first, for charts over time: [{"year": 2024,
    **totals}, ...]. An engagement active in two years counts in both."""
    found = periods(years=years, topic=topic, unit=unit, district=district)
    return [{"year": y, **found[y]["totals"]} for y in sorted(found)]
