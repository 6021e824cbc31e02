"""The 22 police districts of Chicago (as drawn in 2020), for pages and filters.

District 31 in the census key is the airport district; it has no district station or
community meetings, so it is not one of the 22. Populations are the 2010 census counts
aggregated to the 2020 districts (shared/data/demographics/jkeefe_chicago_police_districts,
MIT), copied here so the project runs alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DISTRICTS",
    "District",
    "district",
    "district_choices",
    "district_numbers",
    "districts_of",
]


@dataclass(frozen=True)
class District:
    number: int
    name: str  # the station's name, a proper noun: not translated
    population_2010: int

    @property
    def ordinal_label(self) -> str:
        return f"{self.number:03d} {self.name}"


DISTRICTS: tuple[District, ...] = (
    District(1, "Central", 62781),
    District(2, "Wentworth", 95439),
    District(3, "Grand Crossing", 75235),
    District(4, "South Chicago", 123575),
    District(5, "Calumet", 74396),
    District(6, "Gresham", 90841),
    District(7, "Englewood", 71071),
    District(8, "Chicago Lawn", 247373),
    District(9, "Deering", 165201),
    District(10, "Ogden", 118093),
    District(11, "Harrison", 70474),
    District(12, "Near West", 127869),
    District(14, "Shakespeare", 117738),
    District(15, "Austin", 59458),
    District(16, "Jefferson Park", 199476),
    District(17, "Albany Park", 144096),
    District(18, "Near North", 117041),
    District(19, "Town Hall", 200786),
    District(20, "Lincoln", 91279),
    District(22, "Morgan Park", 101941),
    District(24, "Rogers Park", 141038),
    District(25, "Grand Central", 200391),
)
_BY_NUMBER = {d.number: d for d in DISTRICTS}


def district(number: int) -> District | None:
    return _BY_NUMBER.get(number)


def district_choices() -> list[tuple[int, str]]:
    return [(d.number, d.ordinal_label) for d in DISTRICTS]


def district_numbers(values: Iterable[Any] | None) -> list[int]:
    """District numbers as stored in a JSON list, tolerating strings ("7")."""
    out = []
    for value in values or ():
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


def districts_of(values: Iterable[Any] | None) -> tuple[District, ...]:
    """The districts a stored list names, in its order; numbers not among the 22 dropped."""
    found = (district(n) for n in district_numbers(values))
    return tuple(d for d in found if d is not None)
