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
  for the future) and the evaluation measures (the evaluation package);
- the year's totals, and the data of the two charts: participants by engagement, and the
  methods used (activities and engagements per method).

A published report version is read as it was published: no report is rebuilt here, so a year
with many engagements stays fast. `present(data)` turns the data into what the page, the PDF and
the DOCX show, in the active language. Nothing here writes.

Submodules: record, data (gather), viewtypes, wording, measures and section (present).
"""

from __future__ import annotations

from townhall.reports.annual.data import gather
from townhall.reports.annual.record import FIRST_YEAR, last_year, year_allowed, years
from townhall.reports.annual.section import present
from townhall.reports.annual.viewtypes import ChartView, EngagementView, Fact, SectionView

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
