"""Demo: an engagement on this very directive (D22-08), assessed by OEE and waiting for OCPR's
determination, so a newcomer sees the recommended level and why."""

from __future__ import annotations

from townhall.accounts.demo import ensure_persona_by_key
from townhall.engagements import services
from townhall.engagements.demo_public import (
    assess,
    determine,
    load_public_demo,
    start_on_directive,
)


def load_demo_engagements() -> int:
    return _d22_08_assessed() + _g03_02_planned() + load_public_demo()


def _g03_02_planned() -> int:
    """Use of force (G03-02), determined at enhanced engagement, with its plan under way."""
    import datetime

    from townhall.postings.models import Posting

    engagement = start_on_directive(
        "G03-02",
        title="Use of force: continuous review (G03-02)",
        unit="Bureau of Patrol",
        topic="use-of-force",
    )
    if engagement is None:
        return 0
    directive = engagement.directive
    oee = ensure_persona_by_key("oee")
    engagement = assess(
        engagement,
        populations=["Youth", "People in crisis"],
        prior_engagement_note="The 2020-2021 use-of-force working group.",
        national_attention=True,
        community_request=True,
        consent_decree=True,
        consent_decree_paragraph="¶ 157",
    )
    engagement = determine(engagement, 3)
    services.plan_from_template(actor=oee, engagement=engagement)
    posting = Posting.objects.filter(version__directive=directive).first()
    services.activity_add(
        actor=ensure_persona_by_key("rd"),
        engagement=engagement,
        method="public_posting",
        title="Use of force open for comment at any time",
        posting=posting,
    )
    services.activity_add(
        actor=oee,
        engagement=engagement,
        method="community_conversation",
        title="Community conversation, 11th District",
        starts_on=datetime.date(2026, 12, 3),
        ends_on=datetime.date(2026, 12, 3),
    )
    # Into step 2, so the units have tasks on the dashboard (VI); the originating unit has
    # done its coordination (VI-C-1).
    services.task_complete(
        actor=ensure_persona_by_key("originating_unit"),
        task=engagement.tasks.get(duty="VI-C-1"),
        note="Met OEE, PSCD, OCPR and R&D on the plan.",
    )
    engagement = services.engagement_start_outreach(actor=oee, engagement=engagement)
    services.engagement_start_engaging(actor=oee, engagement=engagement)
    return 1


def _d22_08_assessed() -> int:
    engagement = start_on_directive(
        "D22-08",
        title="Community engagement in policy and training development (D22-08)",
        unit="Office of Equity and Engagement",
        topic="accountability",
    )
    if engagement is None:
        return 0
    services.external_comment_add(
        actor=ensure_persona_by_key("oee"),
        engagement=engagement,
        entity="monitor",
        summary="The Independent Monitoring Team asked that community input shape the draft.",
    )
    assess(
        engagement,
        is_new=True,
        populations=["Community organizations", "Department members"],
        prior_engagement_note="Working groups on use of force and search warrants, 2021-2023.",
        consent_decree=True,
        consent_decree_paragraph="¶ 52",
    )
    return 1
