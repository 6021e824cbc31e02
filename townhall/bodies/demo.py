"""Demo bodies, from the two seeds: the School Resource Officer Community Working Group of the
City's "Get involved" page (seed 000), reviewing S04-01-02 with its recommendations, the
members' votes and CPD's official responses, one of them linked to the revised item; and the
Training Community Advisory Committee of seed 002 V-C-1, with two-year terms, two of which end
within 60 days, and an open call for volunteers. Made through the services at the moments
they happened; idempotent. Member names are invented; the texts are the seeds' and the
directive's."""

from __future__ import annotations

import datetime

from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.accounts.models import Role
from townhall.bodies import recruitment, responses, services, voting
from townhall.bodies.models import Ballot, Body, Member, Recommendation
from townhall.directives.models import Directive, DirectiveVersion
from townhall.directives.selectors import current_version
from townhall.directives.services import draft_create
from townhall.engagements.models import Engagement

SRO_PURPOSE = (
    "The Chicago Police Department (CPD) School Resource Officer (SRO) Community Working Group "
    "(CWG) is a community-focused policy working group tasked with reviewing the current CPD "
    "SRO Policy and providing input, feedback, and recommendations to the CPD to improve this "
    "policy. The CWG consists of volunteer members who are committed to providing a community "
    "perspective on the existing CPD School Resource Officer policy and are from all over the "
    "City of Chicago to ensure diverse representation."
)
TCAC_PURPOSE = (
    "The TCAC is a voluntary group of diverse stakeholders from community groups that convenes "
    "regularly to meet with Department representatives and provides expertise and lived "
    "experiences to enhance the quality and effectiveness of the Department's training, "
    "including serving in an advisory capacity for the development, review, and implementation "
    "process for select Department trainings."
)
SRO_MEMBERS = (
    ("Alicia Romero", "Parent of a Chicago Public Schools student", "community"),
    ("Terrence Hall", "Youth organizer, South Side", "community"),
    ("Mei Chen", "Chicago Public Schools teacher", "community"),
    ("Jordan Ellis", "High school student", "community"),
    ("Rosa Delgado", "Restorative justice practitioner", "community"),
    ("Sgt. Patrick Byrne", "School resource officer supervisor", "department"),
    ("Nadia Karim", "Facilitator", "facilitator"),
)
# (title, text, item of S04-01-02, rationale, votes for/against/abstain, response)
SRO_RECOMMENDATIONS: tuple[tuple[str, str, str, str, tuple[int, int, int], str], ...] = (
    (
        "Train school resource officers in trauma-informed practices",
        "Add trauma-informed practices to the specialized initial and annual refresher "
        "training that school resource officers and SRO supervisors receive.",
        "IV-A",
        "Many students have lived through violence. Officers who recognise trauma respond with "
        "de-escalation rather than arrest.",
        (5, 0, 1),
        "adopted",
    ),
    (
        "Keep officers out of school discipline",
        "School resource officers should never be asked to remove a student for a violation of "
        "the Student Code of Conduct that is not a crime; principals should be told so in "
        "writing at the start of each school year.",
        "II-C-1",
        "Students of color are referred to police for behaviour that other students are "
        "disciplined for in school.",
        (4, 1, 1),
        "considering",
    ),
    (
        "Remove school resource officers from elementary schools",
        "The Department should not assign school resource officers to elementary schools.",
        "I-A",
        "Younger children should not meet police as part of their school day.",
        (3, 3, 0),
        "",
    ),
)
TCAC_MEMBERS = (
    # name, organisation, months ago the term started (24-month terms)
    ("Denise Washington", "Crisis intervention advocate", 23),
    ("Arturo Flores", "Disability rights organization", 22),
    ("Helen Park", "Neighborhood safety council", 14),
    ("Samuel Okoye", "Faith-based violence prevention", 10),
    ("Kasia Nowicki", "Domestic violence survivors' network", 6),
    ("Lt. Maria Santos", "Education and Training Division", 3),
)


def load_demo_bodies() -> int:
    """Returns how many bodies it made."""
    return _sro_working_group() + _tcac()


def _members(body: Body, rows: list[tuple[str, str, str, datetime.date]]) -> list[Member]:
    oee = ensure_persona_by_key("oee")
    out = []
    for i, (name, organisation, role, starts) in enumerate(rows):
        out.append(
            services.member_add(
                actor=oee,
                body=body,
                name=name,
                email=f"{body.slug}.member{i + 1}@example.org",
                organisation=organisation,
                role=role,
                term_starts=starts,
                publish_name=role != "community" or i % 2 == 0,
                publish_organisation=True,
            )
        )
    return out


def _revised_sro(current: DirectiveVersion) -> DirectiveVersion | None:
    """R&D's next draft of S04-01-02, with trauma-informed practices in IV-A (IV-A-13)."""
    marker = "  12. Chicago Public Schools Student Code of Conduct Manual.\n"
    if marker not in current.body_text:
        return None
    return draft_create(
        actor=ensure_persona_by_key("rd"),
        number=current.directive.number,
        title=current.title,
        text=current.body_text.replace(marker, marker + "  13. trauma-informed practices.\n", 1),
    )


