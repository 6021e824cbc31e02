"""Reads of surveys, for the public pages, the staff pages and the API."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from townhall.surveys.models import Answered, InvitationBatch, Question, Response, Survey

__all__ = [
    "answer_counts",
    "open_public_surveys",
    "public_survey",
    "published_surveys",
    "questions_of",
    "staff_surveys",
]

_VISIBLE = (Survey.Status.OPEN, Survey.Status.CLOSED)


def _public_base() -> QuerySet[Survey]:
    return Survey.objects.filter(
        activity__is_public=True, activity__engagement__is_public=True
    ).select_related("activity", "activity__engagement", "meeting")


def open_public_surveys() -> QuerySet[Survey]:
    """Listed on /surveys/: open, for the public, open to anyone with the link. Invitation-only
    surveys are reached through their links and Department-only ones from the staff area."""
    return (
        _public_base()
        .filter(
            status=Survey.Status.OPEN,
            audience__in=[Survey.Audience.PUBLIC, Survey.Audience.BOTH],
            access=Survey.Access.OPEN,
            closes_at__gt=timezone.now(),
        )
        .order_by("closes_at", "id")
    )


def published_surveys() -> QuerySet[Survey]:
    return (
        _public_base()
        .filter(results_published_at__isnull=False)
        .order_by("-results_published_at", "-id")
    )


def public_survey(slug: str) -> Survey | None:
    """A survey's page exists once it has opened; before that it is a draft. A survey for
    Department members only (an internal focus group's, V-C-9) may belong to an activity that
    is not on the public site: members reach it by its link."""
    visible = Q(activity__is_public=True, activity__engagement__is_public=True) | Q(
        audience=Survey.Audience.DEPARTMENT
    )
    return (
        Survey.objects.filter(visible, slug=slug, status__in=_VISIBLE)
        .select_related("activity", "activity__engagement", "meeting")
        .first()
    )


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "id").select_related("show_if"))


def staff_surveys(*, status: str = "") -> QuerySet[Survey]:
    qs = Survey.objects.select_related("activity", "activity__engagement", "meeting").annotate(
        answer_count=Count("responses")
    )
    if status in Survey.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def answer_counts(survey: Survey) -> dict[str, dict[str, int]]:
    """How many answers came in, by audience and channel: staff follow the survey with it.
    A count of everyone is not a breakdown of anyone."""
    counts: dict[str, dict[str, int]] = {}
    rows = Counter(survey.responses.values_list("audience", "channel"))
    for (audience, channel), n in rows.items():
        counts.setdefault(audience, {})[channel] = n
    return counts


def invitation_batches(survey: Survey) -> QuerySet[InvitationBatch]:
    return InvitationBatch.objects.filter(survey=survey).select_related("meeting", "created_by")


def member_has_answered(survey: Survey, user: Any) -> bool:
    """Whether this signed-in Department member has answered (not what they answered)."""
    return Answered.objects.filter(survey=survey, user=user).exists()


def has_answers(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()
