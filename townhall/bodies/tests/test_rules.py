"""The pure rules of a body: the tally of a ballot, the quorum, terms and rotation (seed 002
V-C-1, V-C-11). No database."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.bodies import rules

D = datetime.date


def _tally(
    votes_for: int = 0,
    against: int = 0,
    abstain: int = 0,
    *,
    eligible: int = 9,
    quorum_percent: int = 50,
    threshold: str = "simple_majority",
) -> rules.Tally:
    choices = ["for"] * votes_for + ["against"] * against + ["abstain"] * abstain
    return rules.tally(
        choices, eligible=eligible, quorum_percent=quorum_percent, threshold=threshold
    )


# -- The tally ----------------------------------------------------------------------------


def test_simple_majority_passes_with_more_for_than_against() -> None:
    result = _tally(3, 2)
    assert (result.votes_for, result.votes_against, result.abstentions) == (3, 2, 0)
    assert result.quorum_met and result.passed


def test_simple_majority_tie_does_not_pass() -> None:
    result = _tally(3, 3)
    assert result.quorum_met
    assert not result.passed


def test_simple_majority_with_no_vote_for_does_not_pass() -> None:
    assert not _tally(0, 0, 5).passed


def test_two_thirds_exactly_passes() -> None:
    # 6 of 9 for or against is exactly two-thirds.
    assert _tally(6, 3, threshold="two_thirds").passed
    assert _tally(2, 1, eligible=3, threshold="two_thirds").passed


def test_two_thirds_just_below_fails() -> None:
    # 5 of 8 (62.5 %) and 13 of 20 (65 %) are just below two-thirds.
    assert not _tally(5, 3, threshold="two_thirds").passed
    assert not _tally(13, 7, eligible=20, threshold="two_thirds").passed
    assert _tally(14, 7, eligible=21, threshold="two_thirds").passed


def test_two_thirds_counts_only_for_and_against_not_abstentions() -> None:
    # 2 for, 1 against and 6 abstaining: two-thirds of those who took a side.
    result = _tally(2, 1, 6, threshold="two_thirds")
    assert result.quorum_met and result.passed


def test_two_thirds_needs_at_least_one_vote_for() -> None:
    assert not _tally(0, 0, 9, threshold="two_thirds").passed


def test_majority_of_members_counts_the_eligible_members_not_the_votes_cast() -> None:
    # 4 for and none against among 9 members: 4 is not more than half of 9.
    assert not _tally(4, 0, 1, threshold="majority_of_members").passed
    assert _tally(5, 0, threshold="majority_of_members").passed
    # With 10 members, 5 is exactly half: not more than half.
    assert not _tally(5, 0, eligible=10, threshold="majority_of_members").passed
    assert _tally(6, 4, eligible=10, threshold="majority_of_members").passed


def test_abstentions_count_towards_the_quorum_but_not_the_threshold() -> None:
    # 9 members, 50 %: 5 must vote. One for and four abstaining make the quorum.
    result = _tally(1, 0, 4)
    assert result.quorum_needed == 5 and result.cast == 5
    assert result.quorum_met
    assert result.passed  # 1 for, 0 against: the abstentions do not weigh against
    # Abstaining does not stop a majority against from carrying the day.
    assert not _tally(1, 2, 4).passed


def test_without_a_quorum_nothing_passes() -> None:
    result = _tally(4, 0)  # 4 of 9 voted; 5 needed
    assert not result.quorum_met
    assert not result.passed
    assert not _tally(4, 0, threshold="two_thirds").passed


def test_unknown_threshold_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown threshold"):
        rules.tally(["for"], eligible=1, quorum_percent=50, threshold="unanimity")


def test_the_tally_reports_what_it_counted() -> None:
    result = _tally(2, 1, 1, eligible=7, quorum_percent=60)
    assert result.eligible == 7
    assert result.quorum_needed == 5  # 60 % of 7 is 4.2: five members
    assert result.cast == 4 and not result.quorum_met


# -- The quorum -----------------------------------------------------------------------------


def test_quorum_rounds_up_50_percent_of_9_is_5() -> None:
    assert rules.quorum_needed(9, 50) == 5
    assert rules.quorum_needed(10, 50) == 5
    assert rules.quorum_needed(11, 50) == 6
    assert rules.quorum_needed(12, 100) == 12
    assert rules.quorum_needed(3, 34) == 2  # 1.02 members round up


def test_quorum_is_never_below_one() -> None:
    assert rules.quorum_needed(0, 50) == 1
    assert rules.quorum_needed(1, 1) == 1
    assert rules.quorum_needed(3, 1) == 1


# -- Terms ---------------------------------------------------------------------------------


def test_add_months_keeps_the_day() -> None:
    assert rules.add_months(D(2026, 3, 15), 1) == D(2026, 4, 15)
    assert rules.add_months(D(2026, 3, 15), 0) == D(2026, 3, 15)


def test_add_months_31_january_plus_one_is_the_last_day_of_february() -> None:
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)  # a leap year
    assert rules.add_months(D(2026, 3, 31), 1) == D(2026, 4, 30)


def test_add_months_wraps_the_year() -> None:
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert rules.add_months(D(2026, 12, 1), 1) == D(2027, 1, 1)
    assert rules.add_months(D(2026, 6, 1), 24) == D(2028, 6, 1)
    assert rules.add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)


def test_advisory_committee_term_of_24_months_ends_the_day_before_two_years_on_V_C_1() -> None:
    starts = D(2026, 3, 1)
    assert rules.term_end(starts=starts, term_months=24, concludes_on=None) == D(2028, 2, 29)
    assert rules.term_end(starts=D(2025, 9, 15), term_months=24, concludes_on=None) == D(
        2027, 9, 14
    )


def test_working_group_term_runs_to_its_conclusion_date_V_C_11() -> None:
    concludes = D(2026, 12, 18)
    assert rules.term_end(starts=D(2026, 6, 1), term_months=None, concludes_on=concludes) == (
        concludes
    )


def test_a_body_without_term_or_conclusion_has_open_ended_terms() -> None:
    assert rules.term_end(starts=D(2026, 6, 1), term_months=None, concludes_on=None) is None


# -- Rotation (V-C-1: membership rotates on a set timeline) ------------------------------------


TODAY = D(2026, 3, 1)


def test_rotation_is_due_for_a_term_ending_today_V_C_1() -> None:
    assert rules.rotation_due(TODAY, today=TODAY)


def test_rotation_is_due_for_a_term_ending_in_60_days_inclusive_V_C_1() -> None:
    assert rules.rotation_due(TODAY + datetime.timedelta(days=60), today=TODAY)
    assert rules.ROTATION_NOTICE_DAYS == 60


def test_rotation_is_not_due_61_days_ahead_V_C_1() -> None:
    assert not rules.rotation_due(TODAY + datetime.timedelta(days=61), today=TODAY)


def test_rotation_is_not_due_for_a_term_that_already_ended_V_C_1() -> None:
    assert not rules.rotation_due(TODAY - datetime.timedelta(days=1), today=TODAY)


def test_rotation_is_not_due_for_an_open_ended_term() -> None:
    assert not rules.rotation_due(None, today=TODAY)


def test_rotation_notice_days_can_be_set() -> None:
    assert rules.rotation_due(TODAY + datetime.timedelta(days=10), today=TODAY, days=10)
    assert not rules.rotation_due(TODAY + datetime.timedelta(days=11), today=TODAY, days=10)


# -- Properties ------------------------------------------------------------------------------

CHOICES = st.lists(st.sampled_from(["for", "against", "abstain"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    choices=CHOICES,
    extra=st.integers(min_value=0, max_value=20),
    quorum_percent=st.integers(min_value=1, max_value=100),
    threshold=st.sampled_from(rules.THRESHOLDS),
    seed=st.randoms(use_true_random=False),
)
def test_tally_properties(
    choices: list[str], extra: int, quorum_percent: int, threshold: str, seed: random.Random
) -> None:
    eligible = len(choices) + extra  # nobody votes who was not on the roll
    result = rules.tally(
        choices, eligible=eligible, quorum_percent=quorum_percent, threshold=threshold
    )
    # What was counted is what was cast.
    assert result.cast == len(choices)
    assert result.votes_for == choices.count("for")
    assert result.votes_against == choices.count("against")
    assert result.abstentions == choices.count("abstain")
    assert result.quorum_met == (len(choices) >= rules.quorum_needed(eligible, quorum_percent))
    # Passing needs the quorum and at least one vote for, and more for than against.
    if result.passed:
        assert result.quorum_met
        assert result.votes_for > 0
        assert result.votes_for > result.votes_against
    # The order in which the votes arrive does not matter.
    shuffled = list(choices)
    seed.shuffle(shuffled)
    assert (
        rules.tally(shuffled, eligible=eligible, quorum_percent=quorum_percent, threshold=threshold)
        == result
    )
    # An abstention counts towards the quorum only: once the quorum is met without it, it
    # changes nothing.
    if "abstain" in choices:
        fewer = list(choices)
        fewer.remove("abstain")
        without = rules.tally(
            fewer, eligible=eligible, quorum_percent=quorum_percent, threshold=threshold
        )
        if without.quorum_met:
            assert without.passed == result.passed


@settings(max_examples=200, deadline=None)
@given(
    eligible=st.integers(min_value=0, max_value=500),
    quorum_percent=st.integers(min_value=1, max_value=100),
)
def test_quorum_needed_is_the_smallest_count_reaching_the_share(
    eligible: int, quorum_percent: int
) -> None:
    needed = rules.quorum_needed(eligible, quorum_percent)
    assert needed >= 1
    assert needed * 100 >= eligible * quorum_percent
    if needed > 1:
        assert (needed - 1) * 100 < eligible * quorum_percent


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=120),
)
def test_term_end_is_before_the_same_date_months_on(day: datetime.date, months: int) -> None:
    ends = rules.term_end(starts=day, term_months=months, concludes_on=None)
    assert ends is not None
    assert ends >= day
    later = rules.add_months(day, months)
    assert ends == later - datetime.timedelta(days=1)
    assert (later.year - day.year) * 12 + later.month - day.month == months
