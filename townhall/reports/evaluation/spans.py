"""Which engagements the evaluation covers, and when each was active."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min
from django.utils import timezone

from townhall.core.districts import district_numbers
from townhall.engagements.models import Activity, Engagement, Topic
from townhall.meetings.models import Meeting
from townhall.reports.evaluation.pieces import _day

# --- Which engagements ---------------------------------------------------------------------------


@dataclass
class _Span:
    engagement: Engagement
    start: datetime.date
    end: datetime.date

    def active_in(self, year: int) -> bool:
        return self.start.year <= year <= self.end.year


def _spans(*, topic: str = "", unit: str = "", district: int | None = None) -> list[_Span]:
    """Every engagement whose level is determined, matching the filters, with the dates it
    was active: from the first of its determination, its activities' starts and its postings'
    openings, to its conclusion (the last of the move to concluded, its activities' ends and
    its postings' closings) or, while it is not concluded, today or its last planned date."""
    qs = Engagement.objects.exclude(status=Engagement.Status.ASSESSING)
    if topic:
        qs = qs.filter(
            pk__in=Engagement.topics.through.objects.filter(topic__slug=topic).values(
                "engagement_id"
            )
        )
    if unit:
        qs = qs.filter(originating_unit=unit)
    qs = qs.annotate(
        first_start=Min("activities__starts_on"),
        last_start=Max("activities__starts_on"),
        last_end=Max("activities__ends_on"),
        first_open=Min("activities__posting__opens_at"),
        last_close=Max("activities__posting__closes_at"),
    ).order_by("title", "id")
    engagements = list(qs)
    if district is not None:
        named = _engagements_naming(district, [e.pk for e in engagements])
        engagements = [e for e in engagements if e.pk in named]
    today = timezone.localdate()
    out = []
    for e in engagements:
        a: Any = e  # the annotations
        starts = [
            d for d in (_day(e.determined_at), a.first_start, _day(a.first_open)) if d is not None
        ]
        start = min(starts) if starts else timezone.localdate(e.created_at)
        ends = [d for d in (a.last_end, a.last_start, _day(a.last_close)) if d is not None]
        if e.status == Engagement.Status.CONCLUDED:
            concluded = _day(e.step_started_at)
            end = max([*ends, *([concluded] if concluded else [])], default=start)
        else:
            end = max([*ends, today])
        out.append(_Span(engagement=e, start=start, end=max(start, end)))
    return out


def _engagements_naming(district: int, engagement_ids: Sequence[int]) -> set[int]:
    """The engagements with an activity or a meeting in `district` (citywide ones name none)."""
    named = {
        engagement_id
        for engagement_id, values in Activity.objects.filter(
            engagement_id__in=engagement_ids
        ).values_list("engagement_id", "districts")
        if district in district_numbers(values)
    }
    named.update(
        Meeting.objects.filter(
            activity__engagement_id__in=engagement_ids, district=district
        ).values_list("activity__engagement_id", flat=True)
    )
    return named


def engagements_active(
    *, year: int, topic: str = "", unit: str = "", district: int | None = None
) -> list[Engagement]:
    """The engagements active in the calendar `year` (see _spans), by title."""
    return [
        s.engagement for s in _spans(topic=topic, unit=unit, district=district) if s.active_in(year)
    ]


def filter_choices() -> dict[str, Any]:
    """What the dashboard's filters offer: topics (slug, name), originating units, and the
    years that have an engagement."""
    units = sorted(
        set(
            Engagement.objects.exclude(originating_unit="").values_list(
                "originating_unit", flat=True
            )
        )
    )
    topics = [(t.slug, t.name) for t in Topic.objects.all()]
    spans = _spans()
    years = sorted({y for s in spans for y in range(s.start.year, s.end.year + 1)})
    return {"topics": topics, "units": units, "years": years}
