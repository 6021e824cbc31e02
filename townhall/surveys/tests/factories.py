"""Surveys made through the services, for the tests, with real text: the interim foot pursuit
policy G03-07 (issued 2021-05-26), whose public comment period in 2021 came with an anonymous
resident survey (seed 000), and statements from the Polis conversation of London youth on
police scrutiny (CC BY 4.0, The Computational Democracy Project, compdemocracy/openData)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils import timezone

from townhall.accounts.models import User
from townhall.engagements.models import Activity
from townhall.meetings.tests.factories import public_activity
from townhall.surveys import responses, services
from townhall.surveys.models import Question, Survey

Persona = Callable[[str], User]

TITLE = {
    "en": "Foot pursuits: tell us anonymously what you think",
    "es": "Persecuciones a pie: díganos de forma anónima lo que piensa",
    "pl": "Pościgi piesze: powiedz nam anonimowo, co myślisz",
}
INTRO = {
    "en": (
        "The Department is revising its interim foot pursuit policy (G03-07). A foot pursuit is "
        "an event in which a sworn Department member, on foot, chases a subject who is fleeing "
        "on foot to resist apprehension for suspected criminal activity. Your answers are "
        "anonymous."
    ),
    "es": "El Departamento está revisando su política provisional sobre persecuciones a pie (G03-07). Sus respuestas son anónimas.",
    "pl": "Departament poprawia tymczasowe zasady dotyczące pościgów pieszych (G03-07). Twoje odpowiedzi są anonimowe.",
}
SAW = {
    "en": "Have you seen or been part of a foot pursuit by Chicago police?",
    "es": "¿Ha visto o ha participado en una persecución a pie de la policía de Chicago?",
    "pl": "Czy widziałeś pościg pieszy chicagowskiej policji lub brałeś w nim udział?",
}
YES_NO = [
    {"key": "yes", "label": {"en": "Yes", "es": "Sí", "pl": "Tak"}},
    {"key": "no", "label": {"en": "No", "es": "No", "pl": "Nie"}},
]
WHAT_HAPPENED = {
    "en": "What happened, and what should the policy have required of the officers?",
    "es": "¿Qué ocurrió y qué debería haber exigido la política a los agentes?",
    "pl": "Co się stało i czego zasady powinny były wymagać od funkcjonariuszy?",
}
SAFETY = {
    "en": "Foot pursuits carry inherent risk to Department members, members of the public, and fleeing subjects.",
    "es": "Las persecuciones a pie conllevan un riesgo inherente para los miembros del Departamento, el público y las personas que huyen.",
    "pl": "Pościgi piesze niosą ze sobą nieodłączne ryzyko dla funkcjonariuszy, mieszkańców i osób uciekających.",
}
PRIORITIES = {
    "en": "Rank what the policy should weigh most when an officer decides whether to chase someone.",
    "es": "Ordene lo que la política debería pesar más cuando un agente decide si perseguir a alguien.",
    "pl": "Uszereguj, co zasady powinny brać pod uwagę najbardziej, gdy funkcjonariusz decyduje o pościgu.",
}
PRIORITY_OPTIONS = [
    {
        "key": "life",
        "label": {
            "en": "The sanctity of all human life",
            "es": "La santidad de toda vida humana",
            "pl": "Świętość każdego ludzkiego życia",
        },
    },
    {
        "key": "offense",
        "label": {
            "en": "How serious the suspected offense is",
            "es": "La gravedad del presunto delito",
            "pl": "Jak poważne jest podejrzewane przestępstwo",
        },
    },
    {
        "key": "alternatives",
        "label": {
            "en": "Whether the person can be found later another way",
            "es": "Si la persona puede ser localizada más tarde de otra manera",
            "pl": "Czy osobę można odnaleźć później w inny sposób",
        },
    },
]
# Polis, London youth on police scrutiny (statements 31, 30 and 34).
STATEMENTS = [
    {
        "key": "s31",
        "label": {
            "en": "Create a new policing system with key stakeholders including young people.",
            "es": "Crear un nuevo sistema policial con las partes interesadas clave, incluidos los jóvenes.",
            "pl": "Stworzyć nowy system policyjny z kluczowymi interesariuszami, w tym z młodzieżą.",
        },
    },
    {
        "key": "s30",
        "label": {
            "en": "We need more changes to policy and police engage more with young people.",
            "es": "Necesitamos más cambios en las políticas y que la policía se relacione más con los jóvenes.",
            "pl": "Potrzebujemy więcej zmian w zasadach i większego kontaktu policji z młodzieżą.",
        },
    },
    {
        "key": "s34",
        "label": {
            "en": "Global transparency is a must.",
            "es": "La transparencia total es imprescindible.",
            "pl": "Pełna przejrzystość to konieczność.",
        },
    },
]


def survey_activity(persona: Persona) -> Activity:
    """A published engagement on D22-08 with an anonymous survey activity (V-C-2)."""
    return public_activity(persona, method=Activity.Method.ANONYMOUS_SURVEY)


def draft_survey(
    persona: Persona,
    *,
    activity: Activity | None = None,
    audience: str = Survey.Audience.PUBLIC,
    access: str = Survey.Access.OPEN,
    languages: Sequence[str] = ("en", "es", "pl"),
    questions: bool = True,
    min_cell: int = 10,
    **overrides: Any,
) -> Survey:
    """The foot pursuit survey: a yes/no question, a conditional free-text question on "yes",
    a Likert statement, a ranking, a matrix and the demographics block."""
    activity = activity or survey_activity(persona)
    now = timezone.now()
    values: dict[str, Any] = {
        "title": TITLE,
        "intro": INTRO,
        "audience": audience,
        "access": access,
        "languages": languages,
        "opens_at": now + datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=22),
        "min_cell": min_cell,
    }
    values.update(overrides)
    survey = services.survey_create(
        actor=persona("oee"), activity=activity, details=services.SurveyDetails(**values)
    )
    if questions:
        add_questions(persona, survey)
    return survey


def add_questions(persona: Persona, survey: Survey) -> dict[str, Question]:
    oee = persona("oee")

    def add(**kwargs: Any) -> Question:
        return services.question_add(
            actor=oee, survey=survey, details=services.QuestionDetails(**kwargs)
        )

    saw = add(kind=Question.Kind.SINGLE, text=SAW, options=YES_NO, required=True)
    happened = add(
        kind=Question.Kind.LONG_TEXT,
        text=WHAT_HAPPENED,
        show_if=saw,
        show_if_values=["yes"],
        required=True,
    )
    safety = add(kind=Question.Kind.LIKERT, text=SAFETY)
    ranking = add(kind=Question.Kind.RANKING, text=PRIORITIES, options=PRIORITY_OPTIONS)
    matrix = add(
        kind=Question.Kind.MATRIX,
        text={
            "en": "Young people in London said these about policing. Do you agree?",
            "es": "Jóvenes de Londres dijeron esto sobre la policía. ¿Está de acuerdo?",
            "pl": "Młodzi ludzie w Londynie powiedzieli to o policji. Czy się zgadzasz?",
        },
        options=STATEMENTS,
    )
    services.demographics_add(actor=oee, survey=survey)
    return {
        "saw": saw,
        "happened": happened,
        "safety": safety,
        "ranking": ranking,
        "matrix": matrix,
    }


def open_survey(persona: Persona, **kwargs: Any) -> Survey:
    survey = draft_survey(persona, **kwargs)
    survey = services.survey_schedule(actor=persona("oee"), survey=survey)
    return services.survey_open(actor=persona("oee"), survey=survey)


def form(survey: Survey, **answers: Any) -> dict[str, list[str]]:
    """A submitted form, from answers given by question key or by field name."""
    raw: dict[str, list[str]] = {}
    for name, value in answers.items():
        field = name if name.startswith("q-") else f"q-{name}"
        raw[field] = list(value) if isinstance(value, list | tuple) else [str(value)]
    return raw


def answer(
    survey: Survey, raw: Mapping[str, Sequence[str]], *, member: User | None = None, **kw: Any
) -> responses.Submitted:
    return responses.response_submit(
        survey=survey, raw=raw, language=kw.pop("language", "en"), member=member, **kw
    )
