"""The words of the reports demo (reports/demo.py): R&D's posting of S04-01-02 in the six
languages, staff's decisions on what they heard, and the report's narrative. Written from seed
000 (the School Resource Officer Community Working Group, its report and CPD's response) and
from the directive's own items."""

from __future__ import annotations

# The posting of the current School Resource Officer policy for comment (VII-B-2-a): the
# introductory narrative and the plain-language summary, per language.
POSTING_TEXTS: dict[str, tuple[str, str]] = {
    "en": (
        "The Chicago Police Department (CPD) School Resource Officer (SRO) Community Working "
        "Group is reviewing the Department's School Resource Officer policy. While it does, CPD "
        "posts the current policy for public review and comment: tell us how school resource "
        "officers should be selected, trained, assigned and evaluated. When the comment period "
        "closes, CPD will review and consider your comments before revising the policy.",
        "The policy sets how school resource officers are selected, trained, assigned and "
        "evaluated, and how officers investigate in Chicago Public Schools.",
    ),
    "es": (
        "El Grupo de Trabajo Comunitario sobre los Oficiales de Recursos Escolares (SRO) del "
        "Departamento de Policía de Chicago (CPD) está revisando la política del Departamento "
        "sobre los oficiales de recursos escolares. Mientras tanto, el CPD publica la política "
        "vigente para la revisión y los comentarios del público: díganos cómo deberían "
        "seleccionarse, capacitarse, asignarse y evaluarse los oficiales de recursos escolares. "
        "Cuando cierre el período de comentarios, el CPD revisará y tendrá en cuenta sus "
        "comentarios antes de revisar la política.",
        "La política establece cómo se seleccionan, capacitan, asignan y evalúan los oficiales "
        "de recursos escolares, y cómo investigan los agentes en las Escuelas Públicas de "
        "Chicago.",
    ),
    "zh-hans": (
        "芝加哥警察局（CPD）学校资源警员（SRO）社区工作组正在审查警察局的学校资源警员政策。在此期间，"
        "警察局公布现行政策，征求公众审阅和意见：请告诉我们应如何选拔、培训、分派和评估学校资源警员。"
        "意见征询期结束后，警察局将在修订政策前审阅并考虑您的意见。",
        "该政策规定了学校资源警员的选拔、培训、分派和评估方式，以及警员在芝加哥公立学校进行调查的方式。",
    ),
    "pl": (
        "Społeczna Grupa Robocza ds. funkcjonariuszy w szkołach (SRO) Departamentu Policji w "
        "Chicago (CPD) przegląda zasady Departamentu dotyczące funkcjonariuszy pracujących w "
        "szkołach. W tym czasie CPD udostępnia obowiązujące zasady do publicznego wglądu i "
        "komentarzy: powiedz nam, jak funkcjonariusze w szkołach powinni być wybierani, "
        "szkoleni, przydzielani i oceniani. Po zakończeniu okresu konsultacji CPD przejrzy i "
        "rozważy Twoje uwagi przed zmianą zasad.",
        "Zasady określają, jak wybiera się, szkoli, przydziela i ocenia funkcjonariuszy w "
        "szkołach oraz jak funkcjonariusze prowadzą czynności w szkołach publicznych Chicago.",
    ),
    "ar": (
        "تراجع مجموعة العمل المجتمعية الخاصة بضباط الموارد المدرسية (SRO) التابعة لإدارة شرطة "
        "شيكاغو (CPD) سياسةَ الإدارة بشأن ضباط الموارد المدرسية. وفي أثناء ذلك تنشر الإدارة "
        "السياسة الحالية لمراجعة الجمهور وتعليقاته: أخبرنا كيف ينبغي اختيار ضباط الموارد "
        "المدرسية وتدريبهم وتكليفهم وتقييمهم. وعند انتهاء فترة التعليق ستراجع الإدارة تعليقاتكم "
        "وتأخذها في الاعتبار قبل تعديل السياسة.",
        "تحدد السياسة كيفية اختيار ضباط الموارد المدرسية وتدريبهم وتكليفهم وتقييمهم، وكيف يجري "
        "الضباط التحقيقات في مدارس شيكاغو العامة.",
    ),
    "hi": (
        "शिकागो पुलिस विभाग (CPD) का स्कूल रिसोर्स ऑफिसर (SRO) सामुदायिक कार्य समूह विभाग की स्कूल "
        "रिसोर्स ऑफिसर नीति की समीक्षा कर रहा है। इस दौरान विभाग वर्तमान नीति को सार्वजनिक समीक्षा और "
        "टिप्पणी के लिए प्रकाशित करता है: हमें बताएं कि स्कूल रिसोर्स ऑफिसरों का चयन, प्रशिक्षण, नियुक्ति "
        "और मूल्यांकन कैसे होना चाहिए। टिप्पणी अवधि समाप्त होने पर विभाग नीति में संशोधन से पहले आपकी "
        "टिप्पणियों की समीक्षा करेगा और उन पर विचार करेगा।",
        "यह नीति तय करती है कि स्कूल रिसोर्स ऑफिसरों का चयन, प्रशिक्षण, नियुक्ति और मूल्यांकन कैसे होता "
        "है, और अधिकारी शिकागो पब्लिक स्कूलों में जांच कैसे करते हैं।",
    ),
}

