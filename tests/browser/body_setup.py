"""Bodies for the browser walk-throughs (issue 7), made in the site's own database through the
real services (run with `manage.py shell -c`) and brought to the stage each walk-through
starts from: a working group on S04-01-02 convened by the Bureau of Patrol with an open call,
then an application, members, a drafted recommendation, an open vote, a forwarded
recommendation, and the Department's published response. Each function prints one line of
JSON with what the walk-through needs (the slug, ids, the members' personal tokens)."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.accounts.models import Role
from townhall.bodies import recruitment, responses, rules, services, voting
from townhall.bodies.models import Ballot, Body, Member
from townhall.bodies.tests.factories import CALL_TEXT, RECOMMENDATION, SRO_PURPOSE, revised_draft
from townhall.directives.models import Directive
from townhall.directives.selectors import current_version

#: How far each working group is taken, in order.
STAGES = ("call", "applied", "members", "drafted", "voting", "forwarded", "answered")
#: The members (A drafts, B amends, C votes too), as the personal links name them.
MEMBERS = ("Ana Morales", "Devon Price", "Grace Liu")
VOTES = ("for", "for", "abstain")
APPLICANT = ("Jasmine Carter", "jasmine.carter.{slug}@example.org")


def _out(**values: object) -> None:
    print(json.dumps(values, default=str))


def working_group(slug: str, stage: str = "call") -> None:
    """The School Resource Officer working group of seed 000, here convened by the originating
    unit (the Bureau of Patrol) so that its Department's response is written there."""
    assert stage in STAGES, stage
    reached = STAGES.index(stage)
    oee = ensure_persona_by_key("oee")
    directive = Directive.objects.get(number="S04-01-02")
    body = services.body_create(
        actor=oee,
        details=services.BodyDetails(
            kind=Body.Kind.WORKING_GROUP,
            name=f"School Resource Officer Working Group ({slug})",
            slug=slug,
            purpose=SRO_PURPOSE,
            convening_role=Role.ORIGINATING_UNIT,
            convening_unit="Bureau of Patrol",
            seats=5,
            directive=directive,
            concludes_on=timezone.localdate() + datetime.timedelta(days=180),
            votes_openly=True,
        ),
    )
    body = services.body_publish(actor=oee, body=body)
    call = recruitment.call_create(
        actor=oee,
        body=body,
        title=f"Volunteers wanted: School Resource Officer Working Group ({slug})",
        text=CALL_TEXT,
        seats_sought=5,
        closes_at=timezone.now() + datetime.timedelta(days=14),
    )
    call = recruitment.call_open(actor=oee, call=call)
    out: dict[str, object] = {"slug": body.slug, "body": body.pk, "call": call.pk}
    if reached >= STAGES.index("applied"):
        name, email = APPLICANT
        application = recruitment.application_submit(
            call=call,
            name=name,
            email=email.format(slug=slug),
            why="I am a parent of two students at a South Side high school with an SRO.",
            district=7,
            organisation="Parents for Safe Schools",
            language="en",
        ).application
        out.update(application=application.pk, receipt=application.receipt)
    if reached < STAGES.index("members"):
        _out(**out)
        return
    members = [
        services.member_add(
            actor=oee,
            body=body,
            name=name,
            email=f"member{i}.{slug}@example.org",
            role=Member.Role.COMMUNITY,
            term_starts=timezone.localdate(),
            publish_name=True,
        )
        for i, name in enumerate(MEMBERS)
    ]
    out["tokens"] = [m.token for m in members]
    if reached >= STAGES.index("drafted"):
        title, text, rationale = RECOMMENDATION
        recommendation = voting.recommendation_draft(
            member=members[0], title=title, text=text, section="IV-A", rationale=rationale
        )
        out.update(recommendation=recommendation.pk, number=recommendation.number)
    if reached >= STAGES.index("voting"):
        ballot = voting.ballot_open(
            actor=oee,
            recommendation=recommendation,
            method=Ballot.Method.WINDOW,
            closes_at=timezone.now() + datetime.timedelta(hours=1),
        )
        for member, choice in zip(members, VOTES, strict=True):
            voting.vote_cast(member=member, ballot=ballot, choice=choice)
        out.update(ballot=ballot.pk, closes_at=ballot.closes_at)
    if reached >= STAGES.index("forwarded"):
        # The worker's job, run as if a minute after the window closed.
        assert ballot.closes_at is not None
        voting.ballots_close_due(now=ballot.closes_at + datetime.timedelta(minutes=1))
        current = current_version(directive)
        assert current is not None
        revised = revised_draft(ensure_persona_by_key, current)
        out["revised_version"] = revised.pk
    if reached >= STAGES.index("answered"):
        response = responses.response_save(
            actor=ensure_persona_by_key("originating_unit"),
            recommendation=recommendation,
            disposition="adopted",
            reasoning="The Education and Training Division adds trauma-informed practices to "
            "the training of school resource officers; the revised directive lists them in "
            "Item IV-A.",
            revised_version=revised,
            revised_section="IV-A-13",
        )
        response = responses.response_submit(
            actor=ensure_persona_by_key("originating_unit"), response=response
        )
        responses.response_approve(actor=ensure_persona_by_key("rd"), response=response)
    _out(**out)


def close_due(after: str) -> None:
    """The worker's job that closes the windows that have ended, run at `after` (an ISO
    instant) rather than now: no real waiting."""
    now = datetime.datetime.fromisoformat(after)
    _out(closed=voting.ballots_close_due(now=now))


def advisory_committee(slug: str, due: str, later: str) -> None:
    """A committee like the TCAC of seed 002 V-C-1 (two-year terms): `due` began 23 months ago
    (the term ends within 60 days), `later` 6 months ago (it does not)."""
    oee = ensure_persona_by_key("oee")
    body = services.body_create(
        actor=oee,
        details=services.BodyDetails(
            kind=Body.Kind.ADVISORY_COMMITTEE,
            name=f"Training Community Advisory Committee ({slug})",
            slug=slug,
            purpose="A voluntary group of diverse stakeholders that advises on select "
            "Department trainings.",
            convening_role=Role.TRAINING,
            seats=12,
            term_months=24,
            turnover_seats=6,
            turnover_every_months=12,
        ),
    )
    body = services.body_publish(actor=oee, body=body)
    today = timezone.localdate()
    ends = {}
    for name, months_ago in ((due, 23), (later, 6)):
        member = services.member_add(
            actor=oee,
            body=body,
            name=name,
            email="",
            role=Member.Role.COMMUNITY,
            term_starts=rules.add_months(today, -months_ago),
        )
        ends[name] = member.term_ends
    _out(body=body.pk, slug=body.slug, ends=ends)
