"""The three steps of an engagement (V-A) and their methods (V-B 1-5, V-C 1-11, V-D 1-4), and
the typical set of activities for each level of engagement (pure Python).

The typical sets are a starting point (a plan "can be started from the recommended level's
typical set"), never a limit: IV-C encourages going beyond the minimum, and staff add, drop
or cancel activities freely.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["METHODS", "STEPS", "TYPICAL", "Method", "method"]

STEPS = {
    1: "V-B",  # Community outreach and public sentiment assessment
    2: "V-C",  # Engagement
    3: "V-D",  # Follow-up
}


@dataclass(frozen=True)
class Method:
    key: str
    step: int
    item: str


METHODS: tuple[Method, ...] = (
    Method("public_website", 1, "V-B-1"),
    Method("digital_media", 1, "V-B-2"),
    Method("community_partnerships", 1, "V-B-3"),
    Method("city_agency_partnerships", 1, "V-B-4"),
    Method("awareness_campaign", 1, "V-B-5"),
    Method("media_communications", 1, "VII-C-3-c"),
    Method("advertisement", 1, "VII-C-3-c"),
    Method("advisory_committee", 2, "V-C-1"),
    Method("anonymous_survey", 2, "V-C-2"),
    Method("ccpsa", 2, "V-C-3"),
    Method("community_conversation", 2, "V-C-4"),
    Method("cpap", 2, "V-C-5"),
    Method("deliberative_dialogue", 2, "V-C-6"),
    Method("district_advisory_committee", 2, "V-C-7"),
    Method("focus_group", 2, "V-C-8"),
    Method("internal_focus_group", 2, "V-C-9"),
    Method("public_posting", 2, "V-C-10"),
    Method("working_group", 2, "V-C-11"),
    Method("follow_up_meeting", 3, "V-D-1"),
    Method("ongoing_communication", 3, "V-D-2"),
    Method("reporting", 3, "V-D-3"),
    Method("post_engagement_survey", 3, "V-D-4"),
)
_BY_KEY = {m.key: m for m in METHODS}


def method(key: str) -> Method:
    return _BY_KEY[key]


_POSTING = ("public_website", "community_partnerships", "public_posting", "reporting")
_TARGETED = (*_POSTING, "digital_media", "focus_group", "follow_up_meeting")
_ENHANCED = (
    *_TARGETED,
    "city_agency_partnerships",
    "community_conversation",
    "deliberative_dialogue",
    "anonymous_survey",
    "ongoing_communication",
    "post_engagement_survey",
    # VII-C-3-c: critical policies get media communications and advertisement.
    "media_communications",
    "advertisement",
)
# Level (1: IV-D-1-a, 2: IV-D-1-b, 3: IV-D-2) -> the methods a plan for it typically has.
TYPICAL: dict[int, tuple[str, ...]] = {1: _POSTING, 2: _TARGETED, 3: _ENHANCED}
