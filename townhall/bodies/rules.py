"""The pure rules of a body: who votes, the tally, terms and rotation. No database here, so
each rule is tested on plain values."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ROTATION_NOTICE_DAYS",
    "THRESHOLDS",
    "Tally",
    "add_months",
    "rotation_due",
    "tally",
    "term_end",
]

#: Rotation alerts reach the convening unit this many days before a term ends (issue 7).
ROTATION_NOTICE_DAYS = 60

THRESHOLDS = ("simple_majority", "two_thirds", "majority_of_members")


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    abstentions: int
    eligible: int
    quorum_needed: int
    quorum_met: bool
    passed: bool

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions


def quorum_needed(eligible: int, quorum_percent: int) -> int:
    """At least `quorum_percent` of the voting members must vote (abstaining counts), and never
    fewer than one: 50% of 9 is 5."""
    return max(1, -(-eligible * quorum_percent // 100))


def tally(choices: Iterable[str], *, eligible: int, quorum_percent: int, threshold: str) -> Tally:
    """The result of a ballot. Abstentions count towards the quorum, never towards the
    threshold; a tie does not pass; without a quorum nothing passes."""
    if threshold not in THRESHOLDS:
        raise ValueError(f"unknown threshold {threshold!r}")
    counts = {"for": 0, "against": 0, "abstain": 0}
    for choice in choices:
        counts[choice] += 1
    votes_for, against, abstain = counts["for"], counts["against"], counts["abstain"]
    needed = quorum_needed(eligible, quorum_percent)
    met = votes_for + against + abstain >= needed
    if threshold == "simple_majority":
        carried = votes_for > against
    elif threshold == "two_thirds":
        carried = votes_for > 0 and 3 * votes_for >= 2 * (votes_for + against)
    else:
        carried = 2 * votes_for > eligible
    return Tally(
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstain,
        eligible=eligible,
        quorum_needed=needed,
        quorum_met=met,
        passed=met and carried,
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(
    *, starts: datetime.date, term_months: int | None, concludes_on: datetime.date | None
) -> datetime.date | None:
    """V-C-1: an advisory committee's term runs its set length (the day before the same date
    that many months on). V-C-11: a working group's runs to its conclusion date."""
    if term_months:
        return add_months(starts, term_months) - datetime.timedelta(days=1)
    return concludes_on


def rotation_due(
    term_ends: datetime.date | None, *, today: datetime.date, days: int = ROTATION_NOTICE_DAYS
) -> bool:
    """A term ending within the next `days` days (today included) is flagged for rotation."""
    return term_ends is not None and today <= term_ends <= today + datetime.timedelta(days=days)
