"""The city's and the districts' population, to compare who took part with who lives there
(seed 002 V-B: "as representative as possible"; VIII-A). Read from the CSV files beside this
module (see baselines/README.md for their sources), once per process.

Race and ethnicity come from the 2010 census aggregated to the police districts, so a report
about some districts compares with those districts. Age comes from the ACS 2016-2020 for the
whole city, in bins that do not match the survey's bands exactly: the comparison groups below
say which bins stand for which bands, and the report says the comparison is approximate.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from townhall.core.districts import DISTRICTS

__all__ = ["AGE_GROUPS", "RACE_COLUMNS", "age_shares", "district_shares", "race_shares"]

_DIR = Path(__file__).resolve().parent / "baselines"

#: core.demographics.Race code -> census column (P5: Hispanic or Latino first, then race).
RACE_COLUMNS: dict[str, str] = {
    "black": "P005004",
    "latino": "P005010",
    "white": "P005003",
    "asian": "P005006",
    "native": "P005005",
    "pacific": "P005007",
    "multiple": "P005009",
    "other": "P005008",
}

#: Comparison group -> (survey age bands, ACS bins). ACS bins are 0-4, 5-19, 20-34, ...;
#: the survey's are under 18, 18-24, ...: "under 20" and "18-34" overlap by two years.
AGE_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "under_20": (("under_18",), ("UND5", "A5_19")),
    "20_34": (("18_24", "25_34"), ("A20_34",)),
    "35_64": (("35_44", "45_54", "55_64"), ("A35_49", "A50_64")),
    "65_up": (("65_up",), ("A65_74", "A75_84", "OV85")),
}


@cache
def _district_race() -> dict[int, dict[str, int]]:
    with (_DIR / "district_race_2010.csv").open(newline="") as f:
        return {int(r["dist_num"]): {k: int(v) for k, v in r.items()} for r in csv.DictReader(f)}


@cache
def _city_age() -> dict[str, int]:
    with (_DIR / "city_age_2016_2020.csv").open(newline="") as f:
        return {r["column"]: int(r["population"]) for r in csv.DictReader(f)}


def _known(districts: Iterable[int]) -> set[int]:
    """The numbers among `districts` that are police districts (13, 21 and 23 were merged
    away; 31, the airport, is not one of the 22)."""
    numbers = {d.number for d in DISTRICTS}
    return {int(n) for n in districts if int(n) in numbers}


def _shares(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: (v * 100 / total if total else 0.0) for k, v in counts.items()}


def race_shares(districts: Iterable[int] = ()) -> dict[str, float]:
    """Percent of the population of `districts` (the whole city when empty, or when none of
    them is one of the 22 districts) in each race or ethnicity of core.demographics.Race."""
    table = _district_race()
    wanted = _known(districts) or {d.number for d in DISTRICTS}
    counts = {code: 0 for code in RACE_COLUMNS}
    for number in wanted:
        row = table.get(number)
        if row is None:
            continue
        for code, column in RACE_COLUMNS.items():
            counts[code] += row[column]
    return _shares(counts)


def age_shares() -> dict[str, float]:
    """Percent of the city's population in each comparison group of AGE_GROUPS."""
    age = _city_age()
    return _shares({g: sum(age[c] for c in bins) for g, (_bands, bins) in AGE_GROUPS.items()})


def district_shares(districts: Iterable[int] = ()) -> dict[str, float]:
    """Percent of the population of `districts` (the city when empty, or when none of them is
    one of the 22 districts) in each district."""
    wanted = _known(districts)
    counts = {
        str(d.number): d.population_2010 for d in DISTRICTS if not wanted or d.number in wanted
    }
    return _shares(counts)
