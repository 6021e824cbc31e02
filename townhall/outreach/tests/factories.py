"""Outreach records for tests (and for anyone who needs a ready announcement): organisations
with consenting contacts, subscribers, an audience, and an announcement of an open posting
written in every language its channels need, through the real services.

Directory rows are written directly (they are plain data); audiences, announcements and
their texts go through audiences.py and announcements.py, so they are valid by construction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.accounts.models import User
from townhall.directives.models import Directive
from townhall.engagements.models import Engagement, Topic
from townhall.outreach import announcements, audiences
from townhall.outreach.models import (
    Announcement,
    Audience,
    Channel,
    Contact,
    Organization,
    Subscriber,
    Subscription,
)
from townhall.postings.models import Posting

# What the Department would send about the draft of D22-08 (seed 002), in the six languages
# of the posting: (subject, email body, social post, press headline, press release).
TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "en": (
        "Comment on the draft of D22-08, Community Engagement in Policy Development",
        "The Chicago Police Department has posted the draft of directive D22-08, Community "
        "Engagement in Policy Development, for public comment. Read it and tell us what you "
        "think before the comment period closes.",
        "Help shape how CPD involves the community in writing its policies: the draft of "
        "D22-08 is open for your comments.",
        "CPD posts draft directive on community engagement for public comment",
        "The Chicago Police Department invites residents, community organizations and "
        "Department members to comment on the draft of directive D22-08, Community "
        "Engagement in Policy Development.",
    ),
    "es": (
        "Comente el borrador de la directiva D22-08, Participación Comunitaria en el "
        "Desarrollo de Políticas",
        "El Departamento de Policía de Chicago ha publicado el borrador de la directiva D22-08 "
        "para comentarios del público. Léalo y díganos qué piensa antes de que cierre el "
        "período de comentarios.",
        "Ayude a decidir cómo CPD incluye a la comunidad al escribir sus políticas: el "
        "borrador de D22-08 está abierto a sus comentarios.",
        "CPD publica un borrador de directiva sobre participación comunitaria",
        "El Departamento de Policía de Chicago invita a residentes y organizaciones a comentar "
        "el borrador de la directiva D22-08.",
    ),
    "zh-hans": (
        "就D22-08号指令草案发表意见",
        "芝加哥警察局已公布D22-08号指令《政策制定中的社区参与》草案，征求公众意见。"
        "请在意见征集期结束前阅读并告诉我们您的看法。",
        "芝加哥警察局D22-08号指令草案现公开征求意见，欢迎您参与社区政策的制定。",
        "芝加哥警察局公布社区参与指令草案",
        "芝加哥警察局邀请居民、社区组织和警局成员就D22-08号指令草案发表意见。",
    ),
    "pl": (
        "Skomentuj projekt dyrektywy D22-08",
        "Departament Policji w Chicago opublikował projekt dyrektywy D22-08, Udział "
        "społeczności w tworzeniu polityki, do konsultacji publicznych. Przeczytaj go i "
        "podziel się opinią przed końcem okresu konsultacji.",
        "Pomóż zdecydować, jak CPD włącza mieszkańców w pisanie swoich zasad: projekt D22-08 "
        "czeka na Twoje uwagi.",
        "CPD publikuje projekt dyrektywy o udziale społeczności",
        "Departament Policji w Chicago zaprasza mieszkańców i organizacje do komentowania "
        "projektu dyrektywy D22-08.",
    ),
    "ar": (
        "علّق على مسودة التوجيه D22-08",
        "نشرت إدارة شرطة شيكاغو مسودة التوجيه D22-08 بشأن مشاركة المجتمع في وضع السياسات "
        "لتلقي تعليقات الجمهور. اقرأها وأخبرنا برأيك قبل انتهاء فترة التعليق.",
        "ساعد في تحديد كيف تشرك شرطة شيكاغو المجتمع في كتابة سياساتها: مسودة D22-08 مفتوحة "
        "لتعليقاتك.",
        "شرطة شيكاغو تنشر مسودة توجيه بشأن مشاركة المجتمع",
        "تدعو إدارة شرطة شيكاغو السكان والمنظمات المجتمعية إلى التعليق على مسودة التوجيه D22-08.",
    ),
    "hi": (
        "निर्देश D22-08 के मसौदे पर टिप्पणी करें",
        "शिकागो पुलिस विभाग ने निर्देश D22-08, नीति निर्माण में सामुदायिक भागीदारी, का मसौदा "
        "सार्वजनिक टिप्पणी के लिए प्रकाशित किया है। टिप्पणी अवधि समाप्त होने से पहले इसे पढ़ें "
        "और हमें अपनी राय बताएं।",
        "CPD अपनी नीतियाँ लिखने में समुदाय को कैसे शामिल करे, यह तय करने में मदद करें: D22-08 "
        "का मसौदा आपकी टिप्पणियों के लिए खुला है।",
        "CPD ने सामुदायिक भागीदारी पर निर्देश का मसौदा प्रकाशित किया",
        "शिकागो पुलिस विभाग निवासियों और सामुदायिक संगठनों को निर्देश D22-08 के मसौदे पर "
        "टिप्पणी करने के लिए आमंत्रित करता है।",
    ),
}
AMC_TEXT = (
    "AMC: Draft directive D22-08 posted for comment",
    "The draft of Department Directive D22-08, Community Engagement in Policy Development, is "
    "posted on The Wire and on www.chicagopolice.org for comment. Department members may "
    "comment through The Wire until the comment period closes.",
)
ALL_CHANNELS: tuple[str, ...] = tuple(Channel.values)


def oee() -> User:
    return ensure_persona_by_key("oee")


def persona_user(key: str) -> User:
    """A persona's account by key ("rd", "communications", ...), outside a fixture."""
    return ensure_persona_by_key(key)


