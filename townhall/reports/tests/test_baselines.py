"""The city's and the districts' population, what the report compares who took part with
(seed 002 V-B "as representative as possible", VIII-A): shares that add up, a district subset,
and the known 2010 census figures of Chicago."""

from __future__ import annotations

import math

import pytest

from townhall.core.districts import DISTRICTS
from townhall.reports import baselines

NUMBERS = [d.number for d in DISTRICTS]


def _total(shares: dict[str, float]) -> float:
    return math.fsum(shares.values())


@pytest.mark.parametrize(
    "shares",
    [
        baselines.race_shares(),
        baselines.race_shares([2, 3]),
        baselines.race_shares([18]),
        baselines.age_shares(),
        baselines.district_shares(),
        baselines.district_shares([7, 8, 9]),
    ],
)
def test_shares_add_up_to_100_percent(shares: dict[str, float]) -> None:
    assert _total(shares) == pytest.approx(100.0, abs=1e-9)
    assert all(0 <= v <= 100 for v in shares.values())


def test_race_is_given_for_each_answer_of_the_standard_block() -> None:
    from townhall.core.demographics import Race

    assert set(baselines.race_shares()) == {c for c in Race.values if c}
    assert list(baselines.race_shares()) == list(baselines.RACE_COLUMNS)


def test_the_city_in_2010_matches_the_census() -> None:
    """Chicago, 2010 census (P5): 31.7% white, 32.4% Black, 28.9% Hispanic or Latino and
    5.4% Asian (each not Hispanic or Latino but the Latino share)."""
    city = baselines.race_shares()
    assert round(city["white"], 1) == 31.7
    assert round(city["black"], 1) == 32.4
    assert round(city["latino"], 1) == 28.9
    assert round(city["asian"], 1) == 5.4


def test_the_city_is_the_22_districts_without_the_airport() -> None:
    assert baselines.race_shares() == baselines.race_shares(NUMBERS)
    assert baselines.race_shares() == pytest.approx(baselines.race_shares([*NUMBERS, 31]))


def test_a_district_subset_compares_with_those_districts_only() -> None:
    city = baselines.race_shares()
    south = baselines.race_shares([2, 3])
    # Wentworth and Grand Crossing: about four in five residents Black in 2010.
    assert 75 < south["black"] < 90 and south["black"] > city["black"] + 40
    # The subset is the districts' populations added up, not an average of their shares.
    two, three = baselines.race_shares([2]), baselines.race_shares([3])
    p2, p3 = (next(d.population_2010 for d in DISTRICTS if d.number == n) for n in (2, 3))
    expected = (two["black"] * p2 + three["black"] * p3) / (p2 + p3)
    assert south["black"] == pytest.approx(expected, rel=1e-3)


def test_unknown_districts_fall_back_to_the_city() -> None:
    assert baselines.race_shares([13, 21]) == baselines.race_shares()
    assert baselines.district_shares([23]) == baselines.district_shares()
    assert baselines.race_shares([2, 99]) == baselines.race_shares([2])


def test_district_shares_are_of_the_22_districts_population() -> None:
    city = baselines.district_shares()
    assert list(city) == [str(n) for n in NUMBERS]
    total = sum(d.population_2010 for d in DISTRICTS)
    assert total == 2_695_592
    assert city["8"] == pytest.approx(247_373 * 100 / total)
    subset = baselines.district_shares([2, 3])
    assert set(subset) == {"2", "3"}
    assert subset["2"] == pytest.approx(95_439 * 100 / (95_439 + 75_235))


def test_age_groups_follow_the_city_acs_2016_2020() -> None:
    """ACS 2016-2020, the 77 community areas summed: 2,698,876 people, 342,243 of them 65 or
    older (12.7%)."""
    age = baselines.age_shares()
    assert list(age) == ["under_20", "20_34", "35_64", "65_up"]
    assert age["65_up"] == pytest.approx(342_243 * 100 / 2_698_876)
    assert age["20_34"] == pytest.approx(741_452 * 100 / 2_698_876)
    assert round(age["under_20"] + age["35_64"], 1) == round(100 - age["65_up"] - age["20_34"], 1)


def test_every_survey_age_band_has_one_comparison_group() -> None:
    from townhall.core.demographics import AgeBand

    bands = [b for bands, _bins in baselines.AGE_GROUPS.values() for b in bands]
    assert sorted(bands) == sorted(b for b in AgeBand.values if b)
