"""Demo surveys, made through the services on the demo engagements; idempotent.

- The anonymous resident survey that came with the 2021 comment period on the interim foot
  pursuit policy G03-07 (seed 000), open now in all six languages.
- A closed survey of the public and of Department members on the School Resource Officer
  policy S04-01-02 (2019), with answers and published results: its free-text answers are
  statements from the Polis conversation of London youth on police scrutiny (CC BY 4.0, The
  Computational Democracy Project, compdemocracy/openData), its counts drawn from a seeded
  generator.
- A draft post-engagement survey (V-D-4) from the template, about the CCMHE's held meeting.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.engagements.models import Activity, Engagement
from townhall.engagements.services import activity_add
from townhall.meetings.models import Meeting
from townhall.surveys import publishing, services
from townhall.surveys.models import Question, Response, Survey
from townhall.surveys.post_engagement import post_engagement_create

FOOT_TITLE = {
    "en": "Foot pursuits: tell us anonymously what you think",
    "es": "Persecuciones a pie: díganos de forma anónima lo que piensa",
    "zh-hans": "徒步追捕：匿名告诉我们您的看法",
    "pl": "Pościgi piesze: powiedz nam anonimowo, co myślisz",
    "ar": "المطاردات على الأقدام: أخبرنا برأيك دون الكشف عن هويتك",
    "hi": "पैदल पीछा: हमें गुमनाम रूप से बताएं कि आप क्या सोचते हैं",
}
FOOT_INTRO = {
    "en": "The Department is revising its interim foot pursuit policy (G03-07). A foot pursuit "
    "is an event in which a sworn Department member, on foot, chases a subject who is fleeing "
    "on foot to resist apprehension for suspected criminal activity. This survey is anonymous: "
    "we do not record who you are, your address on the internet or the time you answer.",
    "es": "El Departamento está revisando su política provisional sobre persecuciones a pie "
    "(G03-07). Una persecución a pie es un hecho en el que un miembro juramentado del "
    "Departamento, a pie, persigue a una persona que huye a pie para resistirse a ser detenida "
    "por una presunta actividad delictiva. Esta encuesta es anónima: no registramos quién es "
    "usted, su dirección en internet ni la hora en que responde.",
    "zh-hans": "警察局正在修订其临时徒步追捕政策（G03-07）。徒步追捕是指一名宣誓就职的警察局成员徒步追赶一名"
    "为逃避因涉嫌犯罪而被逮捕而徒步逃跑的人。本调查是匿名的：我们不会记录您的身份、您的网络地址或您回答的时间。",
    "pl": "Departament poprawia tymczasowe zasady dotyczące pościgów pieszych (G03-07). Pościg "
    "pieszy to sytuacja, w której zaprzysiężony funkcjonariusz pieszo ściga osobę uciekającą "
    "pieszo, aby uniknąć zatrzymania w związku z podejrzeniem przestępstwa. Ankieta jest "
    "anonimowa: nie zapisujemy, kim jesteś, Twojego adresu w internecie ani godziny odpowiedzi.",
    "ar": "تعمل الإدارة على مراجعة سياستها المؤقتة بشأن المطاردات على الأقدام (G03-07). "
    "المطاردة على الأقدام هي حدث يطارد فيه عضو محلّف في الإدارة سيرًا على الأقدام شخصًا يفرّ "
    "سيرًا على الأقدام لمقاومة القبض عليه بسبب نشاط إجرامي مشتبه به. هذا الاستبيان مجهول الهوية: "
    "لا نسجّل هويتك ولا عنوانك على الإنترنت ولا وقت إجابتك.",
    "hi": "विभाग अपनी अंतरिम पैदल पीछा नीति (G03-07) में संशोधन कर रहा है। पैदल पीछा वह घटना है "
    "जिसमें विभाग का एक शपथबद्ध सदस्य पैदल ही किसी ऐसे व्यक्ति का पीछा करता है जो संदिग्ध "
    "आपराधिक गतिविधि के लिए गिरफ़्तारी से बचने के लिए पैदल भाग रहा है। यह सर्वेक्षण गुमनाम है: "
    "हम यह दर्ज नहीं करते कि आप कौन हैं, इंटरनेट पर आपका पता या आपके उत्तर देने का समय।",
}
SAW = {
    "en": "Have you seen or been part of a foot pursuit by Chicago police?",
    "es": "¿Ha visto o ha participado en una persecución a pie de la policía de Chicago?",
    "zh-hans": "您是否见过或经历过芝加哥警察的徒步追捕？",
    "pl": "Czy widziałeś pościg pieszy chicagowskiej policji lub brałeś w nim udział?",
    "ar": "هل رأيت مطاردة على الأقدام من شرطة شيكاغو أو كنت طرفًا فيها؟",
    "hi": "क्या आपने शिकागो पुलिस द्वारा पैदल पीछा देखा है या उसका हिस्सा रहे हैं?",
}
YES_NO = [
    {
        "key": "yes",
        "label": {"en": "Yes", "es": "Sí", "zh-hans": "是", "pl": "Tak", "ar": "نعم", "hi": "हाँ"},
    },
    {
        "key": "no",
        "label": {"en": "No", "es": "No", "zh-hans": "否", "pl": "Nie", "ar": "لا", "hi": "नहीं"},
    },
]
HAPPENED = {
    "en": "What happened, and what should the policy have required of the officers?",
    "es": "¿Qué ocurrió y qué debería haber exigido la política a los agentes?",
    "zh-hans": "发生了什么？政策本应对警员提出什么要求？",
    "pl": "Co się stało i czego zasady powinny były wymagać od funkcjonariuszy?",
    "ar": "ماذا حدث، وما الذي كان ينبغي أن تطلبه السياسة من الضباط؟",
    "hi": "क्या हुआ, और नीति को अधिकारियों से क्या अपेक्षा करनी चाहिए थी?",
}
RISK = {
    "en": "Foot pursuits carry inherent risk to Department members, members of the public, and "
    "fleeing subjects.",
    "es": "Las persecuciones a pie conllevan un riesgo inherente para los miembros del "
    "Departamento, el público y las personas que huyen.",
    "zh-hans": "徒步追捕对警察局成员、公众和逃跑者都存在固有风险。",
    "pl": "Pościgi piesze niosą ze sobą nieodłączne ryzyko dla funkcjonariuszy, mieszkańców i "
    "osób uciekających.",
    "ar": "تنطوي المطاردات على الأقدام على مخاطر كامنة على أعضاء الإدارة وأفراد الجمهور والأشخاص الفارّين.",
    "hi": "पैदल पीछा विभाग के सदस्यों, आम जनता और भागने वाले व्यक्तियों के लिए अंतर्निहित जोखिम रखता है।",
}
WEIGH = {
    "en": "Rank what the policy should weigh most when an officer decides whether to chase "
    "someone.",
    "es": "Ordene lo que la política debería pesar más cuando un agente decide si perseguir a "
    "alguien.",
    "zh-hans": "请对警员决定是否追捕某人时政策最应考虑的因素进行排序。",
    "pl": "Uszereguj, co zasady powinny brać pod uwagę najbardziej, gdy funkcjonariusz decyduje "
    "o pościgu.",
    "ar": "رتّب ما ينبغي أن تراعيه السياسة أكثر عندما يقرر الضابط ما إذا كان سيطارد شخصًا ما.",
    "hi": "क्रम दें कि किसी का पीछा करने का निर्णय लेते समय नीति को सबसे अधिक किस बात पर ध्यान देना चाहिए।",
}
WEIGH_OPTIONS = [
    {
        "key": "life",
        "label": {
            "en": "The sanctity of all human life",
            "es": "La santidad de toda vida humana",
            "zh-hans": "所有人类生命的神圣性",
            "pl": "Świętość każdego ludzkiego życia",
            "ar": "قدسية كل حياة إنسانية",
            "hi": "सभी मानव जीवन की पवित्रता",
        },
    },
    {
        "key": "offense",
        "label": {
            "en": "How serious the suspected offense is",
            "es": "La gravedad del presunto delito",
            "zh-hans": "涉嫌罪行的严重程度",
            "pl": "Jak poważne jest podejrzewane przestępstwo",
            "ar": "مدى خطورة الجريمة المشتبه بها",
            "hi": "संदिग्ध अपराध कितना गंभीर है",
        },
    },
    {
        "key": "later",
        "label": {
            "en": "Whether the person can be found later another way",
            "es": "Si la persona puede ser localizada más tarde de otra manera",
            "zh-hans": "是否可以之后通过其他方式找到此人",
            "pl": "Czy osobę można odnaleźć później w inny sposób",
            "ar": "ما إذا كان يمكن العثور على الشخص لاحقًا بطريقة أخرى",
            "hi": "क्या व्यक्ति को बाद में किसी और तरीके से ढूंढा जा सकता है",
        },
    },
]

SRO_TITLE = {"en": "School resource officers (S04-01-02): what should change?"}
SRO_DISCIPLINE = {
    "en": "Department members will not engage in the administration of discipline or involve "
    "themselves in disciplinary or classroom disorder situations unless required to prevent "
    "criminal activity or to protect students, employees, guests, or property."
}
SRO_ROLE = {"en": "Which of these describes you?"}
SRO_ROLES = [
    {"key": "student", "label": {"en": "A Chicago Public Schools student"}},
    {"key": "parent", "label": {"en": "A parent or guardian of a student"}},
    {"key": "staff", "label": {"en": "A member of a school's staff"}},
    {"key": "neighbor", "label": {"en": "None of these"}},
]
SRO_RATING = {"en": "How safe do students feel at your school, from 1 (not at all) to 5 (very)?"}
SRO_TEXT = {"en": "What should the working group change in the policy?"}
# Polis, London youth on police scrutiny: the conversation's statements.
POLIS = (
    "Create a new policing system with key stakeholders including young people and especially "
    "black people.",
    "We need more changes to policy and police engage more with young people.",
    "I think we need to look into the role of the police and how we want them to function in "
    "society- rewrite the policies",
    "Global transparency is a must",
    "Diversity in policing",
    "It is to actively seek out and engage with young individuals to get their opinion and "
    "ideas with incentives",
    "Allow them to be at the forefront of the decision making",
    "Eliminate bias - wider background check to see the type of people they are hiring",
)


def load_demo_surveys() -> int:
    """Returns how many surveys it made."""
    return _foot_pursuit() + _sro() + _post_engagement()


def _add(survey: Survey, **kwargs: Any) -> Question:
    return services.question_add(
        actor=ensure_persona_by_key("oee"),
        survey=survey,
        details=services.QuestionDetails(**kwargs),
    )


def _foot_pursuit() -> int:
    activity = Activity.objects.filter(
        engagement__directive__number="G03-07", method=Activity.Method.ANONYMOUS_SURVEY
    ).first()
    if activity is None or activity.surveys.exists():
        return 0
    oee = ensure_persona_by_key("oee")
    now = timezone.now()
    survey = services.survey_create(
        actor=oee,
        activity=activity,
        details=services.SurveyDetails(
            title=FOOT_TITLE,
            intro=FOOT_INTRO,
            languages=tuple(FOOT_TITLE),
            opens_at=now,
            closes_at=now + datetime.timedelta(days=30),
        ),
    )
    saw = _add(survey, kind=Question.Kind.SINGLE, text=SAW, options=YES_NO, required=True)
    _add(
        survey,
        kind=Question.Kind.LONG_TEXT,
        text=HAPPENED,
        show_if=saw,
        show_if_values=["yes"],
    )
    _add(survey, kind=Question.Kind.LIKERT, text=RISK)
    _add(survey, kind=Question.Kind.RANKING, text=WEIGH, options=WEIGH_OPTIONS)
    services.demographics_add(actor=oee, survey=survey)
    survey = services.survey_schedule(actor=oee, survey=survey)
    services.survey_open(actor=oee, survey=survey)
    return 1


def _sro() -> int:
    engagement = Engagement.objects.filter(directive__number="S04-01-02").first()
    if engagement is None or engagement.activities.filter(surveys__isnull=False).exists():
        return 0
    oee = ensure_persona_by_key("oee")
    activity = activity_add(
        actor=oee,
        engagement=engagement,
        method=Activity.Method.ANONYMOUS_SURVEY,
        title="Anonymous survey of students, parents, school staff and Department members",
        starts_on=timezone.localdate() - datetime.timedelta(days=40),
        ends_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    now = timezone.now()
    survey = services.survey_create(
        actor=oee,
        activity=activity,
        details=services.SurveyDetails(
            title=SRO_TITLE,
            audience=Survey.Audience.BOTH,
            opens_at=now - datetime.timedelta(days=40),
            closes_at=now + datetime.timedelta(days=1),
        ),
    )
    role = _add(survey, kind=Question.Kind.SINGLE, text=SRO_ROLE, options=SRO_ROLES)
    discipline = _add(survey, kind=Question.Kind.LIKERT, text=SRO_DISCIPLINE, required=True)
    safe = _add(survey, kind=Question.Kind.RATING, text=SRO_RATING, scale_max=5)
    change = _add(survey, kind=Question.Kind.LONG_TEXT, text=SRO_TEXT)
    services.demographics_add(actor=oee, survey=survey)
    standard = {q.standard: q for q in survey.questions.exclude(standard="")}
    survey = services.survey_schedule(actor=oee, survey=survey)
    survey = services.survey_open(actor=oee, survey=survey)
    rng = random.Random(2019)
    answers = []
    for i in range(180):
        department = i % 6 == 0
        given: dict[str, Any] = {
            discipline.key: rng.choices("12345", weights=(3, 4, 6, 14, 18))[0],
            safe.key: rng.choices("12345", weights=(2, 3, 8, 10, 6))[0],
            standard["age"].key: rng.choices(
                ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", ""],
                weights=(30, 10, 15, 20, 14, 5, 6),
            )[0],
            standard["race"].key: rng.choices(
                ["black", "latino", "white", "asian", "multiple", ""], weights=(36, 38, 12, 5, 4, 5)
            )[0],
        }
        if not department:
            given[role.key] = rng.choices(
                ["student", "parent", "staff", "neighbor"], weights=(30, 35, 20, 15)
            )[0]
        if rng.random() < 0.35:
            given[change.key] = rng.choice(POLIS)
        given = {k: v for k, v in given.items() if v}
        answers.append(
            Response(
                survey=survey,
                audience=Response.Audience.DEPARTMENT if department else Response.Audience.PUBLIC,
                channel=Response.Channel.PAPER if i % 9 == 0 else Response.Channel.WEB,
                language="en",
                received_on=timezone.localdate() - datetime.timedelta(days=rng.randint(2, 39)),
                answers=given,
            )
        )
    with transaction.atomic():
        # Demo answers in bulk: the services' checks are for people, not for a seeded sample.
        Response.objects.bulk_create(answers)
    survey = services.survey_close(actor=oee, survey=survey)
    publishing.survey_results_publish(actor=oee, survey=survey)
    return 1


def _post_engagement() -> int:
    meeting = (
        Meeting.objects.filter(status=Meeting.Status.HELD, surveys__isnull=True)
        .select_related("activity")
        .order_by("-starts_at")
        .first()
    )
    if (
        meeting is None
        or meeting.activity.surveys.filter(kind=Survey.Kind.POST_ENGAGEMENT).exists()
    ):
        return 0
    post_engagement_create(
        actor=ensure_persona_by_key("oee"), activity=meeting.activity, meeting=meeting
    )
    return 1
