"""The evaluation of engagements (seed 002 VI-B-1: OEE evaluates the completed engagements;
VIII-A: the Chief of OCPR ensures reviews that judge the efficiency of the engagement efforts
and whether future engagements should be expanded or modified).

The measures come from the record, never typed, and are plain JSON (numbers, codes, ISO
dates), so a page, a CSV, the annual report and the API read the same figures:

- participation: participants counted per activity as build.py counts them, and the unique
  people who commented (one per email address, across the engagement's postings, plus each
  comment sent without one);
- reach: the announcement emails sent (Delivery rows sent) and the social media posts
  recorded, for the announcements about the engagement or one of its postings (V-B-2, VII-C);
- representativeness: how close the participants' race and ethnicity come to the population
  of the districts concerned (V-A, V-B), as an index from 0 to 1;
- the share of the feedback a person has reviewed, and of the themes and recommendations
  with a disposition (VI-B-5, VII-D-4, VII-D-5);
- the days from the close of comment to the first published report (V-D-3);
- the follow-up done (V-D): step-3 activities and the units' follow-up duties;
- post-engagement satisfaction (V-D-4), hidden under MIN_CELL + 1 ratings;
- the level determined against the level recommended (IV-C, IV-D);
- three rules kept or broken: the 15-day minimum posting (V-C-10, VII-B-2-d), the 48-hour
  agenda of a regular meeting (5 ILCS 120/2.02, seed 000) and the 24-hour deadline to ask
  to speak (seed 000).

Everything is computed for many engagements at once with a fixed number of grouped queries
(plus one per survey question read and per engagement with several postings), so the
dashboard stays fast with many engagements; `engagement_measures` is the same computation
for one. Nothing here writes.

Submodules: definitions (the constants and what each measure is), pieces (pure helpers),
spans (which engagements), computation (the grouped queries) and interfaces (the entry points).
"""

from __future__ import annotations

from townhall.reports.evaluation.definitions import (
    BROKEN,
    FOLLOW_UP_DUTIES,
    KEPT,
    MEASURES,
    MEASURES_BY_KEY,
    NOT_APPLICABLE,
    POSTING_MINIMUM,
    RULES,
    Measure,
    measure_how,
)
from townhall.reports.evaluation.interfaces import (
    engagement_measures,
    period_measures,
    periods,
    totals,
    yearly_series,
)
from townhall.reports.evaluation.pieces import (
    _level_comparison as _level_comparison,  # the tests read it here
)
from townhall.reports.evaluation.pieces import representativeness_index
from townhall.reports.evaluation.spans import engagements_active, filter_choices

__all__ = [
    "BROKEN",
    "FOLLOW_UP_DUTIES",
    "KEPT",
    "MEASURES",
    "MEASURES_BY_KEY",
    "NOT_APPLICABLE",
    "POSTING_MINIMUM",
    "RULES",
    "Measure",
    "engagement_measures",
    "engagements_active",
    "filter_choices",
    "measure_how",
    "period_measures",
    "periods",
    "representativeness_index",
    "totals",
    "yearly_series",
]
