"""Demo outreach, through the real services: the directory, dialogue requests and input on
directives (each area's own demo), two confirmed subscribers, and announcements of the
body-worn camera posting (S03-14) scheduled at its opening, midway and near its closing
(VII-C NOTE), written in the six languages."""

from __future__ import annotations

from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.outreach import announcements, audiences, subscriptions, tokens
from townhall.outreach.demo_dialogues import load_dialogue_demo
from townhall.outreach.demo_directory import load_directory_demo
from townhall.outreach.demo_inputs import load_input_demo
from townhall.outreach.models import Announcement, Dispatch, Organization, Subscriber
from townhall.postings.models import Posting

TITLE = "Body-worn cameras: comment period"
# VII-C-3: what the audience and subscribers read, in the six languages.
EMAIL = {
    "en": (
        "Comment on the body-worn camera directive (S03-14)",
        "The Chicago Police Department has posted its body-worn camera directive for public "
        "comment. It covers when officers record, how recordings are kept, and who may view "
        "them. Read it and tell us what you think before the comment period closes.",
    ),
    "es": (
        "Comente sobre la directiva de cámaras corporales (S03-14)",
        "El Departamento de Policía de Chicago ha publicado su directiva sobre cámaras "
        "corporales para comentarios del público. Trata de cuándo graban los agentes, cómo se "
        "guardan las grabaciones y quién puede verlas. Léala y díganos qué piensa antes de que "
        "cierre el período de comentarios.",
    ),
    "zh-hans": (
        "就随身摄像机指令（S03-14）发表意见",
        "芝加哥警察局已公布其随身摄像机指令，征求公众意见。指令涉及警员何时录像、录像如何保存以及"
        "谁可以查看。请在意见征集期结束前阅读并告诉我们您的看法。",
    ),
    "pl": (
        "Skomentuj dyrektywę o kamerach nasobnych (S03-14)",
        "Departament Policji w Chicago opublikował do konsultacji społecznych dyrektywę o "
        "kamerach nasobnych. Określa ona, kiedy funkcjonariusze nagrywają, jak przechowuje się "
        "nagrania i kto może je oglądać. Przeczytaj ją i podziel się opinią przed końcem "
        "okresu konsultacji.",
    ),
    "ar": (
        "شارك برأيك في توجيه الكاميرات المحمولة على الجسم (S03-14)",
        "نشرت إدارة شرطة شيكاغو توجيهها الخاص بالكاميرات المحمولة على الجسم لتلقي تعليقات "
        "الجمهور. يتناول التوجيه متى يسجل الضباط، وكيف تُحفظ التسجيلات، ومن يحق له مشاهدتها. "
        "اقرأه وأخبرنا برأيك قبل انتهاء فترة التعليق.",
    ),
    "hi": (
        "बॉडी-वॉर्न कैमरा निर्देश (S03-14) पर अपनी राय दें",
        "शिकागो पुलिस विभाग ने बॉडी-वॉर्न कैमरों से जुड़ा अपना निर्देश जनता की टिप्पणियों के लिए "
        "प्रकाशित किया है। इसमें बताया गया है कि अधिकारी कब रिकॉर्ड करते हैं, रिकॉर्डिंग कैसे रखी "
        "जाती है और उन्हें कौन देख सकता है। टिप्पणी अवधि समाप्त होने से पहले इसे पढ़ें और हमें "
        "अपनी राय बताएं।",
    ),
}
# VII-C-2: one short post per language; the link is added and counted by social.py.
POST = {
    "en": "Body-worn cameras: when officers record, how long video is kept, who sees it. "
    "Read the draft directive S03-14 and comment.",
    "es": "Cámaras corporales: cuándo graban los agentes, cuánto se guarda el video y quién lo "
    "ve. Lea la directiva S03-14 y comente.",
    "zh-hans": "随身摄像机：警员何时录像、录像保存多久、谁能查看。请阅读S03-14指令并发表意见。",
    "pl": "Kamery nasobne: kiedy funkcjonariusze nagrywają, jak długo przechowuje się nagrania "
    "i kto je ogląda. Przeczytaj dyrektywę S03-14 i skomentuj.",
    "ar": "الكاميرات المحمولة على الجسم: متى يسجل الضباط، وكم تُحفظ التسجيلات، ومن يشاهدها. "
    "اقرأ التوجيه S03-14 وشارك برأيك.",
    "hi": "बॉडी-वॉर्न कैमरे: अधिकारी कब रिकॉर्ड करते हैं, वीडियो कितने समय रखा जाता है, कौन देखता "
    "है। निर्देश S03-14 पढ़ें और राय दें।",
}
AMC = (
    "S03-14 Body Worn Cameras posted for comment",
    "The Research and Development Division has posted the body-worn camera directive (S03-14) "
    "on The Wire and on the public website for comment. Department members are encouraged to "
    "read the directive and submit comments through The Wire before the comment period closes.",
)
SUBSCRIBERS = (
    ("lucia.fernandez@example.org", "es", ("district", 10)),
    ("tom.walsh@example.org", "en", ("all", None)),
)


def _subscribers() -> None:
    for email, language, (kind, value) in SUBSCRIBERS:
        if Subscriber.objects.filter(email=email).exists():
            continue
        selection = (
            subscriptions.Selection(kind, district=value)
            if kind == "district"
            else subscriptions.Selection(kind)
        )
        subscriptions.subscription_request(
            email=email, language=language, frequency="immediate", selections=[selection]
        )
        subscriber = Subscriber.objects.get(email=email)
        subscriptions.subscription_confirm(token=tokens.make("confirm", "s", subscriber.pk))


def _body_cameras() -> int:
    posting = Posting.objects.filter(
        version__directive__number="S03-14", status=Posting.Status.SCHEDULED
    ).first()
    if posting is None or Announcement.objects.filter(posting=posting).exists():
        return 0
    oee = ensure_persona_by_key("oee")
    kinds = [Organization.Kind.ADVOCACY, Organization.Kind.COMMUNITY_GROUP]
    audience = audiences.audience_create(
        actor=oee,
        name="Body-worn cameras: advocacy and community groups",
        criteria={"kinds": kinds, "subscribers": True},
        posting=posting,
    )
    announcement = announcements.announcement_create(
        actor=oee,
        title=TITLE,
        channels=["email", "amc", "x", "facebook"],
        posting=posting,
        audience=audience,
    )
    for language, (subject, body) in EMAIL.items():
        announcements.announcement_text_set(
            actor=oee,
            announcement=announcement,
            channel="email",
            language=language,
            subject=subject,
            body=body,
        )
        for channel in ("x", "facebook"):
            announcements.announcement_text_set(
                actor=oee,
                announcement=announcement,
                channel=channel,
                language=language,
                subject="",
                body=POST[language],
            )
    announcements.announcement_text_set(
        actor=oee,
        announcement=announcement,
        channel="amc",
        language="en",
        subject=AMC[0],
        body=AMC[1],
    )
    now = timezone.now()
    for moment in (Dispatch.Moment.OPENING, Dispatch.Moment.MIDWAY, Dispatch.Moment.CLOSING):
        when = announcements.moment_time(posting, moment)
        if when is not None and when > now:
            announcements.dispatch_add(actor=oee, announcement=announcement, moment=moment)
    announcements.announcement_schedule(actor=oee, announcement=announcement)
    return 1


def load_demo_outreach() -> int:
    """Returns how many organisations, requests, inputs and announcements it made."""
    made = int(load_directory_demo()) + int(load_dialogue_demo()) + int(load_input_demo())
    _subscribers()
    return made + _body_cameras()
