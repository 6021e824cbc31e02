"""Surveys for the browser walk-throughs (issue 8), made in the site's own database through the
real services (run with `manage.py shell -c`): the foot pursuit survey of the tests' factories
(townhall/surveys/tests/factories.py), open to the public, open through single-use links, open
to Department members only, or closed with 30 answers and published results. Each function
prints one line of JSON with what the walk-through needs (the slug, the id, the links)."""

from __future__ import annotations

import json
from typing import Any

from townhall.accounts.demo import ensure_persona_by_key
from townhall.engagements.models import Activity
from townhall.surveys import publishing, responses, services
from townhall.surveys.models import Survey
from townhall.surveys.tests.factories import TITLE, answer, form, open_survey, survey_activity


def _out(**values: object) -> None:
    print(json.dumps(values, default=str))


def _tagged(tag: str) -> dict[str, str]:
    """The factories' title with the walk-through's tag, so each survey is told apart."""
    return {code: f"{text} ({tag})" for code, text in TITLE.items()}


def _activity() -> Activity:
    """The demo's anonymous survey activity (the foot pursuit engagement of G03-07): the
    walk-throughs' surveys join it rather than add engagements of their own, which would
    lengthen every page the accessibility tests visit."""
    found = (
        Activity.objects.filter(
            method=Activity.Method.ANONYMOUS_SURVEY, surveys__isnull=False, is_public=True
        )
        .order_by("id")
        .first()
    )
    return found or survey_activity(ensure_persona_by_key)


def _open(tag: str, **kwargs: Any) -> Survey:
    return open_survey(ensure_persona_by_key, activity=_activity(), title=_tagged(tag), **kwargs)


def public_survey(tag: str) -> None:
    """Open to anyone, in English, Spanish and Polish."""
    survey = _open(tag)
    _out(slug=survey.slug, survey=survey.pk)


def invitation_survey(tag: str, links: int = 2) -> None:
    """Answered only through single-use links, made to hand out."""
    survey = _open(tag, access=Survey.Access.INVITATION)
    _batch, tokens = responses.invitations_make(
        actor=ensure_persona_by_key("oee"), survey=survey, count=links
    )
    _out(slug=survey.slug, survey=survey.pk, tokens=tokens)


def department_survey(tag: str) -> None:
    """For Department members only: they sign in to prove membership (V-C-2)."""
    survey = _open(tag, audience=Survey.Audience.DEPARTMENT)
    member = ensure_persona_by_key("department_member")
    _out(
        slug=survey.slug,
        survey=survey.pk,
        member={"id": member.pk, "username": member.username, "email": member.email},
    )


#: The 30 answers of the published survey: (how many, q1, q3, age band). "No" to q1 (8),
#: "Disagree" (7) and "Neither" (3) on q3, and the 5 people aged 65 or over are small cells
#: that publishing must hide; their complements must go too.
RESULTS_PLAN = [
    (15, "yes", "5", "25_34"),
    (7, "yes", "2", "35_44"),
    (5, "no", "5", "65_up"),
    (3, "no", "3", "25_34"),
]


def published_results(tag: str) -> None:
    """Closed with 30 answers and its results published, small cells and all."""
    oee = ensure_persona_by_key("oee")
    survey = _open(tag)
    for count, saw, safety, age in RESULTS_PLAN:
        for n in range(count):
            values: dict[str, Any] = {
                "q1": saw,
                "q3": safety,
                "q4-life": "1",
                "q4-offense": "2",
                "q4-alternatives": "3",
                "q5-s31": "4",
                "q6": age,
            }
            if saw == "yes":
                values["q2"] = f"An officer chased a teenager across a playground ({n})."
            answer(survey, form(survey, **values))
    survey = services.survey_close(actor=oee, survey=survey)
    survey = publishing.survey_results_publish(actor=oee, survey=survey)
    _out(slug=survey.slug, survey=survey.pk)


def survey_activity_for_builder() -> None:
    """An anonymous survey activity on a published engagement, for OEE to build on."""
    activity = _activity()
    _out(activity=activity.pk, title=activity.title)
