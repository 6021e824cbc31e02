"""Demo input on directives in the demo registry (III-B-3, VII-A-1, V-C-10-c), made through the
services; idempotent (each has a fixed idempotency key, so loading twice finds the first).

- A proposed revision of G03-02 III-C-1-a (de-escalation: the individualized factors), adding
  limited English proficiency and Deaf people who sign, with the proposed wording.
- Feedback on S04-01-02 II-C-1-d (school officials do not call CPD to remove a disruptive
  student), asking that such calls be counted and published; taken in review by R&D.
- Feedback on S03-14 III-A-4 (announcing that the body worn camera records); considered by
  R&D with a note.
- Feedback on the whole of G02-02 (First Amendment Rights), sent in Spanish, anonymously.

Load after the demo directives (townhall.directives.demo.load_demo_directives).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import Directive
from townhall.outreach import inputs
from townhall.outreach.models import DirectiveInput


@dataclass(frozen=True)
class _Demo:
    key: str
    number: str
    anchor: str
    kind: str
    body: str
    proposed_text: str = ""
    name: str = ""
    email: str = ""
    organization: str = ""
    language: str = "en"
    review: str = ""  # "", "in_review" or "considered"
    note: str = ""


DEMO_INPUTS: tuple[_Demo, ...] = (
    _Demo(
        key="g03-02-iii-c-1-a",
        number="G03-02",
        anchor="III-C-1-a",
        kind=DirectiveInput.Kind.REVISION,
        body=(
            "Officers are told to weigh disability and hearing impairment when they de-escalate, "
            "but not whether the person can understand English. In our neighborhood many older "
            "residents speak only Spanish, Polish or Arabic, and Deaf neighbors sign. A person "
            "who does not answer a command they cannot understand is too often taken to be "
            "refusing it. Please name language and sign language in the factors members weigh, "
            "so that calling for an interpreter or a bilingual member is part of de-escalating."
        ),
        proposed_text=(
            "the subject's age, disability, physical condition, or ability to understand the "
            "member (e.g., known, suspected, or perceived behavioral or mental health "
            "conditions; intellectual, developmental, psychiatric, or physical disability; "
            "vision, hearing, or neurological impairment; limited English proficiency; a person "
            "who is Deaf or hard of hearing and communicates in American Sign Language)."
        ),
        name="Marisol Vega",
        email="m.vega@example.org",
        organization="Albany Park Neighbors",
    ),
    _Demo(
        key="s04-01-02-ii-c-1-d",
        number="S04-01-02",
        anchor="II-C-1-d",
        kind=DirectiveInput.Kind.FEEDBACK,
        body=(
            "We support the rule that schools will not call CPD merely to remove a disruptive "
            "student. Parents on our local school council have no way to know whether it is "
            "followed. Please count the calls from schools that end with a student removed "
            "without an arrest or an emergency, and publish the numbers by school each "
            "semester, so that councils can raise it with principals."
        ),
        organization="Local School Council parent members, Far South Side",
        review="in_review",
    ),
    _Demo(
        key="s03-14-iii-a-4",
        number="S03-14",
        anchor="III-A-4",
        kind=DirectiveInput.Kind.FEEDBACK,
        body=(
            "When I was stopped last spring the officer's camera was on, but nobody told me it "
            "was recording until I asked. The directive says members announce it as soon as "
            "practicable. People would trust the recording more if the announcement were made "
            "at the start of every contact, in plain words, and repeated when someone new joins."
        ),
        email="resident.k@example.com",
        review="considered",
        note=(
            "Shared with the Bureau of Patrol and the Training Division. To be raised in the "
            "next review of S03-14 together with the audit findings on late announcements."
        ),
    ),
    _Demo(
        key="g02-02-whole",
        number="G02-02",
        anchor="",
        kind=DirectiveInput.Kind.FEEDBACK,
        body=(
            "Vivo en Pilsen y he participado en varias marchas pacíficas. La directiva explica "
            "bien los derechos, pero no dice cómo se informa a la gente cuando se da una orden "
            "de dispersión. Pido que la orden se dé también en español y en otros idiomas de la "
            "comunidad, con tiempo suficiente y una salida clara, y que se graben las órdenes."
        ),
        language="es",
    ),
)


def _key(demo: _Demo) -> str:
    return hashlib.sha256(f"demo:outreach.input:{demo.key}".encode()).hexdigest()


def load_input_demo() -> int:
    """Send the demo input (skipping a directive the registry lacks or has no version in
    effect of) and take two through R&D's review. Returns how many inputs were created."""
    rd = ensure_persona_by_key("rd")
    created = 0
    for demo in DEMO_INPUTS:
        directive = Directive.objects.filter(number=demo.number).first()
        if directive is None or inputs.current_version_of(directive) is None:
            continue
        result = inputs.directive_input_submit(
            directive=directive,
            section_anchor=demo.anchor,
            kind=demo.kind,
            body=demo.body,
            proposed_text=demo.proposed_text,
            name=demo.name,
            email=demo.email,
            organization=demo.organization,
            language=demo.language,
            idempotency_key=_key(demo),
        )
        created += int(result.created)
        item = result.item
        if demo.review and item.status == DirectiveInput.Status.RECEIVED:
            item = inputs.directive_input_review_start(actor=rd, directive_input=item)
        if demo.review == "considered" and item.status == DirectiveInput.Status.IN_REVIEW:
            inputs.directive_input_consider(actor=rd, directive_input=item, note=demo.note)
    return created
