"""A foot pursuit survey with answers, for the results and export tests: 29 residents, with
some answers given by 1 to 10 people (which must never show as a count) and a breakdown by
age that can be shown (25–34 and the other ages merged)."""

from __future__ import annotations

from typing import Any

from townhall.surveys import services
from townhall.surveys.models import Question, Survey
from townhall.surveys.tests import factories as f

# Extra question q11: which changes would make a pursuit safer (more than one allowed).
CHANGES = [
    {"key": "supervisor", "label": {"en": "A supervisor monitors every pursuit"}},
    {"key": "bodycam", "label": {"en": "Body-worn cameras are always on"}},
    {"key": "perimeter", "label": {"en": "Set up a perimeter instead of chasing"}},
]

# (how many, answers): 14 + 12 + 3 = 29 residents.
GROUPS: list[tuple[int, dict[str, Any]]] = [
    (
        14,
        {
            "q1": "yes",
            "q2": "He ran through a crowded playground and nobody stopped.",
            "q3": "4",
            "q4-life": "1",
            "q4-offense": "2",
            "q5-s31": "4",
            "q5-s30": "5",
            "q6": "25_34",
            "q11": ["supervisor", "bodycam"],
        },
    ),
    (
        12,
        {
            "q1": "no",
            "q3": "2",
            "q4-offense": "1",
            "q5-s31": "2",
            "q5-s30": "5",
            "q6": "35_44",
            "q11": ["supervisor"],
        },
    ),
    (3, {"q1": "no", "q3": "5", "q6": "18_24", "q11": ["perimeter"]}),
]


def answered_survey(persona: Any, *, close: bool = False, **kwargs: Any) -> Survey:
    survey = f.draft_survey(persona, **kwargs)
    services.question_add(
        actor=persona("oee"),
        survey=survey,
        details=services.QuestionDetails(
            kind=Question.Kind.MULTIPLE,
            text={
                "en": "What would make foot pursuits safer?",
                "es": "¿Qué haría más seguras las persecuciones?",
                "pl": "Co uczyniłoby pościgi bezpieczniejszymi?",
            },
            options=[
                {
                    "key": o["key"],
                    "label": {**o["label"], "es": o["label"]["en"], "pl": o["label"]["en"]},
                }
                for o in CHANGES
            ],
        ),
    )
    survey = services.survey_schedule(actor=persona("oee"), survey=survey)
    survey = services.survey_open(actor=persona("oee"), survey=survey)
    for count, answers in GROUPS:
        for _i in range(count):
            f.answer(survey, f.form(survey, **answers))
    if close:
        survey = services.survey_close(actor=persona("oee"), survey=survey)
    return survey