# Staff's themes after reading the analysis (VII-D-5): a label, the comments that belong to it
# (by words they contain; None: every comment not placed yet), the decision and its reason,
# and the item of the revised draft an adopted theme changed.
THEMES: tuple[tuple[str, tuple[str, ...] | None, str, str, str], ...] = (
    (
        "Train officers to respond to a student in crisis",
        (
            "mental health crisis",
            "learning how to de-escalate",
            "de-escalation of conflict",
            "first resource for every crisis",
            "trauma services, and anti violence",
        ),
        "adopted",
        "Item IV-A-13 adds trauma-informed practices to the specialized initial and annual "
        "refresher training of school resource officers and SRO supervisors, beside the "
        "de-escalation techniques (IV-A-5) and crisis intervention (IV-A-8) already in it.",
        "IV-A-13",
    ),
    (
        "Replace school resource officers with counselors and mental health staff",
        (
            "counselors",
            "mental health workers",
            "Police, and their proxies",
            "concerned about the police presence",
            "school to prison pipeline",
            "police in schools be removed",
            "removing all police from schools",
            "registered nurse",
            "Replace School Resource Officers",
        ),
        "not_adopted",
        "This directive governs how Department members selected as school resource officers "
        "are trained, assigned and evaluated, and how officers investigate in schools; whether "
        "a school has officers, and how many counselors it has, is not decided by it. CPD has "
        "shared these comments with Chicago Public Schools.",
        "",
    ),
    (
        "Protect Black students and students of color from profiling",
        ("Black students", "students of color", "disabled students", "marginalized students"),
        "future",
        "Item X already has the Department keep data on every crime, arrest and other incident "
        "at Chicago Public Schools. CPD will consider, with Chicago Public Schools, publishing "
        "it each year by school, age, race and disability at the next review of this directive.",
        "",
    ),
    (
        "Diversity, hiring and transparency in policing",
        ("Diversity in policing", "background check", "Global transparency"),
        "out_of_scope",
        "Recruitment, hiring and background checks follow the Department's hiring rules, not "
        "this directive, which sets who among sworn members may be selected as a school "
        "resource officer (III-B).",
        "",
    ),
    (
        "Give young people a say in how officers are trained and held to account",
        None,
        "adopted",
        "Item IV-B-1-b now has the training curriculum developed with input from students, "
        "parents and guardians as well as the Bureau of Patrol and current SROs.",
        "IV-B-1-b",
    ),
)

# Recommendations staff drew from the last theme, each decided on its own:
# (text, decision, reason, item of the revised draft).
RECOMMENDATIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Consider feedback from students, parents and guardians when evaluating school "
        "resource officers.",
        "adopted",
        "Item VI-B-2 lets evaluating supervisors consider feedback from students, parents and "
        "guardians, not only from school personnel.",
        "VI-B-2",
    ),
    (
        "Offer young people incentives for the time they give to the Department's engagement.",
        "future",
        "OEE will consider stipends for young participants when it plans its next engagement "
        "with young people.",
        "",
    ),
)

