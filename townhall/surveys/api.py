"""Public API of surveys: the surveys open to anyone, and published results as open data
(seed 002 V-D-3). Read-only; answers are given on the survey's page, with its anti-abuse
checks, never through the API. Results are the published, suppressed snapshot: the API can
show nothing the public page does not."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from townhall.core.mail import absolute_url
from townhall.core.schemas import ErrorOut
from townhall.surveys import selectors
from townhall.surveys.models import Survey
from townhall.surveys.results import relabel

router = Router(tags=["surveys"])
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class SurveyOut(Schema):
    slug: str
    title: str
    kind: str
    audience: str
    status: str
    languages: list[str]
    engagement: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    url: str | None
    results_published_at: datetime.datetime | None
    results_url: str | None


def _survey(survey: Survey, language: str) -> dict[str, Any]:
    published = survey.results_published_at is not None
    return {
        "slug": survey.slug,
        "title": survey.text("title", language),
        "kind": survey.kind,
        "audience": survey.audience,
        "status": survey.status,
        "languages": survey.languages,
        "engagement": survey.activity.engagement.title,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        # Invitation-only surveys are answered through personal links only.
        "url": (
            absolute_url("surveys:detail", slug=survey.slug)
            if survey.access == Survey.Access.OPEN and survey.status == Survey.Status.OPEN
            else None
        ),
        "results_published_at": survey.results_published_at,
        "results_url": absolute_url("surveys:results", slug=survey.slug) if published else None,
    }


def _language(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


@router.get("", response=list[SurveyOut], summary="Open surveys and surveys with published results")
def survey_list(request: HttpRequest, lang: str = "en") -> list[dict[str, Any]]:
    language = _language(lang)
    seen: dict[int, Survey] = {}
    for survey in [*selectors.open_public_surveys(), *selectors.published_surveys()]:
        seen.setdefault(survey.pk, survey)
    return [_survey(s, language) for s in seen.values()]


@router.get(
    "/{slug}/results",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="A survey's published results: counts from 1 to min_cell are null (hidden)",
)
def survey_results(request: HttpRequest, slug: str, lang: str = "en") -> dict[str, Any]:
    survey = selectors.published_surveys().filter(slug=slug).first()
    if survey is None:
        raise HttpError(404, "No published results for this survey.")
    language = _language(lang)
    snapshot = survey.results
    audiences = {}
    for audience, entry in snapshot.get("audiences", {}).items():
        audiences[audience] = {
            "overall": relabel(entry["overall"], survey, language),
            "by": {d: relabel(r, survey, language) for d, r in entry.get("by", {}).items()},
        }
    return {
        **_survey(survey, language),
        "min_cell": snapshot.get("min_cell", survey.min_cell),
        "audiences": audiences,
    }
