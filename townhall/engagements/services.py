"""Writes of engagements: create, assess (IV-B), determine the level (IV-C, IV-D), and change
the level rule. One function per move, each with an audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import Role, User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.directives.models import Directive
from townhall.engagements import levels, permissions
from townhall.engagements.models import (
    Engagement,
    ExternalComment,
    Level,
    LevelRule,
    Topic,
    Training,
)
from townhall.engagements.selectors import current_rule, factors_of, rule_values

__all__ = [
    "engagement_assess",
    "engagement_create",
    "engagement_determine",
    "external_comment_add",
    "level_rule_change",
]

# IV-D: OCPR determines in consultation with these units.
CONSULTABLE = (Role.PSCD, Role.OEE, Role.ORIGINATING_UNIT, Role.RD, Role.TRAINING)


def engagement_create(
    *,
    actor: User,
    title: str,
    originating_unit: str,
    directive: Directive | None = None,
    training: Training | None = None,
    training_title: str = "",
    topics: Iterable[Topic] = (),
) -> Engagement:
    """III-A: an engagement is about a directive or a training, never neither. A training not
    yet in Townhall is made from its title."""
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot start an engagement."))
    title = " ".join(title.split())
    if not title:
        raise DomainError(_("Give the engagement a title."))
    training_title = " ".join(training_title.split())
    has_training = training is not None or bool(training_title)
    if (directive is None) == (not has_training):
        raise DomainError(_("An engagement is about one directive or one training."))
    if not originating_unit.strip():
        raise DomainError(_("Name the originating unit."))
    with transaction.atomic():
        if training is None and training_title:
            training = Training.objects.create(title=training_title[:300])
        engagement = Engagement.objects.create(
            title=title[:300],
            directive=directive,
            training=training,
            originating_unit=originating_unit.strip()[:200],
            created_by=actor,
        )
        engagement.topics.set(list(topics))
        audit_record(actor=actor, action="engagement.create", obj=engagement)
    return engagement


def external_comment_add(
    *,
    actor: User,
    engagement: Engagement,
    entity: str,
    summary: str,
    name: str = "",
    received_on: datetime.date | None = None,
) -> ExternalComment:
    """IV-B-4: a previous comment from an external entity, kept with the assessment."""
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot assess engagements."))
    if entity not in ExternalComment.Entity.values:
        raise DomainError(_("Choose who made the comment."))
    if not summary.strip():
        raise DomainError(_("Say what they commented."))
    with transaction.atomic():
        comment = ExternalComment.objects.create(
            engagement=engagement,
            entity=entity,
            name=name.strip()[:200],
            summary=summary.strip(),
            received_on=received_on,
        )
        audit_record(
            actor=actor,
            action="engagement.external_comment",
            obj=engagement,
            after={"entity": entity},
        )
    return comment


def engagement_assess(
    *,
    actor: User,
    engagement: Engagement,
    is_new: bool,
    populations: Sequence[str],
    prior_engagement_note: str,
    national_attention: bool,
    command_request: bool,
    community_request: bool,
    consent_decree: bool,
    consent_decree_paragraph: str = "",
) -> Engagement:
    """IV-A, IV-B: record the factors; the rule in force recommends a level and says why.
    A determined engagement is reassessed only after its determination is withdrawn."""
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot assess engagements."))
    if engagement.status != Engagement.Status.ASSESSING:
        raise IllegalTransition(_("The level has been determined; the assessment is closed."))
    cleaned = [p.strip()[:120] for p in populations if p.strip()]
    if consent_decree and not consent_decree_paragraph.strip():
        raise DomainError(_("Give the consent decree paragraph that requires the review."))
    rule = current_rule()
    with transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(
            is_new=is_new,
            populations=cleaned,
            prior_engagement_note=prior_engagement_note.strip(),
            national_attention=national_attention,
            command_request=command_request,
            community_request=community_request,
            consent_decree=consent_decree,
            consent_decree_paragraph=consent_decree_paragraph.strip()[:40]
            if consent_decree
            else "",
            assessed_at=timezone.now(),
        )
        engagement.refresh_from_db()
        result = levels.recommend(factors_of(engagement), rule_values(rule))
        Engagement.objects.filter(pk=engagement.pk).update(
            recommended_level=int(result.level),
            recommended_score=result.score,
            recommended_reasons=[
                {"factor": k, "item": item, "points": p} for k, item, p in result.reasons
            ],
            rule=rule,
        )
        audit_record(
            actor=actor,
            action="engagement.assess",
            obj=engagement,
            after={"recommended_level": int(result.level), "score": result.score},
        )
    engagement.refresh_from_db()
    return engagement


def engagement_determine(
    *,
    actor: User,
    engagement: Engagement,
    level: int,
    consulted: Sequence[str],
    reason: str = "",
) -> Engagement:
    """IV-D: OCPR determines the type and degree of engagement, in consultation with the units
    it names. IV-C: above the recommendation is encouraged; below it needs a written reason."""
    if not permissions.can_determine_level(actor):
        raise NotAllowed(_("Only OCPR determines the level of engagement."))
    if engagement.status != Engagement.Status.ASSESSING:
        raise IllegalTransition(_("The level has already been determined."))
    if engagement.recommended_level is None:
        raise IllegalTransition(_("Record the assessment first: there is no recommendation yet."))
    if level not in Level.values:
        raise DomainError(_("Choose a level of engagement."))
    reason = reason.strip()
    if level < engagement.recommended_level and not reason:
        raise DomainError(
            _(
                "This is below the recommended level (%(level)s). Say why in writing; "
                "going beyond the minimum needs no reason (IV-C)."
            )
            % {"level": Level(engagement.recommended_level).label}
        )
    unknown = set(consulted) - {r.value for r in CONSULTABLE}
    if unknown:
        raise DomainError(_("Choose the consulted units from the list."))
    with transaction.atomic():
        updated = Engagement.objects.filter(
            pk=engagement.pk, status=Engagement.Status.ASSESSING
        ).update(
            status=Engagement.Status.DETERMINED,
            level=level,
            level_reason=reason,
            consulted=sorted(set(consulted)),
            determined_by=actor,
            determined_at=timezone.now(),
        )
        if not updated:
            raise IllegalTransition(_("The level has already been determined."))
        audit_record(
            actor=actor,
            action="engagement.determine",
            obj=engagement,
            before={"recommended_level": engagement.recommended_level},
            after={"level": level, "reason": reason, "consulted": sorted(set(consulted))},
        )
    engagement.refresh_from_db()
    return engagement


def level_rule_change(
    *,
    actor: User,
    points: dict[str, int],
    per_entity: int,
    entity_cap: int,
    targeted_at: int,
    enhanced_at: int,
    note: str,
) -> LevelRule:
    """An administrator changes the rule: a new row, the old ones kept as its history."""
    if not permissions.can_change_level_rule(actor):
        raise NotAllowed(_("Only a system administrator changes the level rule."))
    try:
        levels.RuleValues(
            points=points,
            per_entity=per_entity,
            entity_cap=entity_cap,
            targeted_at=targeted_at,
            enhanced_at=enhanced_at,
        )
    except ValueError as exc:
        raise DomainError(_("The rule is not valid: %(why)s") % {"why": exc}) from exc
    if not note.strip():
        raise DomainError(_("Say why the rule changes; the note stays with it."))
    with transaction.atomic():
        rule = LevelRule.objects.create(
            points=points,
            per_entity=per_entity,
            entity_cap=entity_cap,
            targeted_at=targeted_at,
            enhanced_at=enhanced_at,
            note=note.strip(),
            created_by=actor,
        )
        audit_record(actor=actor, action="level_rule.change", obj=rule, after=dict(points))
    return rule
