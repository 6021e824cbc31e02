"""Bodies made through the services, for the tests, with the real texts of seed 000 (the
School Resource Officer Community Working Group) and seed 002 V-C-1 (the Training Community
Advisory Committee). Times are relative to the (possibly time-travelled) present."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from townhall.accounts.models import Role, User
from townhall.bodies import recruitment, services, voting
from townhall.bodies.models import Ballot, Body, Call, Member, Recommendation
from townhall.directives.models import Directive, DirectiveVersion
from townhall.directives.services import draft_create

Persona = Callable[[str], User]

SRO_PURPOSE = (
    "A community-focused policy working group tasked with reviewing the current CPD School "
    "Resource Officer policy and providing input, feedback, and recommendations to the CPD to "
    "improve this policy. Volunteer members from all over the City of Chicago provide a "
    "community perspective on the existing School Resource Officer policy."
)
TCAC_PURPOSE = (
    "A voluntary group of diverse stakeholders from community groups that convenes regularly "
    "to meet with Department representatives and provides expertise and lived experiences to "
    "enhance the quality and effectiveness of the Department's training, including serving in "
    "an advisory capacity for the development, review, and implementation process for select "
    "Department trainings."
)
CALL_TEXT = (
    "The working group is looking for volunteers from all over the City of Chicago, including "
    "students, parents and guardians of Chicago Public Schools students, and people with lived "
    "experience of school policing. Members meet twice a month for six months."
)
RECOMMENDATION = (
    "Add trauma-informed practices to the training of school resource officers",
    "Item IV-A should add training in trauma-informed practices to the specialized initial and "
    "annual refresher training of school resource officers and their supervisors.",
    "Many students have experienced violence; officers trained to recognise trauma respond "
    "with less force and fewer arrests.",
)


def details(**overrides: Any) -> services.BodyDetails:
    values: dict[str, Any] = {
        "kind": Body.Kind.WORKING_GROUP,
        "name": "School Resource Officer Community Working Group",
        "slug": "sro-working-group",
        "purpose": SRO_PURPOSE,
        "convening_role": Role.ORIGINATING_UNIT,
        "convening_unit": "Bureau of Patrol",
        "seats": 5,
        "concludes_on": timezone.localdate() + datetime.timedelta(days=180),
        "votes_openly": True,
    }
    values.update(overrides)
    return services.BodyDetails(**values)


def working_group(
    persona: Persona, *, directive: Directive | None = None, publish: bool = True, **overrides: Any
) -> Body:
    body = services.body_create(
        actor=persona("oee"), details=details(directive=directive, **overrides)
    )
    if publish:
        body = services.body_publish(actor=persona("oee"), body=body)
    return body


def advisory_committee(persona: Persona, **overrides: Any) -> Body:
    values: dict[str, Any] = {
        "kind": Body.Kind.ADVISORY_COMMITTEE,
        "name": "Training Community Advisory Committee",
        "slug": "tcac",
        "purpose": TCAC_PURPOSE,
        "convening_role": Role.TRAINING,
        "convening_unit": "",
        "seats": 12,
        "concludes_on": None,
        "term_months": 24,
        "turnover_seats": 6,
        "turnover_every_months": 12,
    }
    values.update(overrides)
    body = services.body_create(actor=persona("oee"), details=details(**values))
    return services.body_publish(actor=persona("oee"), body=body)


def open_call(persona: Persona, body: Body, **overrides: Any) -> Call:
    values: dict[str, Any] = {
        "title": "Volunteers wanted: School Resource Officer Community Working Group",
        "text": CALL_TEXT,
        "seats_sought": min(5, body.seats),
        "closes_at": timezone.now() + datetime.timedelta(days=14),
    }
    values.update(overrides)
    call = recruitment.call_create(actor=persona("oee"), body=body, **values)
    return recruitment.call_open(actor=persona("oee"), call=call)


def apply(call: Call, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "name": "Jasmine Carter",
        "email": "jasmine.carter@example.org",
        "why": "I am a parent of two students at a South Side high school with an SRO.",
        "district": 7,
        "language": "en",
    }
    values.update(overrides)
    return recruitment.application_submit(call=call, **values).application


NAMES = ("Ana Morales", "Devon Price", "Grace Liu", "Malik Johnson", "Zofia Kowal", "Omar Haddad")


def members(persona: Persona, body: Body, count: int = 3, **overrides: Any) -> list[Member]:
    out = []
    for i in range(count):
        values: dict[str, Any] = {
            "name": NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}"),
            "email": f"member{i}@example.org",
            "role": Member.Role.COMMUNITY,
            "term_starts": timezone.localdate(),
            "publish_name": True,
        }
        values.update(overrides)
        out.append(services.member_add(actor=persona("oee"), body=body, **values))
    return out


def drafted(member: Member, **overrides: Any) -> Recommendation:
    title, text, rationale = RECOMMENDATION
    values: dict[str, Any] = {"title": title, "text": text, "rationale": rationale}
    values.update(overrides)
    return voting.recommendation_draft(member=member, **values)


def voting_window(persona: Persona, recommendation: Recommendation, *, hours: int = 48) -> Ballot:
    return voting.ballot_open(
        actor=persona("oee"),
        recommendation=recommendation,
        method=Ballot.Method.WINDOW,
        closes_at=timezone.now() + datetime.timedelta(hours=hours),
    )


def revised_draft(persona: Persona, current: DirectiveVersion) -> DirectiveVersion:
    """R&D's next version of S04-01-02: item IV-A gains trauma-informed practices (IV-A-13)."""
    text = current.body_text.replace(
        "  12. Chicago Public Schools Student Code of Conduct Manual.\n",
        "  12. Chicago Public Schools Student Code of Conduct Manual.\n"
        "  13. trauma-informed practices.\n",
        1,
    )
    assert text != current.body_text
    return draft_create(
        actor=persona("rd"),
        number=current.directive.number,
        title=current.title,
        text=text,
    )
