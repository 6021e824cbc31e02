"""Public API of bodies: what the public pages show, as open data (seed 000: the working
group's members' voting results and the Department's official response). Read-only."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Router, Schema

from townhall.bodies import selectors
from townhall.bodies.models import Body, Member
from townhall.core.mail import absolute_url
from townhall.core.schemas import ErrorOut

router = Router(tags=["bodies"])


class SeatOut(Schema):
    label: str
    reserved_for: str
    count: int


class RosterMemberOut(Schema):
    """A serving member who agreed to be named."""

    name: str
    organisation: str
    role: str
    seat: str
    term_starts: datetime.date
    term_ends: datetime.date | None


class BodyOut(Schema):
    slug: str
    kind: str
    name: str
    purpose: str
    status: str
    convening_unit: str
    directive: str | None
    seats: int
    serving: int
    concludes_on: datetime.date | None
    term_months: int | None
    turnover_seats: int | None
    turnover_every_months: int | None
    quorum_percent: int
    threshold: str
    votes_openly: bool
    url: str


class BodyDetailOut(BodyOut):
    seat_groups: list[SeatOut]
    roster: list[RosterMemberOut]
    members_not_named: int
    recommendations: list[int]


class VoteOut(Schema):
    name: str  # empty for a member who asked not to be named
    choice: str


class BallotOut(Schema):
    version: int
    method: str
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    eligible: int
    quorum_needed: int
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    quorum_met: bool | None
    passed: bool | None
    votes: list[VoteOut]  # only where the body votes openly


class ResponseOut(Schema):
    disposition: str
    reasoning: str
    published_at: datetime.datetime | None
    revised_directive_version: str | None
    revised_section: str


class VersionOut(Schema):
    number: int
    title: str
    text: str
    section: str
    rationale: str
    note: str
    created_at: datetime.datetime


class RecommendationOut(Schema):
    code: str
    number: int
    status: str
    versions: list[VersionOut]
    ballots: list[BallotOut]
    response: ResponseOut | None
    earlier_responses: list[ResponseOut]
    url: str


def _body(body: Body, serving: int) -> dict[str, object]:
    return {
        "slug": body.slug,
        "kind": body.kind,
        "name": body.name,
        "purpose": body.purpose,
        "status": body.status,
        "convening_unit": body.convening_unit or body.convening_role,
        "directive": body.directive.number if body.directive else None,
        "seats": body.seats,
        "serving": serving,
        "concludes_on": body.concludes_on,
        "term_months": body.term_months,
        "turnover_seats": body.turnover_seats,
        "turnover_every_months": body.turnover_every_months,
        "quorum_percent": body.quorum_percent,
        "threshold": body.threshold,
        "votes_openly": body.votes_openly,
        "url": absolute_url("bodies:detail", slug=body.slug),
    }


@router.get("", response=list[BodyOut], summary="Advisory committees and working groups")
def body_list(request: HttpRequest) -> list[dict[str, object]]:
    # The serving count in the same query, not a roster read per body.
    bodies = (
        selectors.public_bodies()
        .select_related("directive")
        .annotate(n_serving=Count("members", filter=Q(members__status=Member.Status.ACTIVE)))
    )
    return [_body(b, b.n_serving) for b in bodies]


@router.get("/{slug}", response={200: BodyDetailOut, 404: ErrorOut}, summary="One body")
def body_detail(request: HttpRequest, slug: str) -> dict[str, object]:
    body = selectors.public_body(slug=slug)
    roster = selectors.public_roster(body)
    return {
        **_body(body, roster.serving),
        "seat_groups": [
            {"label": s.label, "reserved_for": s.reserved_for, "count": s.count}
            for s in body.seat_groups.all()
        ],
        "roster": [r.__dict__ for r in roster.rows],
        "members_not_named": roster.unnamed,
        "recommendations": [r.number for r in selectors.public_recommendations(body)],
    }


def _response(response: object) -> dict[str, object]:
    from townhall.bodies.models import Response

    assert isinstance(response, Response)
    return {
        "disposition": response.disposition,
        "reasoning": response.reasoning,
        "published_at": response.published_at,
        "revised_directive_version": str(response.revised_version)
        if response.revised_version
        else None,
        "revised_section": response.revised_section,
    }


@router.get(
    "/{slug}/recommendations/{number}",
    response={200: RecommendationOut, 404: ErrorOut},
    summary="A recommendation: its versions, votes and the Department's response",
)
def recommendation(request: HttpRequest, slug: str, number: int) -> dict[str, object]:
    body = selectors.public_body(slug=slug)
    chain = selectors.recommendation_chain(body=body, number=number)
    rec = chain.recommendation
    return {
        "code": rec.code,
        "number": rec.number,
        "status": rec.status,
        "versions": [
            {
                "number": v.number,
                "title": v.title,
                "text": v.text,
                "section": v.section,
                "rationale": v.rationale,
                "note": v.note,
                "created_at": v.created_at,
            }
            for v in chain.versions
        ],
        "ballots": [
            {
                "version": r.version_number,
                "method": r.ballot.method,
                "opened_at": r.ballot.opens_at,
                "closed_at": r.ballot.closed_at,
                "eligible": r.eligible,
                "quorum_needed": r.quorum_needed,
                "votes_for": r.ballot.votes_for,
                "votes_against": r.ballot.votes_against,
                "abstentions": r.ballot.abstentions,
                "quorum_met": r.ballot.quorum_met,
                "passed": r.ballot.passed,
                "votes": [{"name": v.name, "choice": v.choice} for v in r.named],
            }
            for r in chain.ballots
        ],
        "response": _response(chain.response) if chain.response else None,
        "earlier_responses": [_response(r) for r in chain.earlier_responses],
        "url": absolute_url("bodies:recommendation", slug=body.slug, number=rec.number),
    }
