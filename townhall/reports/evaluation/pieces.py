"""The pure pieces of the evaluation: no query."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from townhall.reports.build import MIN_CELL
from townhall.reports.evaluation.definitions import BROKEN, KEPT, NOT_APPLICABLE

# --- Pure pieces -------------------------------------------------------------------------------


def representativeness_index(
    counts: dict[str, int], baseline_percent: dict[str, float]
) -> float | None:
    """1 − ½ Σ|p − q| over the codes of the baseline, p from `counts` (answers outside the
    baseline's codes left out), q from `baseline_percent` (percentages). None when MIN_CELL
    or fewer people gave a code."""
    answered = sum(counts.get(code, 0) for code in baseline_percent)
    if answered <= MIN_CELL:
        return None
    distance = sum(
        abs(counts.get(code, 0) / answered - baseline_percent[code] / 100)
        for code in baseline_percent
    )
    return round(1 - distance / 2, 3)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rule(kept: int, broken: int) -> dict[str, Any]:
    status = BROKEN if broken else (KEPT if kept else NOT_APPLICABLE)
    return {"kept": kept, "broken": broken, "status": status}


def _level_comparison(determined: int | None, recommended: int | None) -> str | None:
    if determined is None or recommended is None:
        return None
    if determined > recommended:
        return "above"
    return "same" if determined == recommended else "below"


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value else None


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _is_digit_rating(value: Any) -> bool:
    return value is not None and not isinstance(value, bool) and str(value).isdigit()
