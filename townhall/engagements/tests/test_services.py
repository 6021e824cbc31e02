"""Engagements: create, assess (IV-A, IV-B), determine (IV-C, IV-D), change the rule."""

from __future__ import annotations

import pytest

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.models import Directive
from townhall.engagements import services
from townhall.engagements.models import Engagement, Level, LevelRule, Topic
from townhall.engagements.tests.helpers import NO_FACTORS, determined

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(persona, d22_draft):  # type: ignore[no-untyped-def]
    return services.engagement_create(
        actor=persona("originating_unit"),
        title="Community engagement in policy development (D22-08)",
        originating_unit="Office of Equity and Engagement",
        directive=Directive.objects.get(number="D22-08"),
        topics=Topic.objects.filter(slug="accountability"),
    )


def _assess(actor, engagement, **factors) -> Engagement:  # type: ignore[no-untyped-def]
    return services.engagement_assess(
        actor=actor, engagement=engagement, **{**NO_FACTORS, **factors}
    )


def test_the_topics_of_III_A_and_the_starting_rule_are_there() -> None:
    assert Topic.objects.filter(item__startswith="III-A-").count() == 6
    assert LevelRule.objects.count() == 1


def test_an_engagement_is_about_a_directive_or_a_training_III_A(persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        services.engagement_create(
            actor=persona("originating_unit"), title="Nothing", originating_unit="Patrol"
        )
    with pytest.raises(NotAllowed):
        services.engagement_create(
            actor=persona("communications"),
            title="x",
            originating_unit="Patrol",
            directive=Directive.objects.first(),
        )


def test_the_assessment_records_the_factors_and_recommends_with_reasons_IV_B(
    persona, engagement
) -> None:  # type: ignore[no-untyped-def]
    services.external_comment_add(
        actor=persona("pscd"),
        engagement=engagement,
        entity="monitor",
        summary="The Independent Monitoring Team asked for community input on this draft.",
    )
    assessed = _assess(
        persona("originating_unit"),
        engagement,
        consent_decree=True,
        consent_decree_paragraph="¶ 52",
        populations=["Youth", "  "],
    )
    assert assessed.populations == ["Youth"]
    assert assessed.recommended_level == Level.ENHANCED  # 3 + 2 + 1 = 6
    assert [r["item"] for r in assessed.recommended_reasons] == ["IV-B-2", "IV-B-4-b", "IV-B-8"]
    assert assessed.rule == LevelRule.objects.first()
    with pytest.raises(DomainError, match="paragraph"):
        _assess(persona("oee"), engagement, consent_decree=True)


def test_only_ocpr_determines_the_level_IV_D(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    _assess(persona("oee"), engagement, community_request=True)
    for role in ("originating_unit", "oee", "pscd", "rd"):
        with pytest.raises(NotAllowed):
            services.engagement_determine(
                actor=persona(role), engagement=engagement, level=2, consulted=[]
            )


def test_going_beyond_the_recommendation_needs_no_reason_IV_C(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    _assess(persona("oee"), engagement, community_request=True)  # targeted
    determined = services.engagement_determine(
        actor=persona("ocpr_chief"),
        engagement=engagement,
        level=Level.ENHANCED,
        consulted=["pscd", "oee", "originating_unit"],
    )
    assert (determined.status, determined.level, determined.consulted) == (
        "determined",
        3,
        ["oee", "originating_unit", "pscd"],
    )
    assert AuditEvent.objects.filter(action="engagement.determine").exists()
    with pytest.raises(IllegalTransition):
        services.engagement_determine(
            actor=persona("ocpr_chief"), engagement=determined, level=3, consulted=[]
        )


def test_below_the_recommendation_only_with_a_written_reason_IV_C(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    _assess(persona("oee"), engagement, community_request=True)  # targeted
    with pytest.raises(DomainError, match="below the recommended level"):
        services.engagement_determine(
            actor=persona("ocpr_designee"), engagement=engagement, level=Level.POSTING, consulted=[]
        )
    determined = services.engagement_determine(
        actor=persona("ocpr_designee"),
        engagement=engagement,
        level=Level.POSTING,
        consulted=["oee"],
        reason="The community group asked for a posting first; a forum follows in spring.",
    )
    assert determined.level == Level.POSTING and determined.level_reason


def test_no_determination_before_an_assessment(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IllegalTransition):
        services.engagement_determine(
            actor=persona("ocpr_chief"), engagement=engagement, level=2, consulted=[]
        )


def test_consulted_units_come_from_the_list_IV_D(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    _assess(persona("oee"), engagement)
    with pytest.raises(DomainError):
        services.engagement_determine(
            actor=persona("ocpr_chief"), engagement=engagement, level=1, consulted=["mayor"]
        )


def test_the_rule_changes_only_by_a_new_row_with_a_note(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    admin = persona("admin")
    first = LevelRule.objects.get()
    with pytest.raises(NotAllowed):
        services.level_rule_change(
            actor=persona("ocpr_chief"),
            points={},
            per_entity=1,
            entity_cap=3,
            targeted_at=1,
            enhanced_at=2,
            note="x",
        )
    with pytest.raises(DomainError, match="not valid"):
        services.level_rule_change(
            actor=admin,
            points={},
            per_entity=1,
            entity_cap=3,
            targeted_at=0,
            enhanced_at=2,
            note="x",
        )
    rule = services.level_rule_change(
        actor=admin,
        points={"new": 5},
        per_entity=1,
        entity_cap=3,
        targeted_at=3,
        enhanced_at=5,
        note="A new policy always gets enhanced engagement.",
    )
    assert LevelRule.objects.count() == 2 and LevelRule.objects.first() == rule
    assessed = _assess(persona("oee"), engagement, is_new=True)
    assert (assessed.recommended_level, assessed.rule) == (Level.ENHANCED, rule)
    first.refresh_from_db()
    assert first.targeted_at == 3  # the old rule is kept as it was


def test_an_engagement_beyond_policy_and_training_has_another_subject_VI_A(
    persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.models import Engagement

    engagement = services.engagement_create(
        actor=persona("oee"),
        title="COPA Chief Administrator search: public forums",
        originating_unit="Mayor's Office of Community Engagement",
        other_subject="Selection of COPA's Chief Administrator",
    )
    assert engagement.subject_kind == "other"
    with pytest.raises(DomainError):
        services.engagement_create(
            actor=persona("oee"),
            title="Both",
            originating_unit="OEE",
            directive=Directive.objects.get(number="D22-08"),
            other_subject="A council",
        )
    assert Engagement.objects.count() == 1


def test_no_directive_or_training_duties_for_another_subject_VI_D_VI_E(persona) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(
        persona,
        1,
        title="Council on Mental Health Equity: quarterly meetings",
        about={"other_subject": "Chicago Council on Mental Health Equity"},
    )
    for move in (
        services.engagement_start_outreach,
        services.engagement_start_engaging,
        services.engagement_start_follow_up,
    ):
        engagement = move(actor=persona("oee"), engagement=engagement)
    duties = set(engagement.tasks.values_list("duty", flat=True))
    assert "VI-B-4" in duties and not duties & {"VI-D-1", "VI-D-2", "VI-E-1", "VI-E-2"}
