"""When things happened: the years the section is made for, and each engagement's dated record
(its activities, its postings' comment periods and its report versions' publication days)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.utils import timezone

from townhall.engagements.models import Activity, Engagement
from townhall.meetings.models import Meeting
from townhall.postings.models import Posting
from townhall.reports.models import ReportVersion
from townhall.surveys.models import Survey

#: The section is made for calendar years from FIRST_YEAR to next year.
FIRST_YEAR = 2000
#: Postings that were really put up for comment.
_POSTED = (Posting.Status.OPEN, Posting.Status.CLOSED, Posting.Status.COMPILED)


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
