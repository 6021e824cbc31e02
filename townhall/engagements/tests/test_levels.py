"""The level rule (IV-B, IV-C, IV-D): every factor counts, the result says why."""

from __future__ import annotations

import pytest

from townhall.engagements.levels import (
    DEFAULT_RULE,
    ENTITIES,
    FACTORS,
    Factors,
    Level,
    RuleValues,
    recommend,
)


def test_no_factor_recommends_an_electronic_posting_IV_D_1_a() -> None:
    result = recommend(Factors())
    assert (result.level, result.score, result.reasons) == (Level.POSTING, 0, [])


@pytest.mark.parametrize(
    ("factor", "value", "item"),
    [
        ("new", True, "IV-B-1"),
        ("populations", ("Youth", "People experiencing homelessness"), "IV-B-2"),
        ("prior_engagement", True, "IV-B-3"),
        ("national_attention", True, "IV-B-5"),
        ("command_request", True, "IV-B-6"),
        ("community_request", True, "IV-B-7"),
        ("consent_decree", True, "IV-B-8"),
    ],
)
def test_each_factor_adds_its_points_and_is_named_in_the_reasons_IV_B(factor, value, item) -> None:  # type: ignore[no-untyped-def]
    result = recommend(Factors(**{factor: value}))
    assert result.score == DEFAULT_RULE.points[factor] > 0
    assert result.reasons == [(factor, item, DEFAULT_RULE.points[factor])]


@pytest.mark.parametrize(("entity", "item"), ENTITIES)
def test_each_external_entity_that_commented_counts_IV_B_4(entity, item) -> None:  # type: ignore[no-untyped-def]
    result = recommend(Factors(entities=[entity]))
    assert result.reasons == [(entity, item, DEFAULT_RULE.per_entity)]


def test_external_entities_count_once_each_and_up_to_the_cap_IV_B_4() -> None:
    result = recommend(Factors(entities=["mayor", "mayor", "monitor", "ccpsa", "city_agency"]))
    assert result.score == DEFAULT_RULE.entity_cap == 3
    assert [r[0] for r in result.reasons] == ["mayor", "monitor", "ccpsa"]


def test_more_factors_add_up_to_a_greater_level_IV_C() -> None:
    assert recommend(Factors(consent_decree=True)).level == Level.TARGETED
    both = recommend(Factors(consent_decree=True, community_request=True))
    assert (both.level, both.score) == (Level.ENHANCED, 6)
    # The reasons follow the directive's order, external entities at IV-B-4.
    mixed = recommend(Factors(new=True, entities=["mayor"], national_attention=True))
    assert [r[1] for r in mixed.reasons] == ["IV-B-1", "IV-B-4-a", "IV-B-5"]


def test_the_rule_is_configurable() -> None:
    strict = RuleValues(
        points={k: 1 for k, _item in FACTORS},
        per_entity=0,
        entity_cap=0,
        targeted_at=1,
        enhanced_at=2,
    )
    assert recommend(Factors(new=True), strict).level == Level.TARGETED
    assert recommend(Factors(new=True, command_request=True), strict).level == Level.ENHANCED
    assert recommend(Factors(entities=["mayor"]), strict).level == Level.POSTING


@pytest.mark.parametrize(
    "bad",
    [
        {"points": {"unknown": 1}},
        {"points": {"new": -1}},
        {"targeted_at": 0},
        {"targeted_at": 5, "enhanced_at": 4},
    ],
)
def test_an_invalid_rule_is_refused(bad) -> None:  # type: ignore[no-untyped-def]
    values = {
        "points": dict(DEFAULT_RULE.points),
        "per_entity": 1,
        "entity_cap": 3,
        "targeted_at": 3,
        "enhanced_at": 6,
        **bad,
    }
    with pytest.raises(ValueError):
        RuleValues(**values)


def test_an_unknown_entity_is_refused() -> None:
    with pytest.raises(ValueError):
        recommend(Factors(entities=["martians"]))