def _sro_working_group() -> int:
    import time_machine  # the demo runs the real services at the moments they happened

    directive = Directive.objects.filter(number="S04-01-02").first()
    if directive is None or Body.objects.filter(slug="sro-working-group").exists():
        return 0
    current = current_version(directive)
    if current is None:
        return 0
    engagement = Engagement.objects.filter(directive=directive).first()
    oee = ensure_persona_by_key("oee")
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=250), tick=False):
        body = services.body_create(
            actor=oee,
            details=services.BodyDetails(
                kind=Body.Kind.WORKING_GROUP,
                name="School Resource Officer Community Working Group",
                slug="sro-working-group",
                purpose=SRO_PURPOSE,
                convening_role=Role.OEE,
                seats=9,
                directive=directive,
                concludes_on=timezone.localdate() + datetime.timedelta(days=300),
                quorum_percent=50,
                votes_openly=True,
                engagements=[engagement] if engagement else [],
            ),
        )
        services.seat_add(
            actor=oee, body=body, label="Youth", reserved_for="Students aged 14 to 21", count=2
        )
        body = services.body_publish(actor=oee, body=body)
        call = recruitment.call_create(
            actor=oee,
            body=body,
            title="Volunteers wanted: School Resource Officer Community Working Group",
            text="Students, parents and guardians, school staff and community members from all "
            "over the City of Chicago are invited to review CPD's School Resource Officer "
            "policy. Members meet twice a month for six months.",
            seats_sought=7,
            closes_at=timezone.now() + datetime.timedelta(days=21),
        )
        call = recruitment.call_open(actor=oee, call=call)
        recruitment.application_submit(
            call=call,
            name="Luis Ortega",
            email="luis.ortega@example.org",
            district=10,
            why="My son was arrested at school for a fight that the dean could have handled.",
            language="es",
        )
    with time_machine.travel(now - datetime.timedelta(days=225), tick=False):
        recruitment.calls_close_due()
        start = timezone.localdate()
        members = _members(body, [(n, o, r, start) for n, o, r in SRO_MEMBERS])
    voters = [m for m in members if m.can_vote]
    for index, (title, text, item, rationale, (yes, no, abstain), answer) in enumerate(
        SRO_RECOMMENDATIONS
    ):
        when = now - datetime.timedelta(days=200 - 20 * index)
        with time_machine.travel(when, tick=False):
            recommendation = voting.recommendation_draft(
                member=voters[index], title=title, text=text, section=item, rationale=rationale
            )
        with time_machine.travel(when + datetime.timedelta(days=3), tick=False):
            voting.recommendation_amend(
                member=voters[index + 1],
                recommendation=recommendation,
                title=title,
                text=text,
                section=item,
                rationale=rationale + " (Amended after the group's discussion.)",
                note="The rationale gives the group's reasons.",
            )
        with time_machine.travel(when + datetime.timedelta(days=7), tick=False):
            ballot = voting.ballot_open(
                actor=oee,
                recommendation=recommendation,
                method=Ballot.Method.WINDOW,
                closes_at=timezone.now() + datetime.timedelta(days=7),
            )
            choices = ["for"] * yes + ["against"] * no + ["abstain"] * abstain
            for member, choice in zip(voters, choices, strict=False):
                voting.vote_cast(member=member, ballot=ballot, choice=choice)
        with time_machine.travel(when + datetime.timedelta(days=14, minutes=1), tick=False):
            voting.ballots_close_due()
        recommendation.refresh_from_db()
        if recommendation.status == Recommendation.Status.FORWARDED and answer:
            _answer(recommendation, answer, current, when + datetime.timedelta(days=40))
    return 1


def _answer(
    recommendation: Recommendation,
    disposition: str,
    current: DirectiveVersion,
    when: datetime.datetime,
) -> None:
    import time_machine

    oee, rd = ensure_persona_by_key("oee"), ensure_persona_by_key("rd")
    with time_machine.travel(when, tick=False):
        revised = _revised_sro(current) if disposition == "adopted" else None
        response = responses.response_save(
            actor=oee,
            recommendation=recommendation,
            disposition=disposition,
            reasoning=(
                "The Education and Training Division adds trauma-informed practices to the "
                "initial and annual refresher training of school resource officers; the revised "
                "directive lists it in Item IV-A."
                if disposition == "adopted"
                else "CPD agrees that officers should not take part in school discipline, as "
                "Item II-C-1 already says, and is discussing with Chicago Public Schools how "
                "principals are told so each school year."
            ),
            revised_version=revised,
            revised_section="IV-A-13" if revised else "",
        )
        responses.response_submit(actor=oee, response=response)
    with time_machine.travel(when + datetime.timedelta(days=5), tick=False):
        responses.response_approve(actor=rd, response=response)


def _tcac() -> int:
    import time_machine

    if Body.objects.filter(slug="tcac").exists():
        return 0
    training = ensure_persona_by_key("training")
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=31 * 24), tick=False):
        body = services.body_create(
            actor=training,
            details=services.BodyDetails(
                kind=Body.Kind.ADVISORY_COMMITTEE,
                name="Training Community Advisory Committee",
                slug="tcac",
                purpose=TCAC_PURPOSE,
                convening_role=Role.TRAINING,
                seats=12,
                term_months=24,
                turnover_seats=6,
                turnover_every_months=12,
            ),
        )
        body = services.body_publish(actor=training, body=body)
    today = timezone.localdate()
    rows = []
    for name, organisation, months_ago in TCAC_MEMBERS:
        role = "department" if name.startswith("Lt.") else "community"
        # Terms end 24 months on: those begun 23 and 22 months ago end within 60 days.
        starts = _months_ago(today, months_ago)
        rows.append((name, organisation, role, starts))
    _members(body, rows)
    recruitment.call_create(
        actor=training,
        body=body,
        title="Join the Training Community Advisory Committee",
        text="Six seats turn over this year. The committee looks for members with lived "
        "experience of police encounters, of mental health crises and of disability, and for "
        "youth. Members serve two-year terms and meet monthly with the Education and Training "
        "Division.",
        seats_sought=2,
        closes_at=now + datetime.timedelta(days=30),
    )
    call = body.calls.get()
    recruitment.call_open(actor=training, call=call)
    return 1


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    from townhall.bodies.rules import add_months

    return add_months(today, -months)
