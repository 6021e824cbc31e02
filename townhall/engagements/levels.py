"""The recommended level of community engagement, from the factors of IV-B (pure Python).

IV-B lists the factors OCPR considers; IV-C says that identifying more of them "can add to a
potentially greater level"; IV-D-1 and IV-D-2 name the levels. The rule here makes that
transparent: each factor present adds its points, each external entity that commented
(IV-B-4 a-g) adds its own, and the total against two thresholds gives the level. The points
and thresholds are the administrator's (a `LevelRule` row, with its history), and the result
says which factors pushed the level up, and by how much.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

__all__ = [
    "DEFAULT_RULE",
    "ENTITIES",
    "FACTORS",
    "Factors",
    "Level",
    "Recommendation",
    "RuleValues",
    "recommend",
]


class Level(IntEnum):
    """Ordered: a determination may go above the recommendation freely, below it only with
    a written reason (IV-C)."""

    POSTING = 1  # IV-D-1-a: electronic posting, with outreach to relevant groups
    TARGETED = 2  # IV-D-1-b: targeted outreach and discussions with specific groups
    ENHANCED = 3  # IV-D-2: enhanced engagement


# IV-B 1-8, except 4 (external comments), which counts per entity.
FACTORS: tuple[tuple[str, str], ...] = (
    ("new", "IV-B-1"),
    ("populations", "IV-B-2"),
    ("prior_engagement", "IV-B-3"),
    ("national_attention", "IV-B-5"),
    ("command_request", "IV-B-6"),
    ("community_request", "IV-B-7"),
    ("consent_decree", "IV-B-8"),
)
# IV-B-4 a-g.
ENTITIES: tuple[tuple[str, str], ...] = (
    ("mayor", "IV-B-4-a"),
    ("monitor", "IV-B-4-b"),
    ("attorney_general", "IV-B-4-c"),
    ("inspector_general", "IV-B-4-d"),
    ("ccpsa", "IV-B-4-e"),
    ("city_agency", "IV-B-4-f"),
    ("community_group", "IV-B-4-g"),
)


@dataclass(frozen=True)
class RuleValues:
    points: Mapping[str, int]  # per factor of FACTORS
    per_entity: int  # for each distinct entity of IV-B-4 that commented
    entity_cap: int  # at most this many points from IV-B-4 altogether
    targeted_at: int  # a total at or above this recommends IV-D-1-b
    enhanced_at: int  # ... and at or above this, IV-D-2

    def __post_init__(self) -> None:
        unknown = set(self.points) - {k for k, _item in FACTORS}
        if unknown:
            raise ValueError(f"unknown factors: {sorted(unknown)}")
        if any(v < 0 for v in self.points.values()) or self.per_entity < 0 or self.entity_cap < 0:
            raise ValueError("points cannot be negative")
        if not 0 < self.targeted_at <= self.enhanced_at:
            raise ValueError("thresholds must satisfy 0 < targeted <= enhanced")


# The starting rule, before an administrator changes it. A consent-decree review (IV-B-8) or a
# community's request to lead or co-produce (IV-B-7) alone reaches targeted outreach; three
# or four factors together reach enhanced engagement.
DEFAULT_RULE = RuleValues(
    points={
        "new": 1,
        "populations": 2,
        "prior_engagement": 1,
        "national_attention": 2,
        "command_request": 1,
        "community_request": 3,
        "consent_decree": 3,
    },
    per_entity=1,
    entity_cap=3,
    targeted_at=3,
    enhanced_at=6,
)


@dataclass(frozen=True)
class Factors:
    new: bool = False
    populations: Sequence[str] = ()
    prior_engagement: bool = False
    entities: Sequence[str] = ()  # keys of ENTITIES that have commented
    national_attention: bool = False
    command_request: bool = False
    community_request: bool = False
    consent_decree: bool = False

    def present(self) -> list[str]:
        return [k for k, _item in FACTORS if bool(getattr(self, k))]


@dataclass(frozen=True)
class Recommendation:
    level: Level
    score: int
    # (factor or entity key, directive item, points), in the directive's order: the "why".
    reasons: list[tuple[str, str, int]] = field(default_factory=list)


def recommend(factors: Factors, rule: RuleValues = DEFAULT_RULE) -> Recommendation:
    reasons: list[tuple[str, str, int]] = []
    for key, item in FACTORS:
        if bool(getattr(factors, key)) and rule.points.get(key, 0):
            reasons.append((key, item, rule.points[key]))
    entity_points = 0
    known = dict(ENTITIES)
    for key in dict.fromkeys(factors.entities):  # each entity once, in the order given
        if key not in known:
            raise ValueError(f"unknown external entity: {key}")
        points = min(rule.per_entity, rule.entity_cap - entity_points)
        if points > 0:
            reasons.append((key, known[key], points))
            entity_points += points
    reasons.sort(key=lambda r: r[1])  # the directive's order: IV-B-3, IV-B-4-a, ..., IV-B-5
    score = sum(p for _k, _i, p in reasons)
    if score >= rule.enhanced_at:
        level = Level.ENHANCED
    elif score >= rule.targeted_at:
        level = Level.TARGETED
    else:
        level = Level.POSTING
    return Recommendation(level=level, score=score, reasons=reasons)