# The report's narrative, by section and language (Markdown).
REPORT_NARRATIVE: dict[str, dict[str, str]] = {
    "introduction": {
        "en": "The Chicago Police Department (CPD) School Resource Officer (SRO) Community "
        "Working Group (CWG) is a community-focused policy working group tasked with reviewing "
        "the current CPD SRO Policy, Special Order S04-01-02, and providing input, feedback, "
        "and recommendations to the CPD to improve this policy. Its members are volunteers "
        "from all over the City of Chicago, to ensure diverse representation.\n\n"
        "This report documents the process of community engagement from the initial "
        "solicitation of volunteers, through the public comment period on the policy, a "
        "community conversation and an anonymous survey, to the response from CPD on the "
        "group's final recommendations. It says what we heard, what CPD decided on each theme "
        "and recommendation and why, and what changed in the directive.",
        "es": "El Grupo de Trabajo Comunitario (CWG) sobre los Oficiales de Recursos Escolares "
        "(SRO) del Departamento de Policía de Chicago (CPD) es un grupo de trabajo sobre "
        "políticas centrado en la comunidad, encargado de revisar la política vigente del CPD "
        "sobre los SRO, la Orden Especial S04-01-02, y de aportar opiniones, comentarios y "
        "recomendaciones al CPD para mejorarla. Sus miembros son voluntarios de toda la ciudad "
        "de Chicago, para asegurar una representación diversa.\n\n"
        "Este informe documenta el proceso de participación comunitaria desde la convocatoria "
        "inicial de voluntarios, pasando por el período de comentarios públicos sobre la "
        "política, una conversación comunitaria y una encuesta anónima, hasta la respuesta del "
        "CPD a las recomendaciones finales del grupo. Explica lo que escuchamos, lo que el CPD "
        "decidió sobre cada tema y recomendación y por qué, y lo que cambió en la directiva.",
    },
    "activities": {
        "en": "A public call for volunteers invited students, parents and guardians, school "
        "staff and community members from all over the city to review the policy; the "
        "working group's members met twice a month for six months. While they worked, CPD "
        "posted the current policy for public review and comment for 15 days and held a "
        "community conversation on Zoom, with a call-in option and Spanish interpretation, "
        "where the group presented its draft recommendations. An anonymous survey asked "
        "students, parents, school staff and Department members what should change.",
    },
    "participation": {
        "en": "Who took part is counted from the anonymous profiles people chose to give at "
        "the community conversation and in the survey; answering was voluntary. Groups of ten "
        "people or fewer are not shown, so that no one can be recognized. Copies of one form "
        "letter are counted as a campaign, apart from the unique comments.",
    },
    "themes": {
        "en": "Most comments asked whether officers belong in schools at all, and what should "
        "take their place: counselors, mental health providers and restorative justice "
        "programs. Many asked that officers who work in schools be trained to respond to a "
        "student in crisis, and young people asked for a real say in how officers are trained "
        "and held to account. Quotes are shown as people wrote them, with personal details "
        "removed.",
    },
    "recommendations": {
        "en": "The working group voted on three recommendations; two reached the group's "
        "threshold and went to CPD. CPD adopted the first, training in trauma-informed "
        "practices, and is still considering the second, keeping officers out of school "
        "discipline, with Chicago Public Schools. The third, to remove school resource "
        "officers from elementary schools, was not forwarded: three members voted for it and "
        "three against. The members' votes and CPD's official responses are published with "
        "this report.",
    },
    "revisions": {
        "en": "The revised draft of S04-01-02 adds trauma-informed practices to the training "
        "of school resource officers (IV-A-13), asks students, parents and guardians for "
        "input when the training curriculum is developed (IV-B-1-b), and lets evaluating "
        "supervisors consider feedback from students, parents and guardians (VI-B-2). Each "
        "change links to the feedback that led to it.",
    },
    "not_adopted": {
        "en": "This directive governs how Department members selected as school resource "
        "officers are trained, assigned and evaluated, and how officers investigate in "
        "schools; it does not decide whether a school has officers. CPD has shared the "
        "comments asking to replace officers with counselors with Chicago Public Schools.",
    },
    "next_steps": {
        "en": "CPD will present these changes to the working group at a follow-up meeting "
        "before the revised directive takes effect. The response on school discipline and the "
        "ideas marked for the future come back at the next review of this directive; this "
        "report will then be published again as a new version.",
    },
}
