"""Reads of engagements and of the level rule."""

from __future__ import annotations

from townhall.engagements import levels
from townhall.engagements.models import Engagement, LevelRule


def current_rule() -> LevelRule | None:
    return LevelRule.objects.first()


def rule_values(rule: LevelRule | None) -> levels.RuleValues:
    if rule is None:
        return levels.DEFAULT_RULE
    return levels.RuleValues(
        points=dict(rule.points),
        per_entity=rule.per_entity,
        entity_cap=rule.entity_cap,
        targeted_at=rule.targeted_at,
        enhanced_at=rule.enhanced_at,
    )


def factors_of(engagement: Engagement) -> levels.Factors:
    return levels.Factors(
        new=engagement.is_new,
        populations=tuple(engagement.populations or ()),
        prior_engagement=bool(
            engagement.prior_engagement_note.strip() or engagement.prior_engagements.exists()
        ),
        entities=tuple(
            engagement.external_comments.order_by("id").values_list("entity", flat=True)
        ),
        national_attention=engagement.national_attention,
        command_request=engagement.command_request,
        community_request=engagement.community_request,
        consent_decree=engagement.consent_decree,
    )
