"""Demo: an engagement on this very directive (D22-08), assessed by OEE and waiting for OCPR's
determination, so a newcomer sees the recommended level and why."""

from __future__ import annotations

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import Directive
from townhall.engagements import services
from townhall.engagements.models import Engagement, Topic


def load_demo_engagements() -> int:
    directive = Directive.objects.filter(number="D22-08").first()
    if directive is None or Engagement.objects.filter(directive=directive).exists():
        return 0
    oee = ensure_persona_by_key("oee")
    engagement = services.engagement_create(
        actor=oee,
        title="Community engagement in policy and training development (D22-08)",
        originating_unit="Office of Equity and Engagement",
        directive=directive,
        topics=Topic.objects.filter(slug="accountability"),
    )
    services.external_comment_add(
        actor=oee,
        engagement=engagement,
        entity="monitor",
        summary="The Independent Monitoring Team asked that community input shape the draft.",
    )
    services.engagement_assess(
        actor=oee,
        engagement=engagement,
        is_new=True,
        populations=["Community organizations", "Department members"],
        prior_engagement_note="Working groups on use of force and search warrants, 2021-2023.",
        national_attention=False,
        command_request=False,
        community_request=False,
        consent_decree=True,
        consent_decree_paragraph="¶ 52",
    )
    return 1
