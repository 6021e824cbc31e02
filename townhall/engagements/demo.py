"""Demo: an engagement on this very directive (D22-08), assessed by OEE and waiting for OCPR's
determination, so a newcomer sees the recommended level and why."""

from __future__ import annotations

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import Directive
from townhall.engagements import services
from townhall.engagements.models import Engagement, Topic


def load_demo_engagements() -> int:
    from townhall.engagements.demo_public import load_public_demo

    return _d22_08_assessed() + _g03_02_planned() + load_public_demo()


def _g03_02_planned() -> int:
    """Use of force (G03-02), determined at enhanced engagement, with its plan under way."""
    import datetime

    from townhall.postings.models import Posting

    directive = Directive.objects.filter(number="G03-02").first()
    if directive is None or Engagement.objects.filter(directive=directive).exists():
        return 0
    oee = ensure_persona_by_key("oee")
    engagement = services.engagement_create(
        actor=oee,
        title="Use of force: continuous review (G03-02)",
        originating_unit="Bureau of Patrol",
        directive=directive,
        topics=Topic.objects.filter(slug="use-of-force"),
    )
    services.engagement_assess(
        actor=oee,
        engagement=engagement,
        is_new=False,
        populations=["Youth", "People in crisis"],
        prior_engagement_note="The 2020-2021 use-of-force working group.",
        national_attention=True,
        command_request=False,
        community_request=True,
        consent_decree=True,
        consent_decree_paragraph="¶ 157",
    )
    services.engagement_determine(
        actor=ensure_persona_by_key("ocpr_chief"),
        engagement=engagement,
        level=3,
        consulted=["pscd", "oee", "originating_unit", "rd"],
    )
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
