"""The plan: three steps (V-A), their methods (V-B, V-C, V-D), activities and their status."""

from __future__ import annotations

import pytest

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.directives.models import Directive
from townhall.engagements import plan, services
from townhall.engagements.models import Activity, Level
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db


def test_every_method_belongs_to_its_step_V_A() -> None:
    assert {m.step for m in plan.METHODS} == {1, 2, 3}
    # VII-C-3-c's media communications and advertisement are outreach (step 1, V-B).
    assert all(
        m.item.startswith(plan.STEPS[m.step]) or (m.step, m.item) == (1, "VII-C-3-c")
        for m in plan.METHODS
    )
    assert {m.key for m in plan.METHODS} == set(Activity.Method.values)
    # Each level's typical set holds the lower level's (IV-C: the minimum, then more).
    assert set(plan.TYPICAL[1]) < set(plan.TYPICAL[2]) < set(plan.TYPICAL[3])


def test_an_enhanced_plan_records_media_communications_and_advertisement_VII_C_3_c() -> None:
    assert {"media_communications", "advertisement"} <= set(plan.TYPICAL[3])
    assert not {"media_communications", "advertisement"} & set(plan.TYPICAL[2])
    assert plan.method("advertisement").step == 1


def test_the_plan_starts_from_the_levels_typical_set_once(persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.TARGETED)
    made = services.plan_from_template(actor=persona("oee"), engagement=engagement)
    assert {a.method for a in made} == set(plan.TYPICAL[2])
    assert {a.step for a in made} == {1, 2, 3}
    assert services.plan_from_template(actor=persona("oee"), engagement=engagement) == []
    posting = Activity.objects.get(engagement=engagement, method="public_posting")
    assert (posting.step, posting.owner) == (2, "rd")


def test_no_plan_before_ocpr_determines_the_level_IV_D(persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = services.engagement_create(
        actor=persona("oee"),
        title="Engagement",
        originating_unit="OEE",
        directive=Directive.objects.get(number="D22-08"),
    )
    with pytest.raises(IllegalTransition):
        services.activity_add(actor=persona("oee"), engagement=engagement, method="focus_group")


def test_a_public_posting_links_to_a_posting_of_the_same_directive_V_C_10(
    persona, d22_draft, s04_versions
) -> None:  # type: ignore[no-untyped-def]
    from townhall.postings.tests.factories import open_posting

    engagement = determined(persona, Level.POSTING)
    own = open_posting(d22_draft)
    other = open_posting(s04_versions[1])
    with pytest.raises(DomainError, match="engagement's directive"):
        services.activity_add(
            actor=persona("rd"), engagement=engagement, method="public_posting", posting=other
        )
    with pytest.raises(DomainError, match="Only a public posting"):
        services.activity_add(
            actor=persona("rd"), engagement=engagement, method="focus_group", posting=own
        )
    linked = services.activity_add(
        actor=persona("rd"), engagement=engagement, method="public_posting", posting=own
    )
    assert linked.posting == own


def test_activities_move_planned_under_way_done_or_cancelled_with_a_reason(
    persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.ENHANCED)
    oee = persona("oee")
    conversation = services.activity_add(
        actor=oee,
        engagement=engagement,
        method="community_conversation",
        title="Austin (15th District)",
    )
    services.activity_start(actor=oee, activity=conversation)
    done = services.activity_finish(actor=oee, activity=conversation, participants=64)
    assert (done.status, done.participants) == ("done", 64)
    with pytest.raises(IllegalTransition):
        services.activity_cancel(actor=oee, activity=done, reason="Too late")
    survey = services.activity_add(actor=oee, engagement=engagement, method="anonymous_survey")
    with pytest.raises(DomainError, match="why"):
        services.activity_cancel(actor=oee, activity=survey, reason=" ")
    cancelled = services.activity_cancel(
        actor=oee, activity=survey, reason="Merged into the forum."
    )
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Merged into the forum.")
    assert Activity.objects.filter(pk=survey.pk).exists()  # kept in the plan


def test_dates_and_owner_are_checked(persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    import datetime

    engagement = determined(persona, Level.POSTING)
    with pytest.raises(DomainError, match="end before"):
        services.activity_add(
            actor=persona("oee"),
            engagement=engagement,
            method="focus_group",
            starts_on=datetime.date(2026, 12, 10),
            ends_on=datetime.date(2026, 12, 1),
        )
    with pytest.raises(DomainError):
        services.activity_add(actor=persona("oee"), engagement=engagement, method="nope")
    with pytest.raises(NotAllowed):
        services.activity_add(
            actor=persona("communications"), engagement=engagement, method="focus_group"
        )
