"""Demo dialogue requests (seed 002 V-C-10-b), made through the services: a youth group in the
11th District asking about School Resource Officers (waiting for OEE), a Little Village
parents' group asking, in Spanish, about foot pursuits (scheduled into the foot pursuit
community conversation when the meetings demo made it), and a Rogers Park interfaith group
asking about First Amendment rights at protests (referred to its district council).
Idempotent: each is found again by its idempotency key."""

from __future__ import annotations

from typing import Any

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import Directive
from townhall.engagements.models import Topic
from townhall.meetings.models import Meeting
from townhall.outreach import dialogues
from townhall.outreach.models import DialogueRequest

YOUTH = {
    "key": "demo:dialogue:sro-youth-011",
    "group_name": "Garfield Park Youth Leadership Circle",
    "contact_name": "Jalen Brooks",
    "email": "jalen.brooks@example.org",
    "phone": "773-555-0142",
    "subject": "School Resource Officers in our high schools",
    "directive_number": "S04-01-02",
    "topic": "schools",
    "group_size": 18,
    "district": 11,
    "preferred_dates": "A weekday after school, 4 to 6 p.m., in the next two months; the "
    "Garfield Park branch library has a meeting room.",
    "dialogue_language": "en",
    "language": "en",
    "details": "We are high school students from the West Side. Some of our schools voted to "
    "keep School Resource Officers and some did not. We want to understand what the "
    "directive says officers may and may not do inside a school, when they question a "
    "student, and how a student or parent can raise a concern. We would like to hear from "
    "the officers who work in our schools and tell them what it feels like for us.",
}
PARENTS = {
    "key": "demo:dialogue:foot-pursuits-010",
    "group_name": "Padres Unidos de La Villita",
    "contact_name": "María Guadalupe Torres",
    "email": "mg.torres@example.org",
    "phone": "",
    "subject": "Persecuciones a pie en nuestro barrio",
    "directive_number": "G03-07",
    "topic": "use-of-force",
    "group_size": 30,
    "district": 10,
    "preferred_dates": "Sábados por la mañana, o entre semana después de las 6 de la tarde.",
    "dialogue_language": "es",
    "language": "es",
    "details": "Somos madres y padres de familia de La Villita. Queremos hablar sobre cuándo "
    "un policía puede perseguir a alguien a pie cerca de escuelas y parques, y cómo se "
    "protege a los niños y a los vecinos durante una persecución. Necesitamos la reunión "
    "en español.",
}
INTERFAITH = {
    "key": "demo:dialogue:first-amendment-024",
    "group_name": "Rogers Park Interfaith Neighbors",
    "contact_name": "Rev. Anne Lindqvist",
    "email": "anne.lindqvist@example.org",
    "phone": "773-555-0187",
    "subject": "First Amendment rights at protests and vigils",
    "directive_number": "G02-02",
    "topic": "",
    "group_size": 25,
    "district": 24,
    "preferred_dates": "Any Tuesday or Thursday evening.",
    "dialogue_language": "en",
    "language": "en",
    "details": "Our congregations hold vigils and marches along Sheridan Road and at Loyola "
    "Park. We would like to discuss how officers facilitate peaceful assemblies, when a "
    "crowd is ordered to disperse, and how the Department records people taking part.",
}
REFERRAL = (
    "The 24th District Council (Community Commission for Public Safety and Accountability)",
    "The District Council is holding public meetings on policing of protests this season and "
    "invites your congregations to its next meeting, where the 24th District's commander "
    "takes questions. The Office of Equity and Engagement will attend and bring your "
    "questions on the First Amendment Rights directive (G02-02).",
)
SCHEDULE_NOTE = (
    "La conversación comunitaria sobre la política de persecuciones a pie ofrece "
    "interpretación al español; su grupo tendrá una mesa con facilitador en español."
)


def load_dialogue_demo() -> int:
    """Returns how many requests it made (0 when they are all there already)."""
    oee = ensure_persona_by_key("oee")
    made = 0
    _youth, created = _submit(YOUTH)
    made += int(created)
    parents, created = _submit(PARENTS)
    made += int(created)
    if parents.status == DialogueRequest.Status.RECEIVED:
        meeting = _foot_pursuit_meeting()
        if meeting is not None:
            dialogues.dialogue_request_schedule(
                actor=oee, dialogue_request=parents, meeting=meeting, note=SCHEDULE_NOTE
            )
    interfaith, created = _submit(INTERFAITH)
    made += int(created)
    if interfaith.status == DialogueRequest.Status.RECEIVED:
        dialogues.dialogue_request_refer(
            actor=oee, dialogue_request=interfaith, referred_to=REFERRAL[0], note=REFERRAL[1]
        )
    return made


def _submit(values: dict[str, Any]) -> tuple[DialogueRequest, bool]:
    existing = DialogueRequest.objects.filter(idempotency_key=values["key"]).first()
    if existing is not None:
        return existing, False
    number = str(values["directive_number"])
    result = dialogues.dialogue_request_submit(
        group_name=values["group_name"],
        contact_name=values["contact_name"],
        email=values["email"],
        phone=values["phone"],
        subject=values["subject"],
        directive_number=number if Directive.objects.filter(number=number).exists() else "",
        topic=Topic.objects.filter(slug=values["topic"]).first() if values["topic"] else None,
        group_size=values["group_size"],
        district=values["district"],
        preferred_dates=values["preferred_dates"],
        dialogue_language=values["dialogue_language"],
        details=values["details"],
        language=values["language"],
        idempotency_key=values["key"],
    )
    return result.request, result.created


def _foot_pursuit_meeting() -> Meeting | None:
    """The demo's community conversation on foot pursuits (G03-07), or another upcoming
    meeting on that directive."""
    offered = dialogues.meetings_to_offer()
    return (
        offered.filter(activity__engagement__directive__number="G03-07")
        .order_by("starts_at", "id")
        .first()
    )
