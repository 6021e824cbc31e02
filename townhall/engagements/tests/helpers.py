"""Engagements made through the services, for the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from townhall.accounts.models import User
from townhall.directives.models import Directive
from townhall.engagements import services
from townhall.engagements.demo_public import NO_FACTORS
from townhall.engagements.models import Engagement


def assessed(
    persona: Callable[[str], User],
    *,
    unit: str = "OEE",
    about: dict[str, Any] | None = None,
    title: str = "Engagement on D22-08",
    actor: str = "oee",
    **factors: Any,
) -> Engagement:
    """An engagement assessed with the given IV-B factors: on D22-08 unless `about` names
    another subject (training=…, training_title=…, other_subject=…)."""
    subject = about or {"directive": Directive.objects.get(number="D22-08")}
    engagement = services.engagement_create(
        actor=persona(actor), title=title, originating_unit=unit, **subject
    )
    return services.engagement_assess(
        actor=persona(actor), engagement=engagement, **{**NO_FACTORS, **factors}
    )


def determined(
    persona: Callable[[str], User], level: int, *, consulted: str = "oee", **kwargs: Any
) -> Engagement:
    """The same, with the level determined by the Chief of OCPR."""
    return services.engagement_determine(
        actor=persona("ocpr_chief"),
        engagement=assessed(persona, **kwargs),
        level=level,
        consulted=[consulted],
    )