def topic(slug: str) -> Topic:
    """One of the topics of III-A (created by the migrations): "use-of-force", "schools"..."""
    return Topic.objects.get(slug=slug)


def contact(
    org: Organization,
    *,
    name: str,
    email: str,
    language: str = "en",
    consent: bool = True,
    withdrawn: bool = False,
) -> Contact:
    now = timezone.now()
    return Contact.objects.create(
        organization=org,
        name=name,
        email=email,
        language=language,
        consent=consent,
        consent_note="Said yes by email" if consent else "",
        consent_at=now if consent else None,
        withdrawn_at=now if withdrawn else None,
    )


def organization(
    name: str,
    *,
    kind: str = Organization.Kind.COMMUNITY_GROUP,
    districts: Sequence[int] = (),
    topics: Iterable[Topic] = (),
    languages: Sequence[str] = ("en",),
    hard_to_reach: bool = False,
    contacts: Sequence[tuple[str, str, str]] = (),
    archived: bool = False,
) -> Organization:
    """An organisation with consenting contacts given as (name, email, language); with none
    given, one contact named after the organisation."""
    org = Organization.objects.create(
        name=name,
        kind=kind,
        districts=list(districts),
        languages=list(languages),
        reaches_hard_to_reach=hard_to_reach,
        is_archived=archived,
        description=f"{name}, a partner of the Office of Equity and Engagement.",
    )
    org.topics.set(list(topics))
    if not contacts:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:30]
        contacts = ((f"Coordinator of {name}", f"info@{slug}.example.org", languages[0]),)
    for person, email, language in contacts:
        contact(org, name=person, email=email, language=language)
    return org


def subscriber(
    email: str,
    *,
    language: str = "en",
    follows: Sequence[tuple[str, Any]] = (("all", None),),
    status: str = Subscriber.Status.ACTIVE,
    frequency: str = Subscriber.Frequency.IMMEDIATE,
) -> Subscriber:
    """A confirmed subscriber following ("all", None), ("topic", Topic), ("district", 11)
    or ("directive", Directive)."""
    person = Subscriber.objects.create(
        email=email.lower(),
        language=language,
        status=status,
        frequency=frequency,
        confirmed_at=timezone.now() if status == Subscriber.Status.ACTIVE else None,
    )
    for kind, value in follows:
        Subscription.objects.create(
            subscriber=person,
            kind=kind,
            topic=value if kind == Subscription.Kind.TOPIC else None,
            district=value if kind == Subscription.Kind.DISTRICT else None,
            directive=value if kind == Subscription.Kind.DIRECTIVE else None,
        )
    return person


def audience(
    *,
    name: str = "Partners on D22-08",
    posting: Posting | None = None,
    engagement: Engagement | None = None,
    actor: User | None = None,
    **criteria: Any,
) -> Audience:
    return audiences.audience_create(
        actor=actor or oee(),
        name=name,
        criteria=criteria,
        posting=posting,
        engagement=engagement,
    )


def write_texts(announcement: Announcement, *, actor: User | None = None) -> Announcement:
    """Every text the announcement's channels need, in every language they need."""
    actor = actor or oee()
    for channel, language in announcements.missing_texts(announcement):
        if channel == Channel.AMC:
            subject, body = AMC_TEXT
        else:
            email_subject, email_body, post, headline, release = TEXTS[language]
            subject, body = {
                Channel.EMAIL: (email_subject, email_body),
                Channel.PRESS: (headline, release),
            }.get(channel, ("", post))
        announcements.announcement_text_set(
            actor=actor,
            announcement=announcement,
            channel=channel,
            language=language,
            subject=subject,
            body=body,
        )
    return announcement


def announcement(
    posting: Posting | None,
    *,
    channels: Sequence[str] = (Channel.EMAIL,),
    audience: Audience | None = None,
    engagement: Engagement | None = None,
    actor: User | None = None,
    title: str = "Draft D22-08 open for comment",
    write: bool = True,
) -> Announcement:
    """A draft announcement of the posting, fully written unless `write` is False."""
    actor = actor or oee()
    item = announcements.announcement_create(
        actor=actor,
        title=title,
        channels=list(channels),
        posting=posting,
        engagement=engagement,
        audience=audience,
    )
    return write_texts(item, actor=actor) if write else item


def scheduled_announcement(
    posting: Posting,
    *,
    moments: Sequence[str] = ("opening",),
    send_at: datetime.datetime | None = None,
    **kwargs: Any,
) -> Announcement:
    """Written, with a dispatch at each moment (or one at `send_at`), and scheduled."""
    actor = kwargs.pop("actor", None) or oee()
    item = announcement(posting, actor=actor, **kwargs)
    if send_at is not None:
        announcements.dispatch_add(actor=actor, announcement=item, moment="custom", send_at=send_at)
    for moment in moments if send_at is None else ():
        announcements.dispatch_add(actor=actor, announcement=item, moment=moment)
    return announcements.announcement_schedule(actor=actor, announcement=item)


def d22() -> Directive:
    return Directive.objects.get(number="D22-08")
