"""Engagements made through the services, for the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from townhall.accounts.models import User
from townhall.directives.models import Directive
from townhall.engagements import services
from townhall.engagements.models import Engagement


def assessed(persona: Callable[[str], User], **factors: Any) -> Engagement:
    """An engagement on D22-08, assessed by OEE with the given IV-B factors."""
    engagement = services.engagement_create(
        actor=persona("oee"),
        title="Engagement on D22-08",
        originating_unit="OEE",
        directive=Directive.objects.get(number="D22-08"),
    )
    values = {
        "is_new": False,
        "populations": [],
        "prior_engagement_note": "",
        "national_attention": False,
        "command_request": False,
        "community_request": False,
        "consent_decree": False,
        **factors,
    }
    return services.engagement_assess(actor=persona("oee"), engagement=engagement, **values)


def determined(persona: Callable[[str], User], level: int) -> Engagement:
    """The same, with the level determined by the Chief of OCPR."""
    return services.engagement_determine(
        actor=persona("ocpr_chief"), engagement=assessed(persona), level=level, consulted=["oee"]
    )
