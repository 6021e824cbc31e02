"""Publishing a closed survey's results (seed 002 V-D-3): computed, protected and frozen, so the
public page shows exactly what was checked and nothing recomputed later can differ."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.surveys import permissions
from townhall.surveys.models import Response, Survey
from townhall.surveys.results import DIMENSIONS, compute

__all__ = ["audiences_of", "results_snapshot", "survey_results_publish"]


def audiences_of(survey: Survey) -> list[str]:
    out = []
    if survey.for_public:
        out.append(Response.Audience.PUBLIC.value)
    if survey.for_department:
        out.append(Response.Audience.DEPARTMENT.value)
    return out


def results_snapshot(survey: Survey) -> dict[str, Any]:
    """Every table the public page can show: each audience overall and by each demographic
    breakdown that can be shown. Labels are English here and put in the reader's language
    when shown (results.relabel)."""
    audiences: dict[str, Any] = {}
    for audience in audiences_of(survey):
        responses = list(survey.responses.filter(audience=audience).only("id", "answers"))
        entry = {"overall": compute(survey, audience=audience, responses=responses), "by": {}}
        for dimension in DIMENSIONS:
            by = compute(survey, audience=audience, dimension=dimension, responses=responses)
            if by["dimension_available"]:
                entry["by"][dimension] = by
        audiences[audience] = entry
    return {"min_cell": survey.min_cell, "audiences": audiences}


def survey_results_publish(*, actor: User, survey: Survey) -> Survey:
    """A closed survey's results go public. Publishing again (after late paper answers)
    replaces them; the audit trail keeps each time."""
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(_("Your role cannot publish this survey's results."))
    if survey.status != Survey.Status.CLOSED:
        raise IllegalTransition(_("Results are published once the survey has closed."))
    snapshot = results_snapshot(survey)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        again = locked.results_published_at is not None
        locked.results = snapshot
        locked.results_published_at = timezone.now()
        locked.save(update_fields=["results", "results_published_at"])
        audit_record(
            actor=actor,
            action="survey.results_publish",
            obj=locked,
            after={"again": again, "audiences": sorted(snapshot["audiences"])},
        )
    return locked
