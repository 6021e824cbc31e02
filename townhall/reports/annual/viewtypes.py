"""What the page, the PDF and the DOCX show: the section's view dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from townhall.surveys import charts

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
